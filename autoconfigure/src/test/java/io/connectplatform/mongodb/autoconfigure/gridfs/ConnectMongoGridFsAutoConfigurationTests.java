package io.connectplatform.mongodb.autoconfigure.gridfs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;
import io.connectplatform.mongodb.autoconfigure.embedded.ConnectMongoEmbeddedAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.template.ConnectMongoTemplatesAutoConfiguration;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import io.connectplatform.mongodb.gridfs.GridFsChecksum;
import io.connectplatform.mongodb.gridfs.GridFsFileTooLargeException;
import io.connectplatform.mongodb.gridfs.GridFsObserver;
import io.connectplatform.mongodb.gridfs.GridFsBucketOperations;
import io.connectplatform.mongodb.gridfs.GridFsBucketTemplate;
import io.connectplatform.mongodb.gridfs.UploadOptions;
import io.connectplatform.mongodb.gridfs.UploadedFile;
import org.bson.BsonReader;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ConnectMongoGridFsAutoConfiguration}, over TCP against the embedded server
 * (one per context).
 *
 * @author Connect MongoDB team
 */
class ConnectMongoGridFsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConnectMongoEmbeddedAutoConfiguration.class,
				ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class,
				ConnectMongoTemplatesAutoConfiguration.class, ConnectMongoGridFsAutoConfiguration.class))
		.withPropertyValues("connect.mongodb.embedded.enabled=true", "connect.mongodb.embedded.port=0");

	@Test
	void isListedAsAnAutoConfiguration() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
			.contains(ConnectMongoGridFsAutoConfiguration.class.getName());
	}

	@Test
	void createsTheTemplateOfTheDefaultBucketInTheDatabaseOfTheMongoDatabaseBean() {
		this.contextRunner.withPropertyValues("spring.mongodb.database=shop").run((context) -> {
			assertThat(context).hasSingleBean(GridFsBucketTemplate.class);
			GridFsBucketTemplate gridFs = context.getBean(GridFsBucketTemplate.class);
			assertThat(gridFs.getBucketName()).isEqualTo("fs");
			UploadedFile uploaded = gridFs.upload("hello.txt", "hello".getBytes());
			assertThat(uploaded.chunkSize()).isEqualTo(255 * 1024);
			assertThat(uploaded.checksum()).hasSize(64);
			assertThat(gridFs.downloadBytes(uploaded.id())).isEqualTo("hello".getBytes());
			MongoDatabase shop = context.getBean(MongoClient.class).getDatabase("shop");
			assertThat(shop.getCollection("fs.files").countDocuments()).isOne();
		});
	}

	@Test
	void bindsTheProperties() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.gridfs.bucket=attachments", "connect.mongodb.gridfs.chunk-size=1KB",
					"connect.mongodb.gridfs.database=files", "connect.mongodb.gridfs.checksum=none",
					"connect.mongodb.gridfs.max-file-size=2KB")
			.run((context) -> {
				ConnectMongoGridFsProperties properties = context.getBean(ConnectMongoGridFsProperties.class);
				assertThat(properties.getChecksum()).isEqualTo(GridFsChecksum.NONE);
				GridFsBucketTemplate gridFs = context.getBean(GridFsBucketTemplate.class);
				assertThat(gridFs.getBucketName()).isEqualTo("attachments");
				UploadedFile uploaded = gridFs.upload("a.bin", new byte[1500]);
				assertThat(uploaded.checksum()).isNull();
				MongoDatabase files = context.getBean(MongoClient.class).getDatabase("files");
				assertThat(files.getCollection("attachments.chunks").countDocuments()).isEqualTo(2);
				assertThatExceptionOfType(GridFsFileTooLargeException.class)
					.isThrownBy(() -> gridFs.upload("b.bin", new byte[2049]));
			});
	}

	@Test
	void bindsTheChecksumAsWrittenInTheHint() {
		this.contextRunner.withPropertyValues("connect.mongodb.gridfs.checksum=sha-256")
			.run((context) -> assertThat(context.getBean(ConnectMongoGridFsProperties.class).getChecksum())
				.isEqualTo(GridFsChecksum.SHA_256));
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			connect.mongodb.gridfs.chunk-size    | 0B   | 0B        | it must be between 1B and 16MB less 1KB (16776192B)
			connect.mongodb.gridfs.chunk-size    | 16MB | 16777216B | it must be between 1B and 16MB less 1KB (16776192B)
			connect.mongodb.gridfs.max-file-size | 0B   | 0B        | it must be 1B or more
			connect.mongodb.gridfs.bucket        | a$b  | a$b       | Invalid 'bucketName' 'a$b': it contains '$'
			connect.mongodb.gridfs.bucket        | ''   | ''        | Invalid 'bucketName' '': it is empty
			connect.mongodb.gridfs.database      | a b  | a b       | it is not a valid MongoDB database name
			""")
	void failsToStartNamingAnInvalidProperty(String property, String value, String shown, String reason) {
		this.contextRunner.withPropertyValues(property + "=" + value).run((context) -> {
			InvalidMongoPropertyException failure = startupFailure(context);
			assertThat(failure.getProperty()).isEqualTo(property);
			assertThat(failure.getValue()).isEqualTo(shown);
			assertThat(failure.getMessage()).startsWith("Invalid value '" + shown + "' for property '" + property + "'")
				.contains(reason);
			assertThat(failure.getAction()).contains(property);
		});
	}

	@Test
	void anUnknownChecksumFailsBinding() {
		this.contextRunner.withPropertyValues("connect.mongodb.gridfs.checksum=md5").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(IllegalArgumentException.class)
				.hasStackTraceContaining(BindException.class.getName())
				.hasStackTraceContaining("connect.mongodb.gridfs.checksum");
		});
	}

	@Test
	void cachesTheTemplatesOfOtherBuckets() {
		this.contextRunner.run((context) -> {
			GridFsBucketTemplate gridFs = context.getBean(GridFsBucketTemplate.class);
			GridFsBucketTemplate invoices = gridFs.bucket("invoices");
			assertThat(gridFs.bucket("invoices")).isSameAs(invoices);
			assertThat(invoices.getBucketName()).isEqualTo("invoices");
		});
	}

	@Test
	void backsOffWhenTheUserDefinesGridFsOperations() {
		this.contextRunner.withUserConfiguration(UserGridFsConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(GridFsBucketOperations.class)
				.getBean(GridFsBucketOperations.class)
				.isSameAs(context.getBean("userGridFs")));
	}

	@Test
	void backsOffWithoutAMongoClient() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ConnectMongoGridFsAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(GridFsBucketOperations.class);
			});
	}

	@Test
	void asksTheSessionLookupBeanOnEveryOperation() {
		this.contextRunner.withUserConfiguration(SessionLookupConfiguration.class).run((context) -> {
			AtomicInteger calls = context.getBean(SessionLookupConfiguration.class).calls;
			GridFsBucketTemplate gridFs = context.getBean(GridFsBucketTemplate.class);
			UploadedFile uploaded = gridFs.upload("a.txt", new byte[1]);
			int afterUpload = calls.get();
			assertThat(afterUpload).isPositive();
			gridFs.downloadBytes(uploaded.id());
			assertThat(calls.get()).isGreaterThan(afterUpload);
		});
	}

	@Test
	void tellsEveryObserverBean() {
		this.contextRunner.withUserConfiguration(ObserversConfiguration.class).run((context) -> {
			context.getBean(GridFsBucketTemplate.class).upload("a.txt", new byte[5]);
			ObserversConfiguration observers = context.getBean(ObserversConfiguration.class);
			assertThat(observers.first).containsExactly("upload 5", "upload success");
			assertThat(observers.second).containsExactly("upload 5", "upload success");
		});
	}

	@Test
	void encodesMetadataWithTheCodecBeansOfTheTemplates() {
		this.contextRunner.withUserConfiguration(MoneyCodecConfiguration.class).run((context) -> {
			GridFsBucketTemplate gridFs = context.getBean(GridFsBucketTemplate.class);
			UploadedFile uploaded = gridFs.upload("invoice.pdf", new byte[1],
					UploadOptions.defaults().metadata(Map.of("total", new Money(1250))));
			Document files = context.getBean(MongoDatabase.class)
				.getCollection("fs.files")
				.find(Filters.eq("_id", uploaded.id()))
				.first();
			assertThat(files).isNotNull();
			assertThat(files.get("metadata", Document.class).get("total")).isEqualTo("12.50");
		});
	}

	private static InvalidMongoPropertyException startupFailure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable root = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
		assertThat(root).isInstanceOf(InvalidMongoPropertyException.class);
		return (InvalidMongoPropertyException) root;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserGridFsConfiguration {

		@Bean
		GridFsBucketOperations userGridFs(MongoDatabase database) {
			return GridFsBucketTemplate.builder(database).bucketName("mine").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SessionLookupConfiguration {

		final AtomicInteger calls = new AtomicInteger();

		@Bean
		MongoSessionLookup sessionLookup() {
			return () -> {
				this.calls.incrementAndGet();
				return null;
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ObserversConfiguration {

		final List<String> first = new CopyOnWriteArrayList<>();

		final List<String> second = new CopyOnWriteArrayList<>();

		@Bean
		GridFsObserver firstObserver() {
			return recording(this.first);
		}

		@Bean
		GridFsObserver secondObserver() {
			return recording(this.second);
		}

		private static GridFsObserver recording(List<String> events) {
			return new GridFsObserver() {

				@Override
				public void bytesTransferred(String bucket, TransferDirection direction, long bytes) {
					events.add(direction.tagValue() + " " + bytes);
				}

				@Override
				public void operationCompleted(String bucket, FileOperation operation, Outcome outcome,
						long durationNanos) {
					events.add(operation.tagValue() + " " + outcome.tagValue());
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MoneyCodecConfiguration {

		@Bean
		Codec<Money> moneyCodec() {
			return new Codec<>() {

				@Override
				public void encode(BsonWriter writer, Money value, EncoderContext encoderContext) {
					writer.writeString(String.format("%d.%02d", value.cents() / 100, value.cents() % 100));
				}

				@Override
				public Money decode(BsonReader reader, DecoderContext decoderContext) {
					return new Money(Math.round(Double.parseDouble(reader.readString()) * 100));
				}

				@Override
				public Class<Money> getEncoderClass() {
					return Money.class;
				}

			};
		}

	}

	/**
	 * An amount of money.
	 *
	 * @param cents the amount in cents
	 */
	record Money(long cents) {
	}

}
