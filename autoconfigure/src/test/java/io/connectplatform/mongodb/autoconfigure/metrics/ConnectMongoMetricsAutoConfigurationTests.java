package io.connectplatform.mongodb.autoconfigure.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.embedded.ConnectMongoEmbeddedAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.gridfs.ConnectMongoGridFsAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.template.ConnectMongoTemplatesAutoConfiguration;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.core.validation.MongoValidator;
import io.connectplatform.mongodb.core.validation.ValidationRejectionListener;
import io.connectplatform.mongodb.core.validation.ValidationRule;
import io.connectplatform.mongodb.gridfs.GridFsObserver;
import io.connectplatform.mongodb.gridfs.GridFsBucketTemplate;
import io.connectplatform.mongodb.gridfs.UploadedFile;
import io.connectplatform.mongodb.metrics.GridFsMetrics;
import io.connectplatform.mongodb.metrics.ValidationRejectionMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.InvalidDataAccessApiUsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ConnectMongoMetricsAutoConfiguration}: the validation and GridFS meters.
 * The rules are read from
 * {@link ValidationRule#values()}, so these tests hold whatever rules there are; the
 * validation tests check the rules themselves and that a real rejection is counted.
 *
 * @author Connect MongoDB team
 */
class ConnectMongoMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConnectMongoEmbeddedAutoConfiguration.class,
				ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class,
				ConnectMongoTemplatesAutoConfiguration.class, ConnectMongoGridFsAutoConfiguration.class,
				ConnectMongoMetricsAutoConfiguration.class))
		.withPropertyValues("connect.mongodb.embedded.enabled=true", "connect.mongodb.embedded.port=0");

	@Test
	void isListedAsAnAutoConfiguration() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
			.contains(ConnectMongoMetricsAutoConfiguration.class.getName());
	}

	@Test
	void registersARejectionCounterForEachRule() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ValidationRejectionMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find(ValidationRejectionMetrics.METER_NAME).counters())
				.hasSize(ValidationRule.values().length);
			for (ValidationRule rule : ValidationRule.values()) {
				assertThat(counter(registry, rule).count()).as("rejections of %s", rule).isZero();
			}
			assertThat(tags(registry)).containsExactlyInAnyOrderElementsOf(
					Arrays.stream(ValidationRule.values()).map(ValidationRule::tagValue).toList());
		});
	}

	@Test
	void theListenerBeanCountsEachRejectionUnderItsRule() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class).run((context) -> {
			ValidationRejectionListener listener = context.getBean(ValidationRejectionListener.class);
			assertThat(listener).isInstanceOf(ValidationRejectionMetrics.class);
			ValidationRule first = ValidationRule.values()[0];
			listener.rejected(first, "orders");
			listener.rejected(first, null);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(counter(registry, first).count()).isEqualTo(2);
			for (ValidationRule other : ValidationRule.values()) {
				if (other != first) {
					assertThat(counter(registry, other).count()).as("rejections of %s", other).isZero();
				}
			}
		});
	}

	@Test
	void countsWithTheRegistryOfBootsMetricsAutoConfiguration() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(ValidationRejectionMetrics.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				ValidationRule rule = ValidationRule.values()[0];
				context.getBean(ValidationRejectionListener.class).rejected(rule, "orders");
				assertThat(counter(registry, rule).count()).isOne();
			});
	}

	@Test
	void registersNoListenerWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(ValidationRejectionListener.class);
			assertThat(context).hasSingleBean(MongoValidator.class);
		});
	}

	@Test
	void registersNoListenerWithoutMicrometerOnTheClassPath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ValidationRejectionListener.class);
			assertThat(context).hasSingleBean(MongoTemplates.class);
		});
	}

	@Test
	void keepsCountingBesideAUserListenerAndTellsBothOfARejection() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class, UserListenerConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ValidationRejectionMetrics.class);
				assertThat(context.getBeansOfType(ValidationRejectionListener.class)).hasSize(2);
				CollectionTemplate<Document> templates = context.getBean(MongoTemplates.class).of("js", Document.class);
				assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
					.isThrownBy(() -> templates.find(new Document("$where", "true")));
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(counter(registry, ValidationRule.SERVER_SIDE_JAVASCRIPT).count()).isOne();
				assertThat(context.getBean(UserListenerConfiguration.class).rejections).hasValue(1);
			});
	}

	@Test
	void backsOffWhenTheUserDefinesTheMetricsListener() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class, UserMetricsConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ValidationRejectionMetrics.class)
				.getBean(ValidationRejectionMetrics.class)
				.isSameAs(context.getBean("userMetrics")));
	}

	@Test
	void theGridFsTemplateReportsToTheGridFsMeters() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(GridFsMetrics.class);
			GridFsBucketTemplate gridFs = context.getBean(GridFsBucketTemplate.class);
			UploadedFile uploaded = gridFs.upload("a.bin", new byte[1234]);
			gridFs.downloadBytes(uploaded.id(), 0, 34);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(GridFsMetrics.BYTES_METER_NAME).tag("direction", "upload").counter().count())
				.isEqualTo(1234);
			assertThat(registry.get(GridFsMetrics.BYTES_METER_NAME).tag("direction", "download").counter().count())
				.isEqualTo(34);
			assertThat(registry.get(GridFsMetrics.OPERATIONS_METER_NAME)
				.tags("bucket", "fs", "operation", "upload", "outcome", "success")
				.timer()
				.count()).isOne();
		});
	}

	@Test
	void registersNoGridFsMetersWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(GridFsObserver.class);
			assertThat(context).hasSingleBean(GridFsBucketTemplate.class);
		});
	}

	@Test
	void backsOffWhenTheUserDefinesTheGridFsMeters() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class, UserGridFsMetricsConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(GridFsMetrics.class)
				.getBean(GridFsMetrics.class)
				.isSameAs(context.getBean("userGridFsMetrics")));
	}

	private static Counter counter(MeterRegistry registry, ValidationRule rule) {
		return registry.get(ValidationRejectionMetrics.METER_NAME).tag("rule", rule.tagValue()).counter();
	}

	private static List<String> tags(MeterRegistry registry) {
		List<String> tags = new ArrayList<>();
		for (Counter counter : registry.find(ValidationRejectionMetrics.METER_NAME).counters()) {
			tags.add(counter.getId().getTag("rule"));
		}
		return tags;
	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserListenerConfiguration {

		final AtomicInteger rejections = new AtomicInteger();

		@Bean
		ValidationRejectionListener userListener() {
			return (rule, collection) -> this.rejections.incrementAndGet();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserGridFsMetricsConfiguration {

		@Bean
		GridFsMetrics userGridFsMetrics(MeterRegistry registry) {
			return new GridFsMetrics(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMetricsConfiguration {

		@Bean
		ValidationRejectionMetrics userMetrics(MeterRegistry registry) {
			return new ValidationRejectionMetrics(registry);
		}

	}

}
