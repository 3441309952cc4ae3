package io.connectplatform.mongodb.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.connectplatform.mongodb.autoconfigure.StartupFailures.assertStartupFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the failure analysis that a real {@link SpringApplication} prints when a
 * MongoDB property is invalid.
 *
 * @author Connect MongoDB team
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureAnalysisOutputTests {

	@Test
	void minSizeAboveMaxSizeIsReportedWithPropertyAndAction(CapturedOutput output) {
		assertStartupFails("--spring.mongodb.uri=mongodb://localhost:27017/test",
				"--connect.mongodb.pool.min-size=50", "--connect.mongodb.pool.max-size=5")
			.havingRootCause()
			.isInstanceOf(InvalidMongoPropertyException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '50' for property 'connect.mongodb.pool.min-size'")
			.contains("the minimum pool size (50) is above the maximum pool size (5)")
			.contains("Action:")
			.contains("Set 'connect.mongodb.pool.min-size' to at most 'connect.mongodb.pool.max-size'");
	}

	@Test
	void invalidValueFromYamlFileIsReportedWithFileAndLine(CapturedOutput output) {
		assertStartupFails("--spring.config.location=classpath:failure-analysis/invalid-pool-size.yml")
			.havingRootCause()
			.isInstanceOf(InvalidMongoPropertyException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '50' for property 'connect.mongodb.pool.min-size'")
			.contains("Origin: class path resource [failure-analysis/invalid-pool-size.yml] - 7:17")
			.contains("Set 'connect.mongodb.pool.min-size' to at most 'connect.mongodb.pool.max-size'")
			.doesNotContain("Validation failed for the following reason");
	}

	@Test
	void invalidValueFromCommandLineIsReportedWithItsPropertySource(CapturedOutput output) {
		assertStartupFails("--spring.mongodb.uri=mongodb://localhost:27017/test", "--connect.mongodb.async.pool-size=0")
			.havingRootCause()
			.isInstanceOf(InvalidMongoPropertyException.class);
		assertThat(output)
			.contains("Origin: \"connect.mongodb.async.pool-size\" from property source \"commandLineArgs\"");
	}

	@Test
	void unparsableUriWithPasswordFromYamlFileIsReportedWithLineButWithoutPassword(CapturedOutput output) {
		assertStartupFails("--spring.config.location=classpath:failure-analysis/invalid-uri-with-password.yml")
			.havingRootCause()
			.isInstanceOf(InvalidMongoPropertyException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value 'mongodb://u:****@localhost:notaport/test' for property 'spring.mongodb.uri'")
			.contains("Origin: class path resource [failure-analysis/invalid-uri-with-password.yml] - 3:10")
			.contains("Set spring.mongodb.uri to a connection string such as")
			.doesNotContain("s3cret");
	}

	@Test
	void unparsableUriIsReportedWithPropertyAndAction(CapturedOutput output) {
		assertStartupFails("--spring.mongodb.uri=not-a-uri")
			.havingRootCause()
			.isInstanceOf(InvalidMongoPropertyException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value 'not-a-uri' for property 'spring.mongodb.uri'")
			.contains("Action:")
			.contains("Set spring.mongodb.uri to a connection string such as");
	}

	@Test
	void unparsableUriWithPasswordIsReportedWithoutPassword(CapturedOutput output) {
		assertStartupFails("--spring.mongodb.uri=mongodb://u:s3cret@localhost:notaport/test")
			.havingRootCause()
			.isInstanceOf(InvalidMongoPropertyException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value 'mongodb://u:****@localhost:notaport/test' for property 'spring.mongodb.uri'")
			.doesNotContain("s3cret");
	}

	@Test
	void unparsableUriIgnoredByEmbeddedServerIsReportedWithoutPassword(CapturedOutput output) {
		assertStartupFails("--connect.mongodb.embedded.enabled=true", "--spring.mongodb.uri=mongodb://u:s3cret@")
			.havingRootCause()
			.isInstanceOf(InvalidMongoPropertyException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value 'mongodb://u:****@' for property 'spring.mongodb.uri'")
			.contains("Action:")
			.contains("Set spring.mongodb.uri to a connection string such as")
			.doesNotContain("s3cret");
	}

	@Test
	void invalidAsyncPoolSizeIsReportedWithPropertyAndAction(CapturedOutput output) {
		assertStartupFails("--spring.mongodb.uri=mongodb://localhost:27017/test", "--connect.mongodb.async.pool-size=0")
			.havingRootCause()
			.isInstanceOf(InvalidMongoPropertyException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '0' for property 'connect.mongodb.async.pool-size': it must be 1 or more")
			.contains("Action:")
			.contains("Set connect.mongodb.async.pool-size to 1 or more.");
	}

	@Test
	void invalidMaxNestingDepthIsReportedWithPropertyAndAction(CapturedOutput output) {
		assertStartupFails("--spring.mongodb.uri=mongodb://localhost:27017/test",
				"--connect.mongodb.validation.max-nesting-depth=0")
			.havingRootCause()
			.isInstanceOf(InvalidMongoPropertyException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '0' for property 'connect.mongodb.validation.max-nesting-depth'")
			.contains("Action:")
			.contains("Set connect.mongodb.validation.max-nesting-depth to 1 or more (default 100).");
	}

}
