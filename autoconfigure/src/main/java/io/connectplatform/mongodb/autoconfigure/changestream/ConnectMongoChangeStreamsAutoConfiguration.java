package io.connectplatform.mongodb.autoconfigure.changestream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.template.ConnectMongoTemplatesAutoConfiguration;
import io.connectplatform.mongodb.changestream.ChangeStreamListenerContainer;
import io.connectplatform.mongodb.changestream.ChangeStreamObserver;
import io.connectplatform.mongodb.changestream.InMemoryResumeTokenStore;
import io.connectplatform.mongodb.changestream.MongoChangeListener;
import io.connectplatform.mongodb.changestream.MongoChangeListenerAnnotationBeanPostProcessor;
import io.connectplatform.mongodb.changestream.MongoResumeTokenStore;
import io.connectplatform.mongodb.changestream.ResumeTokenStore;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.internal.PlainDatabase;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of change-stream listeners: the
 * {@link ChangeStreamListenerContainer}, the {@link ResumeTokenStore} chosen by
 * {@code connect.mongodb.change-streams.token-store}, and the post-processor that registers
 * {@link MongoChangeListener} methods. Full documents are decoded with the codec registry
 * of {@link MongoTemplates} when there is one; every {@link ChangeStreamObserver} bean (the
 * Micrometer meters among them) hears what listeners do. Switched off with
 * {@code connect.mongodb.change-streams.enabled=false}.
 *
 * @author Connect MongoDB team
 */
@AutoConfiguration(after = { ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class,
		ConnectMongoTemplatesAutoConfiguration.class })
@ConditionalOnClass(MongoClient.class)
@ConditionalOnBean({ MongoClient.class, MongoDatabase.class })
@ConditionalOnBooleanProperty(name = ConnectMongoChangeStreamsProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(ConnectMongoChangeStreamsProperties.class)
public final class ConnectMongoChangeStreamsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static MongoChangeListenerAnnotationBeanPostProcessor mongoChangeListenerAnnotationBeanPostProcessor() {
		return new MongoChangeListenerAnnotationBeanPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	ResumeTokenStore mongoResumeTokenStore(MongoClient client, MongoDatabase database,
			ConnectMongoChangeStreamsProperties properties) {
		String collection = ChangeStreamPropertiesMapper.checkCollection("token-collection",
				properties.getTokenCollection());
		return switch (properties.getTokenStore()) {
			case MONGO -> new MongoResumeTokenStore(PlainDatabase.of(client, database), collection);
			case MEMORY -> new InMemoryResumeTokenStore();
		};
	}

	@Bean
	@ConditionalOnMissingBean
	ChangeStreamListenerContainer changeStreamListenerContainer(MongoClient client, MongoDatabase database,
			ResumeTokenStore tokenStore, ConnectMongoChangeStreamsProperties properties,
			ObjectProvider<ChangeStreamObserver> observers, ObjectProvider<MongoTemplates> templates) {
		ChangeStreamListenerContainer.Builder builder = ChangeStreamListenerContainer.builder(client, database)
			.tokenStore(tokenStore)
			.settings(ChangeStreamPropertiesMapper.settings(properties))
			.observer(ChangeStreamObserver.of(observers.orderedStream().toList()));
		MongoTemplates mongoTemplates = templates.getIfAvailable();
		if (mongoTemplates != null) {
			builder.codecRegistry(mongoTemplates.getCodecRegistry());
		}
		return builder.build();
	}

}
