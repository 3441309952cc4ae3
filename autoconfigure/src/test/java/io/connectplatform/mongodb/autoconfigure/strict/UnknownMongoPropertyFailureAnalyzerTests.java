package io.connectplatform.mongodb.autoconfigure.strict;

import java.util.List;

import io.connectplatform.mongodb.autoconfigure.strict.UnknownMongoPropertyException.UnknownKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.connectplatform.mongodb.autoconfigure.StartupFailures.assertStartupFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UnknownMongoPropertyFailureAnalyzer}, directly and as a real
 * {@link SpringApplication} prints it.
 *
 * @author Connect MongoDB team
 */
@ExtendWith(OutputCaptureExtension.class)
class UnknownMongoPropertyFailureAnalyzerTests {

	@Test
	void misspeltKeyInAYamlFileIsReportedWithFileLineAndNearestKey(CapturedOutput output) {
		assertStartupFails("--spring.config.location=classpath:failure-analysis/unknown-key.yml")
			.isInstanceOf(UnknownMongoPropertyException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("A property under 'connect.mongodb.' is not a Connect MongoDB property:")
			.contains("Property: connect.mongodb.pool.max-sise")
			.contains("Origin: class path resource [failure-analysis/unknown-key.yml] - 7:17")
			.contains("Nearest valid property: connect.mongodb.pool.max-size")
			.contains("Action:")
			.contains("set 'connect.mongodb.strict-properties' to false");
	}

	@Test
	void analysisListsEveryKeyWithoutValues() {
		UnknownMongoPropertyException failure = new UnknownMongoPropertyException(
				List.of(new UnknownKey("connect.mongodb.pool.max-sise", null, "connect.mongodb.pool.max-size"),
						new UnknownKey("connect.mongodb.x", null, null)));
		FailureAnalysis analysis = new UnknownMongoPropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription())
			.startsWith("Properties under 'connect.mongodb.' are not Connect MongoDB properties:")
			.contains("Property: connect.mongodb.pool.max-sise")
			.contains("Nearest valid property: connect.mongodb.pool.max-size")
			.contains("Property: connect.mongodb.x")
			.doesNotContain("Origin:");
		assertThat(analysis.getCause()).isSameAs(failure);
	}

}
