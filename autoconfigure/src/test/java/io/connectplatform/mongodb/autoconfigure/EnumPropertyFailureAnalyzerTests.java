package io.connectplatform.mongodb.autoconfigure;

import java.util.Map;

import io.connectplatform.mongodb.autoconfigure.ConnectMongoProperties.ReadPreferenceMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.connectplatform.mongodb.autoconfigure.StartupFailures.assertStartupFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link EnumPropertyFailureAnalyzer}: a bad enum value of a
 * {@code connect.mongodb.*} property is reported with the valid values written as the
 * README writes them.
 *
 * @author Connect MongoDB team
 */
@ExtendWith(OutputCaptureExtension.class)
class EnumPropertyFailureAnalyzerTests {

	@Test
	void unknownReadPreferenceModeListsTheModesAsTheReadmeWritesThem(CapturedOutput output) {
		assertStartupFails("--spring.mongodb.uri=mongodb://localhost:27017/test",
				"--connect.mongodb.read-preference.mode=primary-prefered")
			.havingRootCause()
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value 'primary-prefered' for property 'connect.mongodb.read-preference.mode': "
					+ "it is not one of primary, primary-preferred, secondary, secondary-preferred, nearest")
			.contains("Origin: \"connect.mongodb.read-preference.mode\" from property source \"commandLineArgs\"")
			.contains("Set 'connect.mongodb.read-preference.mode' to one of primary, primary-preferred, secondary, "
					+ "secondary-preferred, nearest.")
			.doesNotContain("PRIMARY_PREFERRED")
			.doesNotContain("SECONDARY_PREFERRED");
	}

	@Test
	void unknownCompressorInAListNamesTheCompressorsAsWritten(CapturedOutput output) {
		assertStartupFails("--spring.mongodb.uri=mongodb://localhost:27017/test",
				"--connect.mongodb.compressors=zlib,lz4")
			.havingRootCause()
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(output).contains("it is not one of snappy, zlib, zstd")
			.contains("to one of snappy, zlib, zstd.")
			.doesNotContain("ZLIB");
	}

	@Test
	void unknownChecksumOfAFeaturePropertyIsWrittenWithHyphens(CapturedOutput output) {
		assertStartupFails("--spring.mongodb.uri=mongodb://localhost:27017/test",
				"--connect.mongodb.gridfs.checksum=md5")
			.havingRootCause()
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(output).contains("Invalid value 'md5' for property 'connect.mongodb.gridfs.checksum'")
			.contains("sha-256")
			.doesNotContain("SHA_256");
	}

	@Test
	void topologyInAValidationMessageIsWrittenAsInTheReadme(CapturedOutput output) {
		assertStartupFails("--connect.mongodb.embedded.enabled=true", "--connect.mongodb.embedded.servers=2")
			.havingRootCause()
			.isInstanceOf(InvalidMongoPropertyException.class);
		assertThat(output).contains("several servers of a replica-set topology cannot form one deployment")
			.doesNotContain("REPLICA_SET topology");
	}

	@Test
	void enumOfAnotherPrefixIsLeftToBoot() {
		BindException failure = bindFailure("other", "other.mode", "primary-prefered");
		assertThat(new EnumPropertyFailureAnalyzer().analyze(failure)).isNull();
	}

	@Test
	void failureThatIsNoEnumConversionIsLeftToBoot() {
		BindException failure = catchThrowableOfType(BindException.class,
				() -> new Binder(new MapConfigurationPropertySource(Map.of("connect.mongodb.count", "many")))
					.bind("connect.mongodb", Bindable.of(CountHolder.class)));
		assertThat(failure).isNotNull();
		assertThat(new EnumPropertyFailureAnalyzer().analyze(failure)).isNull();
	}

	@Test
	void analysisOfABinderFailureNamesPropertyValueAndValues() {
		BindException failure = bindFailure("connect.mongodb", "connect.mongodb.mode", "sometimes");
		FailureAnalysis analysis = new EnumPropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith(
				"Invalid value 'sometimes' for property 'connect.mongodb.mode': it is not one of primary, primary-preferred");
		assertThat(analysis.getAction()).isEqualTo("Set 'connect.mongodb.mode' to one of primary, primary-preferred, "
				+ "secondary, secondary-preferred, nearest.");
		assertThat(analysis.getCause()).isSameAs(failure);
	}

	private static BindException bindFailure(String prefix, String property, String value) {
		BindException failure = catchThrowableOfType(BindException.class,
				() -> new Binder(new MapConfigurationPropertySource(Map.of(property, value))).bind(prefix,
						Bindable.of(ModeHolder.class)));
		assertThat(failure).isNotNull();
		return failure;
	}

	static class ModeHolder {

		private ReadPreferenceMode mode = ReadPreferenceMode.PRIMARY;

		public ReadPreferenceMode getMode() {
			return this.mode;
		}

		public void setMode(ReadPreferenceMode mode) {
			this.mode = mode;
		}

	}

	static class CountHolder {

		private int count;

		public int getCount() {
			return this.count;
		}

		public void setCount(int count) {
			this.count = count;
		}

	}

}
