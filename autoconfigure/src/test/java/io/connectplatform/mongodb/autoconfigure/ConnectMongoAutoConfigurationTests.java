package io.connectplatform.mongodb.autoconfigure;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCompressor;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.ServerApiVersion;
import com.mongodb.Tag;
import com.mongodb.TagSet;
import com.mongodb.TaggableReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.internal.MongoClientImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectMongoAutoConfiguration}: every property reaches the settings of
 * the built client. The client connects lazily, so nothing needs to listen on the URI.
 *
 * @author Connect MongoDB team
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectMongoAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class))
		.withPropertyValues("spring.mongodb.uri=mongodb://localhost:27017/orders");

	@Test
	void createsOneClientAndReplacesBootsOwn() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MongoClient.class);
			assertThat(context).hasSingleBean(ConnectMongoClientSettingsBuilderCustomizer.class);
			assertThat(context.getBean(MongoClient.class)).isInstanceOf(MongoClientImpl.class);
		});
	}

	@Test
	void appendsConnectMongodbToTheDriverInformation() {
		this.contextRunner.run((context) -> {
			MongoClientImpl client = (MongoClientImpl) context.getBean(MongoClient.class);
			assertThat(client.getMongoDriverInformation().getDriverNames()).containsSubsequence("spring-boot",
					"connect-mongodb");
		});
	}

	@Test
	void logsTheSanitizedTargetAtStartup(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.mongodb.uri=mongodb://app:s3cret@localhost:27017/orders")
			.run((context) -> {
				context.getBean(MongoClient.class);
				assertThat(output).contains("MongoDB client connecting to mongodb://app:****@localhost:27017/orders")
					.contains("connect-mongodb")
					.doesNotContain("s3cret");
			});
	}

	@Test
	void exposesTheDatabaseFromTheUri() {
		this.contextRunner.run((context) -> assertThat(context.getBean(MongoDatabase.class).getName()).isEqualTo("orders"));
	}

	@Test
	void exposesTheDatabaseFromSpringMongodbDatabaseFirst() {
		this.contextRunner.withPropertyValues("spring.mongodb.database=billing")
			.run((context) -> assertThat(context.getBean(MongoDatabase.class).getName()).isEqualTo("billing"));
	}

	@Test
	void exposesTheTestDatabaseWhenNoneIsNamed() {
		this.contextRunner.withPropertyValues("spring.mongodb.uri=mongodb://localhost:27017")
			.run((context) -> assertThat(context.getBean(MongoDatabase.class).getName()).isEqualTo("test"));
	}

	@Test
	void appliesPoolProperties() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.pool.min-size=3", "connect.mongodb.pool.max-size=33",
					"connect.mongodb.pool.max-idle-time=45s", "connect.mongodb.pool.max-life-time=30m",
					"connect.mongodb.pool.max-connecting=4", "connect.mongodb.pool.max-wait-time=1500ms")
			.run((context) -> {
				var pool = settings(context).getConnectionPoolSettings();
				assertThat(pool.getMinSize()).isEqualTo(3);
				assertThat(pool.getMaxSize()).isEqualTo(33);
				assertThat(pool.getMaxConnectionIdleTime(TimeUnit.SECONDS)).isEqualTo(45);
				assertThat(pool.getMaxConnectionLifeTime(TimeUnit.MINUTES)).isEqualTo(30);
				assertThat(pool.getMaxConnecting()).isEqualTo(4);
				assertThat(pool.getMaxWaitTime(TimeUnit.MILLISECONDS)).isEqualTo(1500);
			});
	}

	@Test
	void appliesTimeoutProperties() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.timeouts.connect=3s", "connect.mongodb.timeouts.read=7s",
					"connect.mongodb.timeouts.server-selection=4s", "connect.mongodb.timeouts.operation=9s",
					"connect.mongodb.heartbeat-frequency=2s", "connect.mongodb.local-threshold=25ms")
			.run((context) -> {
				MongoClientSettings settings = settings(context);
				assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(3000);
				assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(7000);
				assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(4000);
				assertThat(settings.getTimeout(TimeUnit.MILLISECONDS)).isEqualTo(9000);
				assertThat(settings.getServerSettings().getHeartbeatFrequency(TimeUnit.MILLISECONDS)).isEqualTo(2000);
				assertThat(settings.getClusterSettings().getLocalThreshold(TimeUnit.MILLISECONDS)).isEqualTo(25);
			});
	}

	@Test
	void appliesReadPreferenceWithTagSetsAndMaxStaleness() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.read-preference.mode=secondary-preferred",
					"connect.mongodb.read-preference.tag-sets[0].dc=east",
					"connect.mongodb.read-preference.tag-sets[0].use=reporting",
					"connect.mongodb.read-preference.max-staleness=120s")
			.run((context) -> {
				ReadPreference readPreference = settings(context).getReadPreference();
				assertThat(readPreference.getName()).isEqualTo("secondaryPreferred");
				TaggableReadPreference taggable = (TaggableReadPreference) readPreference;
				assertThat(taggable.getTagSetList())
					.containsExactly(new TagSet(List.of(new Tag("dc", "east"), new Tag("use", "reporting"))));
				assertThat(taggable.getMaxStaleness(TimeUnit.SECONDS)).isEqualTo(120);
			});
	}

	@Test
	void appliesReadConcernWriteConcernAndRetries() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.read-concern=majority", "connect.mongodb.write-concern.w=majority",
					"connect.mongodb.write-concern.journal=true", "connect.mongodb.write-concern.wtimeout=5s",
					"connect.mongodb.retry-reads=false", "connect.mongodb.retry-writes=false")
			.run((context) -> {
				MongoClientSettings settings = settings(context);
				assertThat(settings.getReadConcern()).isEqualTo(ReadConcern.MAJORITY);
				assertThat(settings.getWriteConcern())
					.isEqualTo(WriteConcern.MAJORITY.withJournal(true).withWTimeout(5, TimeUnit.SECONDS));
				assertThat(settings.getRetryReads()).isFalse();
				assertThat(settings.getRetryWrites()).isFalse();
			});
	}

	@Test
	void appliesANumericWriteConcern() {
		this.contextRunner.withPropertyValues("connect.mongodb.write-concern.w=2")
			.run((context) -> assertThat(settings(context).getWriteConcern()).isEqualTo(new WriteConcern(2)));
	}

	@Test
	void appliesApplicationNameCompressorsAndServerApi() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.application-name=orders-service", "connect.mongodb.compressors=zlib",
					"connect.mongodb.server-api.version=1", "connect.mongodb.server-api.strict=true",
					"connect.mongodb.server-api.deprecation-errors=true")
			.run((context) -> {
				MongoClientSettings settings = settings(context);
				assertThat(settings.getApplicationName()).isEqualTo("orders-service");
				assertThat(settings.getCompressorList()).extracting(MongoCompressor::getName).containsExactly("zlib");
				assertThat(settings.getServerApi()).isNotNull();
				assertThat(settings.getServerApi().getVersion()).isEqualTo(ServerApiVersion.V1);
				assertThat(settings.getServerApi().getStrict()).contains(true);
				assertThat(settings.getServerApi().getDeprecationErrors()).contains(true);
			});
	}

	@Test
	void leavesDriverDefaultsAloneWhenNothingIsSet() {
		this.contextRunner.run((context) -> {
			MongoClientSettings settings = settings(context);
			MongoClientSettings defaults = MongoClientSettings.builder().build();
			assertThat(settings.getConnectionPoolSettings().getMaxSize())
				.isEqualTo(defaults.getConnectionPoolSettings().getMaxSize());
			assertThat(settings.getReadPreference()).isEqualTo(defaults.getReadPreference());
			assertThat(settings.getWriteConcern()).isEqualTo(defaults.getWriteConcern());
			assertThat(settings.getServerApi()).isNull();
			assertThat(settings.getTimeout(TimeUnit.MILLISECONDS)).isNull();
		});
	}

	@Test
	void uriOptionsApplyWhenThePropertyIsUnset() {
		this.contextRunner
			.withPropertyValues("spring.mongodb.uri=mongodb://localhost:27017/orders?maxPoolSize=7&w=3&appName=from-uri"
					+ "&readPreference=nearest&connectTimeoutMS=1234")
			.run((context) -> {
				MongoClientSettings settings = settings(context);
				assertThat(settings.getConnectionPoolSettings().getMaxSize()).isEqualTo(7);
				assertThat(settings.getWriteConcern()).isEqualTo(new WriteConcern(3));
				assertThat(settings.getApplicationName()).isEqualTo("from-uri");
				assertThat(settings.getReadPreference()).isEqualTo(ReadPreference.nearest());
				assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(1234);
			});
	}

	@Test
	void propertiesWinOverUriOptions() {
		this.contextRunner
			.withPropertyValues("spring.mongodb.uri=mongodb://localhost:27017/orders?maxPoolSize=7&w=3&appName=from-uri"
					+ "&readPreference=nearest&connectTimeoutMS=1234",
					"connect.mongodb.pool.max-size=70", "connect.mongodb.write-concern.w=majority",
					"connect.mongodb.application-name=from-properties", "connect.mongodb.read-preference.mode=secondary",
					"connect.mongodb.timeouts.connect=4321ms")
			.run((context) -> {
				MongoClientSettings settings = settings(context);
				assertThat(settings.getConnectionPoolSettings().getMaxSize()).isEqualTo(70);
				assertThat(settings.getWriteConcern()).isEqualTo(WriteConcern.MAJORITY);
				assertThat(settings.getApplicationName()).isEqualTo("from-properties");
				assertThat(settings.getReadPreference()).isEqualTo(ReadPreference.secondary());
				assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(4321);
			});
	}

	@Test
	void compositeSettingsMergePartByPartWithTheUri() {
		this.contextRunner
			.withPropertyValues(
					"spring.mongodb.uri=mongodb://localhost:27017/orders?w=majority&wtimeoutMS=2500"
							+ "&readPreference=secondary&readPreferenceTags=dc:west",
					"connect.mongodb.write-concern.journal=true", "connect.mongodb.read-preference.max-staleness=100s")
			.run((context) -> {
				MongoClientSettings settings = settings(context);
				assertThat(settings.getWriteConcern())
					.isEqualTo(WriteConcern.MAJORITY.withWTimeout(2500, TimeUnit.MILLISECONDS).withJournal(true));
				TaggableReadPreference readPreference = (TaggableReadPreference) settings.getReadPreference();
				assertThat(readPreference.getName()).isEqualTo("secondary");
				assertThat(readPreference.getTagSetList()).containsExactly(new TagSet(new Tag("dc", "west")));
				assertThat(readPreference.getMaxStaleness(TimeUnit.SECONDS)).isEqualTo(100);
			});
	}

	@Test
	void userCustomizersOrderedAfterOursWin() {
		this.contextRunner.withUserConfiguration(LateCustomizerConfiguration.class)
			.withPropertyValues("connect.mongodb.application-name=from-properties")
			.run((context) -> assertThat(settings(context).getApplicationName())
				.describedAs("a customizer with a higher order than ours takes precedence")
				.isEqualTo("from-late-customizer"));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnClient() {
		this.contextRunner.withUserConfiguration(UserClientConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(MongoClient.class);
			assertThat(context).getBean("userMongoClient").isSameAs(context.getBean(MongoClient.class));
		});
	}

	@Test
	void backsOffWithoutTheSyncDriver() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MongoClient.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(ConnectMongoClientSettingsBuilderCustomizer.class);
			assertThat(context).doesNotHaveBean(MongoDatabase.class);
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnDatabase() {
		this.contextRunner.withUserConfiguration(UserClientConfiguration.class)
			.run((context) -> assertThat(context.getBean(MongoDatabase.class).getName()).isEqualTo("mine"));
	}

	private static MongoClientSettings settings(org.springframework.context.ApplicationContext context) {
		return ((MongoClientImpl) context.getBean(MongoClient.class)).getSettings();
	}

	@Configuration(proxyBeanMethods = false)
	static class LateCustomizerConfiguration {

		@Bean
		@Order(ConnectMongoAutoConfiguration.SETTINGS_CUSTOMIZER_ORDER + 1)
		MongoClientSettingsBuilderCustomizer lateCustomizer() {
			return (builder) -> builder.applicationName("from-late-customizer");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientConfiguration {

		@Bean(destroyMethod = "close")
		MongoClient userMongoClient() {
			return MongoClients.create("mongodb://localhost:27017");
		}

		@Bean
		MongoDatabase userDatabase(MongoClient userMongoClient) {
			return userMongoClient.getDatabase("mine");
		}

	}

}
