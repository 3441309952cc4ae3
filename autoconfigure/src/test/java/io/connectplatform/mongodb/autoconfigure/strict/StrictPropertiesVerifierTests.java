package io.connectplatform.mongodb.autoconfigure.strict;

import java.util.Map;

import com.mongodb.client.MongoClient;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.strict.UnknownMongoPropertyException.UnknownKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StrictPropertiesVerifier} registered by
 * {@link ConnectMongoAutoConfiguration}: unknown keys under {@code connect.mongodb.} stop
 * startup naming the nearest valid key; relaxed forms, map keys, indexes and environment
 * variables of valid keys do not.
 *
 * @author Connect MongoDB team
 */
class StrictPropertiesVerifierTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class))
		.withPropertyValues("spring.mongodb.uri=mongodb://localhost:27017/orders");

	@Test
	void misspeltKeyStopsStartupNamingTheNearestValidKey() {
		this.contextRunner.withPropertyValues("connect.mongodb.pool.max-sise=-1").run((context) -> {
			UnknownMongoPropertyException failure = unknownProperty(context);
			assertThat(failure.getKeys()).singleElement().satisfies((key) -> {
				assertThat(key.name()).isEqualTo("connect.mongodb.pool.max-sise");
				assertThat(key.nearest()).isEqualTo("connect.mongodb.pool.max-size");
				assertThat(key.origin()).isNotNull();
			});
			assertThat(failure).hasMessage(
					"Unknown property 'connect.mongodb.pool.max-sise' (did you mean 'connect.mongodb.pool.max-size'?)");
		});
	}

	@Test
	void misspeltGroupNamesTheKeyInTheRightGroup() {
		this.contextRunner.withPropertyValues("connect.mongodb.read-preferences.mode=nearest")
			.run((context) -> assertThat(unknownProperty(context).getKeys()).singleElement()
				.extracting(UnknownKey::nearest)
				.isEqualTo("connect.mongodb.read-preference.mode"));
	}

	@Test
	void everyUnknownKeyIsNamedOnce() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.pool.max-sise=5", "connect.mongodb.timeouts.conect=5s",
					"connect.mongodb.pool.min-size=1")
			.run((context) -> assertThat(unknownProperty(context).getKeys()).extracting(UnknownKey::name)
				.containsExactlyInAnyOrder("connect.mongodb.pool.max-sise", "connect.mongodb.timeouts.conect"));
	}

	@Test
	void relaxedFormsOfValidKeysAreAccepted() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.pool.maxSize=50", "connect.mongodb.pool.min_size=5",
					"connect.mongodb.timeouts.serverSelection=10s", "connect.mongodb.application-name=orders")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(MongoClient.class));
	}

	@Test
	void mapKeysAndListIndexesAreAccepted() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.read-preference.mode=nearest",
					"connect.mongodb.read-preference.tag-sets[0].dc=east",
					"connect.mongodb.read-preference.tag-sets[1].rack=r1", "connect.mongodb.compressors[0]=zlib",
					"connect.mongodb.balancing.weights.db1=2", "connect.mongodb.balancing.weights[db2:27017]=3",
					"connect.mongodb.balancing.zones.db1=east")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void environmentVariablesOfValidKeysAreAcceptedAndUnknownOnesNamed() {
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								Map.of("CONNECT_MONGODB_POOL_MAXSIZE", "50", "CONNECT_MONGODB_READPREFERENCE_MODE",
										"nearest", "CONNECT_MONGODB_READPREFERENCE_TAGSETS_0_DC", "east",
										"CONNECT_MONGODB_POOL_MAXSISE", "5"))))
			.run((context) -> assertThat(unknownProperty(context).getKeys()).singleElement().satisfies((key) -> {
				assertThat(key.name()).isEqualTo("connect.mongodb.pool.maxsise");
				assertThat(key.nearest()).isEqualTo("connect.mongodb.pool.max-size");
				assertThat(String.valueOf(key.origin())).contains("CONNECT_MONGODB_POOL_MAXSISE");
			}));
	}

	@Test
	void theCheckRunsBeforeAnyBeanIsCreated() {
		this.contextRunner.withPropertyValues("spring.mongodb.uri=not-a-uri", "connect.mongodb.pool.max-sise=5")
			.run((context) -> assertThat(unknownProperty(context).getKeys()).singleElement()
				.extracting(UnknownKey::name)
				.isEqualTo("connect.mongodb.pool.max-sise"));
	}

	@Test
	void strictPropertiesFalseLetsUnknownKeysThrough() {
		this.contextRunner.withPropertyValues("connect.mongodb.strict-properties=false", "connect.mongodb.pool.max-sise=5")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(MongoClient.class));
	}

	@Test
	void keysOutsideThePrefixAreLeftAlone() {
		this.contextRunner.withPropertyValues("connect.other.anything=1", "connectmongodb.x=1", "spring.mongodb.foo=1")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void everyDocumentedKeyIsKnown() {
		KnownPropertyNames known = KnownPropertyNames.load(getClass().getClassLoader(), "connect.mongodb");
		assertThat(known.size()).isGreaterThan(80);
		this.contextRunner
			.withPropertyValues("connect.mongodb.strict-properties=true", "connect.mongodb.embedded.routers=false",
					"connect.mongodb.change-streams.backoff.jitter=0.1", "connect.mongodb.async.pool-size=2")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static UnknownMongoPropertyException unknownProperty(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof UnknownMongoPropertyException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("an UnknownMongoPropertyException in %s", context.getStartupFailure())
			.isInstanceOf(UnknownMongoPropertyException.class);
		return (UnknownMongoPropertyException) failure;
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void withoutAnyMetadataTheKeysAreNotCheckedAndAWarningSaysSo(CapturedOutput output) {
		MockEnvironment environment = new MockEnvironment().withProperty("connect.mongodb.pool.max-sise", "-1");
		ClassLoader withoutMetadata = new ClassLoader(null) {
		};
		new StrictPropertiesVerifier(environment).verify(withoutMetadata);
		assertThat(output).contains("No configuration metadata of Connect MongoDB on the class path");
	}

}
