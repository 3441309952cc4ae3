package io.connectplatform.mongodb.autoconfigure;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoProperties.ReadPreferenceMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ConnectMongoPropertiesValidator}, run through
 * {@link ConnectMongoAutoConfiguration} as an application would.
 *
 * @author Connect MongoDB team
 */
class ConnectMongoPropertiesValidationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class))
		.withPropertyValues("spring.mongodb.uri=mongodb://localhost:27017/test");

	@Test
	void defaultsAreValid() {
		assertValid();
	}

	@Test
	void invalidPropertyFailsBeforeClientIsBuilt() {
		this.contextRunner.withPropertyValues("connect.mongodb.pool.min-size=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().hasMessageContaining("connectMongoClientSettingsBuilderCustomizer");
		});
	}

	@Test
	void applicationNameLongerThan128BytesFailsNamingApplicationName() {
		String name = "a".repeat(129);
		assertInvalid("connect.mongodb.application-name", name, "connect.mongodb.application-name=" + name);
	}

	@Test
	void applicationNameOf128BytesIsValid() {
		assertValid("connect.mongodb.application-name=" + "a".repeat(128));
	}

	@Test
	void applicationNameOfFewerThan128CharactersButMoreThan128BytesFailsNamingApplicationName() {
		String name = "\u00e9".repeat(65);
		assertInvalid("connect.mongodb.application-name", name, "connect.mongodb.application-name=" + name);
	}

	@Test
	void applicationNameOf128BytesOfMultiByteCharactersIsValid() {
		assertValid("connect.mongodb.application-name=" + "\u00e9".repeat(64));
	}

	@Test
	void negativePoolMinSizeFailsNamingMinSize() {
		assertInvalid("connect.mongodb.pool.min-size", "-1", "connect.mongodb.pool.min-size=-1");
	}

	@Test
	void negativePoolMaxSizeFailsNamingMaxSize() {
		assertInvalid("connect.mongodb.pool.max-size", "-1", "connect.mongodb.pool.max-size=-1");
	}

	@Test
	void negativePoolMaxIdleTimeFailsNamingMaxIdleTime() {
		assertInvalid("connect.mongodb.pool.max-idle-time", "-1ms", "connect.mongodb.pool.max-idle-time=-1ms");
	}

	@Test
	void negativePoolMaxLifeTimeFailsNamingMaxLifeTime() {
		assertInvalid("connect.mongodb.pool.max-life-time", "-1ms", "connect.mongodb.pool.max-life-time=-1ms");
	}

	@Test
	void zeroPoolMaxWaitTimeFailsNamingMaxWaitTime() {
		assertInvalid("connect.mongodb.pool.max-wait-time", "0", "connect.mongodb.pool.max-wait-time=0");
	}

	@Test
	void negativePoolMaxWaitTimeFailsNamingMaxWaitTime() {
		assertInvalid("connect.mongodb.pool.max-wait-time", "-1ms", "connect.mongodb.pool.max-wait-time=-1ms");
	}

	@Test
	void zeroPoolMaxConnectingFailsNamingMaxConnecting() {
		assertInvalid("connect.mongodb.pool.max-connecting", "0", "connect.mongodb.pool.max-connecting=0");
	}

	@Test
	void poolBoundaryValuesAreValid() {
		assertValid("connect.mongodb.pool.min-size=0", "connect.mongodb.pool.max-size=0",
				"connect.mongodb.pool.max-idle-time=0", "connect.mongodb.pool.max-life-time=0",
				"connect.mongodb.pool.max-connecting=1", "connect.mongodb.pool.max-wait-time=1ms");
	}

	@Test
	void minSizeAboveMaxSizeFailsNamingMinSize() {
		InvalidMongoPropertyException ex = assertInvalid("connect.mongodb.pool.min-size", "50",
				"connect.mongodb.pool.min-size=50", "connect.mongodb.pool.max-size=5");
		assertThat(ex.getReason()).contains("(50)").contains("(5)");
	}

	@Test
	void minSizeEqualToMaxSizeIsValid() {
		assertValid("connect.mongodb.pool.min-size=5", "connect.mongodb.pool.max-size=5");
	}

	@Test
	void minSizeAboveConnectionStringMaxPoolSizeFailsNamingMinSize() {
		InvalidMongoPropertyException ex = assertInvalid("connect.mongodb.pool.min-size", "20",
				"spring.mongodb.uri=mongodb://localhost:27017/test?maxPoolSize=10", "connect.mongodb.pool.min-size=20");
		assertThat(ex.getReason()).contains("(20)").contains("(10)");
	}

	@Test
	void minSizeAboveDefaultMaxPoolSizeFailsNamingMinSize() {
		assertInvalid("connect.mongodb.pool.min-size", "101", "connect.mongodb.pool.min-size=101");
	}

	@Test
	void minSizeEqualToDefaultMaxPoolSizeIsValid() {
		assertValid("connect.mongodb.pool.min-size=100");
	}

	@Test
	void minSizeWithUnlimitedMaxSizeFailsNamingMinSize() {
		assertInvalid("connect.mongodb.pool.min-size", "500", "connect.mongodb.pool.min-size=500",
				"connect.mongodb.pool.max-size=0");
	}

	@Test
	void minSizeWithUnlimitedConnectionStringMaxPoolSizeFailsNamingMinSize() {
		assertInvalid("connect.mongodb.pool.min-size", "500",
				"spring.mongodb.uri=mongodb://localhost:27017/test?maxPoolSize=0", "connect.mongodb.pool.min-size=500");
	}

	@Test
	void maxSizeBelowConnectionStringMinPoolSizeFailsNamingMaxSize() {
		assertInvalid("connect.mongodb.pool.max-size", "5",
				"spring.mongodb.uri=mongodb://localhost:27017/test?minPoolSize=20", "connect.mongodb.pool.max-size=5");
	}

	@Test
	void connectionStringMinPoolSizeAboveDefaultMaxPoolSizeFailsNamingUri() {
		this.contextRunner.withPropertyValues("spring.mongodb.uri=mongodb://localhost:27017/test?minPoolSize=200")
			.run((context) -> {
				assertThat(context).hasFailed();
				InvalidMongoPropertyException ex = invalidMongoProperty(context);
				assertThat(ex.getProperty()).isEqualTo("spring.mongodb.uri");
				assertThat(ex.getMessage()).contains("minPoolSize=200");
			});
	}

	@Test
	void negativeConnectTimeoutFailsNamingConnectTimeout() {
		assertInvalid("connect.mongodb.timeouts.connect", "-1ms", "connect.mongodb.timeouts.connect=-1ms");
	}

	@Test
	void negativeReadTimeoutFailsNamingReadTimeout() {
		assertInvalid("connect.mongodb.timeouts.read", "-1ms", "connect.mongodb.timeouts.read=-1ms");
	}

	@Test
	void zeroServerSelectionTimeoutFailsNamingServerSelectionTimeout() {
		assertInvalid("connect.mongodb.timeouts.server-selection", "0",
				"connect.mongodb.timeouts.server-selection=0");
	}

	@Test
	void negativeServerSelectionTimeoutFailsNamingServerSelectionTimeout() {
		assertInvalid("connect.mongodb.timeouts.server-selection", "-1ms",
				"connect.mongodb.timeouts.server-selection=-1ms");
	}

	@Test
	void negativeOperationTimeoutFailsNamingOperationTimeout() {
		assertInvalid("connect.mongodb.timeouts.operation", "-1ms", "connect.mongodb.timeouts.operation=-1ms");
	}

	@Test
	void timeoutBoundaryValuesAreValid() {
		assertValid("connect.mongodb.timeouts.connect=0", "connect.mongodb.timeouts.read=0",
				"connect.mongodb.timeouts.operation=0", "connect.mongodb.timeouts.server-selection=1ms");
	}

	@Test
	void zeroHeartbeatFrequencyFailsNamingHeartbeatFrequency() {
		assertInvalid("connect.mongodb.heartbeat-frequency", "0", "connect.mongodb.heartbeat-frequency=0");
	}

	@Test
	void negativeHeartbeatFrequencyFailsNamingHeartbeatFrequency() {
		assertInvalid("connect.mongodb.heartbeat-frequency", "-1ms", "connect.mongodb.heartbeat-frequency=-1ms");
	}

	@Test
	void negativeLocalThresholdFailsNamingLocalThreshold() {
		assertInvalid("connect.mongodb.local-threshold", "-1ms", "connect.mongodb.local-threshold=-1ms");
	}

	@Test
	void zeroLocalThresholdAndPositiveHeartbeatFrequencyAreValid() {
		assertValid("connect.mongodb.local-threshold=0", "connect.mongodb.heartbeat-frequency=1ms");
	}

	@Test
	void tagSetsWithDefaultPrimaryReadPreferenceFailNamingTagSets() {
		InvalidMongoPropertyException ex = assertInvalid("connect.mongodb.read-preference.tag-sets", "dc=east",
				"connect.mongodb.read-preference.tag-sets[0].dc=east");
		assertThat(ex.getReason()).contains("primary");
	}

	@Test
	void tagSetsWithPrimaryModeFailNamingTagSets() {
		InvalidMongoPropertyException ex = assertInvalid("connect.mongodb.read-preference.tag-sets", "dc=east",
				"connect.mongodb.read-preference.mode=primary", "connect.mongodb.read-preference.tag-sets[0].dc=east");
		assertThat(ex.getReason()).contains("connect.mongodb.read-preference.mode");
	}

	@Test
	void tagSetsWithPrimaryReadPreferenceFromConnectionStringFailNamingTagSets() {
		InvalidMongoPropertyException ex = assertInvalid("connect.mongodb.read-preference.tag-sets", "dc=east",
				"spring.mongodb.uri=mongodb://localhost:27017/test?readPreference=primary",
				"connect.mongodb.read-preference.tag-sets[0].dc=east");
		assertThat(ex.getReason()).contains("connection string");
	}

	@Test
	void tagSetsWithPrimaryModeOverridingSecondaryConnectionStringFailNamingTagSets() {
		assertInvalid("connect.mongodb.read-preference.tag-sets", "dc=east",
				"spring.mongodb.uri=mongodb://localhost:27017/test?readPreference=secondary",
				"connect.mongodb.read-preference.mode=primary", "connect.mongodb.read-preference.tag-sets[0].dc=east");
	}

	@Test
	void tagSetsWithSecondaryModeAreValid() {
		assertValid("connect.mongodb.read-preference.mode=secondary",
				"connect.mongodb.read-preference.tag-sets[0].dc=east",
				"connect.mongodb.read-preference.tag-sets[0].use=reporting",
				"connect.mongodb.read-preference.tag-sets[1].dc=west");
	}

	@Test
	void tagSetsWithSecondaryReadPreferenceFromConnectionStringAreValid() {
		assertValid("spring.mongodb.uri=mongodb://localhost:27017/test?readPreference=secondaryPreferred",
				"connect.mongodb.read-preference.tag-sets[0].dc=east");
	}

	@Test
	void tagSetWithBlankTagNameFailsNamingTagSets() {
		ConnectMongoProperties properties = new ConnectMongoProperties();
		properties.getReadPreference().setMode(ReadPreferenceMode.SECONDARY);
		properties.getReadPreference().setTagSets(List.of(Map.of(" ", "east")));
		assertThatExceptionOfType(InvalidMongoPropertyException.class)
			.isThrownBy(() -> ConnectMongoPropertiesValidator.validate(properties,
					new ConnectionString("mongodb://localhost:27017/test")))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("connect.mongodb.read-preference.tag-sets");
				assertThat(ex.getMessage()).contains("east");
				assertThat(ex.getAction()).isNotBlank();
			});
	}

	@Test
	void maxStalenessWithDefaultPrimaryReadPreferenceFailsNamingMaxStaleness() {
		assertInvalid("connect.mongodb.read-preference.max-staleness", "2m",
				"connect.mongodb.read-preference.max-staleness=2m");
	}

	@Test
	void maxStalenessWithPrimaryModeFailsNamingMaxStaleness() {
		assertInvalid("connect.mongodb.read-preference.max-staleness", "2m",
				"connect.mongodb.read-preference.mode=primary",
				"connect.mongodb.read-preference.max-staleness=2m");
	}

	@Test
	void maxStalenessWithPrimaryReadPreferenceFromConnectionStringFailsNamingMaxStaleness() {
		assertInvalid("connect.mongodb.read-preference.max-staleness", "2m",
				"spring.mongodb.uri=mongodb://localhost:27017/test?readPreference=primary",
				"connect.mongodb.read-preference.max-staleness=2m");
	}

	@Test
	void maxStalenessBelow90SecondsFailsNamingMaxStaleness() {
		InvalidMongoPropertyException ex = assertInvalid("connect.mongodb.read-preference.max-staleness", "89999ms",
				"connect.mongodb.read-preference.mode=secondary",
				"connect.mongodb.read-preference.max-staleness=89999ms");
		assertThat(ex.getReason()).contains("90 seconds");
	}

	@Test
	void maxStalenessOf90SecondsIsValid() {
		assertValid("connect.mongodb.read-preference.mode=nearest", "connect.mongodb.read-preference.max-staleness=90s");
	}

	@Test
	void maxStalenessOf90SecondsWithSecondaryReadPreferenceFromConnectionStringIsValid() {
		assertValid("spring.mongodb.uri=mongodb://localhost:27017/test?readPreference=secondary",
				"connect.mongodb.read-preference.max-staleness=90s");
	}

	@Test
	void unknownReadPreferenceModeFailsThroughBindingNamingMode() {
		assertBindingFailure("connect.mongodb.read-preference.mode", "connect.mongodb.read-preference.mode=fastest");
	}

	@Test
	void readPreferenceModeInKebabOrCamelCaseIsValid() {
		assertValid("connect.mongodb.read-preference.mode=primary-preferred");
		assertValid("connect.mongodb.read-preference.mode=secondaryPreferred");
	}

	@Test
	void unknownReadConcernFailsThroughBindingNamingReadConcern() {
		assertBindingFailure("connect.mongodb.read-concern", "connect.mongodb.read-concern=strongest");
	}

	@Test
	void readConcernMajorityIsValid() {
		assertValid("connect.mongodb.read-concern=majority");
	}

	@Test
	void negativeWFailsNamingW() {
		assertInvalid("connect.mongodb.write-concern.w", "-1", "connect.mongodb.write-concern.w=-1");
	}

	@Test
	void nonNumericWFailsNamingW() {
		assertInvalid("connect.mongodb.write-concern.w", "two", "connect.mongodb.write-concern.w=two");
	}

	@Test
	void wOfZeroIsValid() {
		assertValid("connect.mongodb.write-concern.w=0");
	}

	@Test
	void wOfMajorityIsValid() {
		assertValid("connect.mongodb.write-concern.w=majority");
	}

	@Test
	void wOfTwoWithJournalIsValid() {
		assertValid("connect.mongodb.write-concern.w=2", "connect.mongodb.write-concern.journal=true");
	}

	@Test
	void negativeWtimeoutFailsNamingWtimeout() {
		assertInvalid("connect.mongodb.write-concern.wtimeout", "-1ms", "connect.mongodb.write-concern.wtimeout=-1ms");
	}

	@Test
	void zeroWtimeoutIsValid() {
		assertValid("connect.mongodb.write-concern.wtimeout=0");
	}

	@Test
	void wOfZeroWithJournalFailsNamingWriteConcern() {
		this.contextRunner.withPropertyValues("connect.mongodb.write-concern.w=0", "connect.mongodb.write-concern.journal=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(invalidMongoProperty(context).getProperty()).isIn("connect.mongodb.write-concern.w",
						"connect.mongodb.write-concern.journal");
			});
		this.contextRunner
			.withPropertyValues("spring.mongodb.uri=mongodb://localhost:27017/test?journal=true",
					"connect.mongodb.write-concern.w=0")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(invalidMongoProperty(context).getProperty()).isEqualTo("connect.mongodb.write-concern.w");
			});
	}

	@Test
	void unknownServerApiVersionFailsNamingVersion() {
		assertInvalid("connect.mongodb.server-api.version", "2", "connect.mongodb.server-api.version=2");
	}

	@Test
	void serverApiStrictWithoutVersionFailsNamingStrict() {
		assertInvalid("connect.mongodb.server-api.strict", "true", "connect.mongodb.server-api.strict=true");
	}

	@Test
	void serverApiDeprecationErrorsWithoutVersionFailsNamingDeprecationErrors() {
		assertInvalid("connect.mongodb.server-api.deprecation-errors", "false",
				"connect.mongodb.server-api.deprecation-errors=false");
	}

	@Test
	void serverApiVersionOneWithStrictAndDeprecationErrorsIsValid() {
		assertValid("connect.mongodb.server-api.version=1", "connect.mongodb.server-api.strict=true",
				"connect.mongodb.server-api.deprecation-errors=true");
	}

	@Test
	void snappyCompressorWithoutSnappyFailsNamingCompressorsAndDependency() {
		assertCompressorsInvalid("snappy", "org.xerial.snappy:snappy-java", "connect.mongodb.compressors=snappy");
	}

	@Test
	void zstdCompressorWithoutZstdFailsNamingCompressorsAndDependency() {
		assertCompressorsInvalid("zstd", "com.github.luben:zstd-jni", "connect.mongodb.compressors=zstd");
	}

	@Test
	void snappyCompressorAfterZlibFailsNamingCompressorsAndDependency() {
		assertCompressorsInvalid("snappy", "org.xerial.snappy:snappy-java", "connect.mongodb.compressors=zlib,snappy");
	}

	@Test
	void zlibCompressorIsValid() {
		assertValid("connect.mongodb.compressors=zlib");
	}

	@Test
	void unknownCompressorFailsThroughBindingNamingCompressors() {
		assertBindingFailure("connect.mongodb.compressors", "connect.mongodb.compressors=lz4");
	}

	@Test
	void zeroHealthTimeoutFailsNamingHealthTimeout() {
		assertInvalid("connect.mongodb.health.timeout", "0", "connect.mongodb.health.timeout=0");
	}

	@Test
	void negativeHealthTimeoutFailsNamingHealthTimeout() {
		assertInvalid("connect.mongodb.health.timeout", "-1ms", "connect.mongodb.health.timeout=-1ms");
	}

	@Test
	void positiveHealthTimeoutIsValid() {
		assertValid("connect.mongodb.health.timeout=1ms");
	}

	@Test
	void unparsableUriFailsNamingUri() {
		InvalidMongoPropertyException ex = assertInvalid("spring.mongodb.uri", "not-a-uri",
				"spring.mongodb.uri=not-a-uri");
		assertThat(ex.getValue()).isEqualTo("not-a-uri");
	}

	@ParameterizedTest
	@ValueSource(strings = { "mongodb://user:s3cret@", "mongodb://user:s3cret@/test",
			"mongodb://user:s3cret@localhost:notaport/test", "mongodb://user:s3cret@localhost/test?maxPoolSize=many",
			"mongodb://user:s3cret@localhost/test?authMechanismProperties=s3cret" })
	void unparsableUriWithPasswordFailsNamingUriWithoutRevealingPassword(String uri) {
		this.contextRunner.withPropertyValues("spring.mongodb.uri=" + uri).run((context) -> {
			assertThat(context).hasFailed();
			InvalidMongoPropertyException ex = invalidMongoProperty(context);
			assertThat(ex.getProperty()).isEqualTo("spring.mongodb.uri");
			assertThat(ex.getValue()).startsWith("mongodb://user:****@").doesNotContain("s3cret");
			assertThat(ex.getMessage()).contains("mongodb://user:****@").doesNotContain("s3cret");
			assertThat(ex.getAction()).isNotBlank();
			assertThat(stackTrace(context.getStartupFailure())).contains("spring.mongodb.uri").doesNotContain("s3cret");
		});
	}

	@Test
	void unparsableUriWithInvalidEscapeInPasswordRevealsNoPartOfPassword() {
		this.contextRunner.withPropertyValues("spring.mongodb.uri=mongodb://user:s3cr%zzet@localhost/test")
			.run((context) -> {
				assertThat(context).hasFailed();
				InvalidMongoPropertyException ex = invalidMongoProperty(context);
				assertThat(ex.getProperty()).isEqualTo("spring.mongodb.uri");
				assertThat(ex.getMessage()).doesNotContain("zz");
			});
	}

	@Test
	void maxStalenessBelowHeartbeatFrequencyPlusTenSecondsFailsNamingMaxStaleness() {
		InvalidMongoPropertyException ex = assertInvalid("connect.mongodb.read-preference.max-staleness", "90s",
				"connect.mongodb.read-preference.mode=secondary", "connect.mongodb.read-preference.max-staleness=90s",
				"connect.mongodb.heartbeat-frequency=100s");
		assertThat(ex.getMessage()).contains("110s");
	}

	@Test
	void maxStalenessBelowTheConnectionStringsHeartbeatPlusTenSecondsFailsNamingMaxStaleness() {
		assertInvalid("connect.mongodb.read-preference.max-staleness", "90s",
				"spring.mongodb.uri=mongodb://localhost:27017/test?heartbeatFrequencyMS=85000",
				"connect.mongodb.read-preference.mode=nearest", "connect.mongodb.read-preference.max-staleness=90s");
	}

	@Test
	void aPositiveDurationUnderOneMillisecondFailsInsteadOfBecomingZero() {
		assertInvalid("connect.mongodb.heartbeat-frequency", "500us", "connect.mongodb.heartbeat-frequency=500us");
		assertInvalid("connect.mongodb.timeouts.connect", "500us", "connect.mongodb.timeouts.connect=500us");
	}

	@Test
	void compressorsAreShownAsWritten() {
		InvalidMongoPropertyException ex = assertInvalid("connect.mongodb.compressors", "[zlib, snappy]",
				"connect.mongodb.compressors=zlib,snappy");
		assertThat(ex.getMessage()).doesNotContain("SNAPPY");
	}

	private void assertValid(String... properties) {
		this.contextRunner.withPropertyValues(properties)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(MongoClient.class));
	}

	private InvalidMongoPropertyException assertInvalid(String property, String value, String... properties) {
		InvalidMongoPropertyException[] result = new InvalidMongoPropertyException[1];
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			InvalidMongoPropertyException ex = invalidMongoProperty(context);
			assertThat(ex.getProperty()).isEqualTo(property);
			assertThat(ex.getMessage()).contains("'" + property + "'").contains(value);
			assertThat(ex.getAction()).isNotBlank();
			result[0] = ex;
		});
		return result[0];
	}

	private void assertCompressorsInvalid(String compressor, String dependency, String... properties) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			InvalidMongoPropertyException ex = invalidMongoProperty(context);
			assertThat(ex.getProperty()).isEqualTo("connect.mongodb.compressors");
			assertThat(ex.getMessage()).containsIgnoringCase(compressor).contains(dependency);
			assertThat(ex.getAction()).contains(dependency);
		});
	}

	private void assertBindingFailure(String property, String... properties) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(stackTrace(context.getStartupFailure())).contains(property)
				.doesNotContain(InvalidMongoPropertyException.class.getName());
		});
	}

	private static InvalidMongoPropertyException invalidMongoProperty(AssertableApplicationContext context) {
		Throwable failure = context.getStartupFailure();
		assertThat(failure).rootCause().isInstanceOf(InvalidMongoPropertyException.class);
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return (InvalidMongoPropertyException) root;
	}

	private static String stackTrace(Throwable failure) {
		StringWriter writer = new StringWriter();
		failure.printStackTrace(new PrintWriter(writer));
		return writer.toString();
	}

}
