package io.connectplatform.mongodb.changestream;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.context.support.PropertySourcesPlaceholderConfigurer;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for which beans {@link MongoChangeListenerAnnotationBeanPostProcessor} looks at: at
 * startup it sees every bean of the context, most of them Spring's own. Finding listeners
 * is tested over the wire in {@code ConnectMongoChangeStreamsAutoConfigurationTests}.
 *
 * @author Connect MongoDB team
 */
class MongoChangeListenerAnnotationBeanPostProcessorTests {

	private final MongoChangeListenerAnnotationBeanPostProcessor processor = new MongoChangeListenerAnnotationBeanPostProcessor();

	@Test
	void doesNotIntrospectSpringsInfrastructureBeans() {
		assertThat(this.processor.isCandidate(PropertySourcesPlaceholderConfigurer.class)).isFalse();
		assertThat(this.processor.isCandidate(StandardEnvironment.class)).isFalse();
	}

	@Test
	void introspectsSpringClassesThatAreComponents() {
		assertThat(this.processor.isCandidate(MongoAutoConfiguration.class)).isTrue();
	}

	@Test
	void introspectsTheApplicationsBeans() {
		assertThat(this.processor.isCandidate(WithListener.class)).isTrue();
		assertThat(this.processor.isCandidate(WithoutListener.class)).isTrue();
	}

	@Test
	void doesNotIntrospectAClassAgainOnceFoundWithoutListeners() {
		this.processor.postProcessAfterInitialization(new WithoutListener(), "first");
		assertThat(this.processor.isCandidate(WithoutListener.class)).isFalse();
		assertThat(this.processor.isCandidate(WithListener.class)).isTrue();
	}

	static class WithListener {

		@MongoChangeListener(id = "items", collection = "items")
		void on(ChangeEvent<Document> event) {
		}

	}

	static class WithoutListener {

		void on(ChangeEvent<Document> event) {
		}

	}

}
