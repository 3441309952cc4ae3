package io.connectplatform.mongodb.autoconfigure.template;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.client.model.Filters;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.embedded.ConnectMongoEmbeddedAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.metrics.ConnectMongoMetricsAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.template.entities.Note;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.core.validation.MongoValidator;
import io.connectplatform.mongodb.core.validation.ValidationRejectionListener;
import io.connectplatform.mongodb.core.validation.ValidationRule;
import io.connectplatform.mongodb.core.validation.ValidationSettings;
import io.connectplatform.mongodb.metrics.ValidationRejectionMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.InvalidDataAccessApiUsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests that the {@code connect.mongodb.validation.*} properties and the rejection listener
 * reach the {@link MongoValidator} of the templates, through the validator's behaviour.
 * <p>
 * The settings ({@code MongoValidator.getSettings()}), the rules and the rejection's
 * {@code MongoValidationException.getRule()} are read by name, so that this class compiles
 * against any build of the validation package.
 *
 * @author Connect MongoDB team
 */
class ConnectMongoTemplatesValidationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConnectMongoEmbeddedAutoConfiguration.class,
				ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class,
				ConnectMongoTemplatesAutoConfiguration.class, ConnectMongoMetricsAutoConfiguration.class))
		.withPropertyValues("connect.mongodb.embedded.enabled=true", "connect.mongodb.embedded.port=0");

	@Test
	void givesTheValidatorTheDefaultSettings() {
		this.contextRunner.run((context) -> assertThat(context.getBean(MongoValidator.class)).extracting("settings")
			.isEqualTo(new ValidationSettings(true, 100, false, null)));
	}

	@Test
	void givesTheValidatorTheSettingsOfTheProperties() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.validation.enabled=false",
					"connect.mongodb.validation.max-nesting-depth=7",
					"connect.mongodb.validation.allow-server-side-javascript=true",
					"connect.mongodb.validation.max-document-size=2KB")
			.run((context) -> assertThat(context.getBean(MongoValidator.class)).extracting("settings")
				.isEqualTo(new ValidationSettings(false, 7, true, 2048)));
	}

	@Test
	void countsRejectionsUnderTheKebabCaseNameOfEachRule() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class).run((context) -> {
			assertThat(ValidationRule.values()).extracting(ValidationRule::tagValue)
				.containsExactlyInAnyOrder("document-size", "nesting-depth", "field-name", "collection-name",
						"pipeline-stage", "server-side-javascript");
			assertThat(context.getBean(MeterRegistry.class).find(ValidationRejectionMetrics.METER_NAME).counters())
				.extracting((counter) -> counter.getId().getTag("rule"))
				.containsExactlyInAnyOrder("document-size", "nesting-depth", "field-name", "collection-name",
						"pipeline-stage", "server-side-javascript");
		});
	}

	@Test
	void countsARejectedCollectionName() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class).run((context) -> {
			MongoTemplates templates = context.getBean(MongoTemplates.class);
			assertRejected(() -> templates.of("bad$name", Note.class), "COLLECTION_NAME");
			assertThat(rejections(context, "collection-name")).isOne();
		});
	}

	@Test
	void rejectsAndCountsDocumentsNestedDeeperThanTheMaxNestingDepth() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class)
			.withPropertyValues("connect.mongodb.validation.max-nesting-depth=2")
			.run((context) -> {
				CollectionTemplate<Document> deep = context.getBean(MongoTemplates.class).of("deep", Document.class);
				deep.insert(new Document("a", new Document("b", 1)));
				assertRejected(() -> deep.insert(new Document("a", new Document("b", new Document("c", 1)))),
						"NESTING_DEPTH");
				assertThat(rejections(context, "nesting-depth")).isOne();
				assertThat(deep.count()).isOne();
			});
	}

	@Test
	void rejectsDocumentsLargerThanTheMaxDocumentSize() {
		this.contextRunner.withPropertyValues("connect.mongodb.validation.max-document-size=1KB").run((context) -> {
			CollectionTemplate<Note> notes = context.getBean(MongoTemplates.class).of(Note.class);
			notes.insert(new Note(null, "short"));
			assertRejected(() -> notes.insert(new Note(null, "x".repeat(2000))), "DOCUMENT_SIZE");
			assertThat(notes.count()).isOne();
		});
	}

	@Test
	void acceptsAnyDocumentWhenValidationIsDisabled() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.validation.enabled=false",
					"connect.mongodb.validation.max-nesting-depth=2")
			.run((context) -> {
				CollectionTemplate<Document> deep = context.getBean(MongoTemplates.class).of("deep", Document.class);
				deep.insert(new Document("a", new Document("b", new Document("c", 1))));
				assertThat(deep.count()).isOne();
			});
	}

	@Test
	void rejectsServerSideJavascriptByDefault() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class).run((context) -> {
			CollectionTemplate<Note> notes = context.getBean(MongoTemplates.class).of(Note.class);
			assertRejected(() -> notes.find(Filters.where("this.text == 'x'")), "SERVER_SIDE_JAVASCRIPT");
			assertThat(rejections(context, "server-side-javascript")).isOne();
		});
	}

	@Test
	void letsServerSideJavascriptThroughWhenAllowed() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class)
			.withPropertyValues("connect.mongodb.validation.allow-server-side-javascript=true")
			.run((context) -> {
				CollectionTemplate<Note> notes = context.getBean(MongoTemplates.class).of(Note.class);
				// The embedded server may not run $where itself: only the validator's verdict matters.
				catchThrowable(() -> notes.find(Filters.where("this.text == 'x'")));
				assertThat(rejections(context, "server-side-javascript")).isZero();
			});
	}

	@Test
	void tellsTheListenerBeanOfEachRejection() {
		this.contextRunner.withUserConfiguration(RecordingListenerConfiguration.class)
			.withPropertyValues("connect.mongodb.validation.max-nesting-depth=2")
			.run((context) -> {
				CollectionTemplate<Document> deep = context.getBean(MongoTemplates.class).of("deep", Document.class);
				assertRejected(() -> deep.insert(new Document("a", new Document("b", new Document("c", 1)))),
						"NESTING_DEPTH");
				assertThat(context.getBean(RecordingListener.class).rejections)
					.containsExactly(ValidationRule.valueOf("NESTING_DEPTH") + " in deep");
			});
	}

	@Test
	void theTemplatesUseTheValidatorOfTheUser() {
		this.contextRunner.withUserConfiguration(UserValidatorConfiguration.class).run((context) -> {
			CollectionTemplate<Document> flat = context.getBean(MongoTemplates.class).of("flat", Document.class);
			flat.insert(new Document("a", 1));
			assertRejected(() -> flat.insert(new Document("a", new Document("b", 1))), "NESTING_DEPTH");
		});
	}

	private static void assertRejected(Runnable call, String rule) {
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class).isThrownBy(call::run)
			.satisfies((ex) -> assertThat(ex.getClass().getSimpleName()).isEqualTo("MongoValidationException"))
			.satisfies((ex) -> assertThat(ex).hasFieldOrPropertyWithValue("rule", ValidationRule.valueOf(rule)));
	}

	private static double rejections(AssertableApplicationContext context, String rule) {
		return context.getBean(MeterRegistry.class)
			.get(ValidationRejectionMetrics.METER_NAME)
			.tag("rule", rule)
			.counter()
			.count();
	}

	static class RecordingListener implements ValidationRejectionListener {

		final List<String> rejections = new CopyOnWriteArrayList<>();

		@Override
		public void rejected(ValidationRule rule, @Nullable String collection) {
			this.rejections.add(rule + " in " + collection);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserValidatorConfiguration {

		@Bean
		MongoValidator userValidator() {
			return new MongoValidator(new ValidationSettings(true, 1, false, null), ValidationRejectionListener.NONE);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingListenerConfiguration {

		@Bean
		RecordingListener recordingListener() {
			return new RecordingListener();
		}

	}

}
