package io.connectplatform.mongodb.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin.Location;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidMongoPropertyFailureAnalyzer}.
 *
 * @author Connect MongoDB team
 */
class InvalidMongoPropertyFailureAnalyzerTests {

	private final InvalidMongoPropertyFailureAnalyzer analyzer = new InvalidMongoPropertyFailureAnalyzer(
			new MockEnvironment());

	@Test
	void analyzeWrappedExceptionDescribesPropertyValueAndReason() {
		InvalidMongoPropertyException cause = new InvalidMongoPropertyException("connect.mongodb.pool.min-size", 50,
				"the minimum pool size (50) is above the maximum pool size (5)",
				"Set 'connect.mongodb.pool.min-size' to at most 'connect.mongodb.pool.max-size'.");
		FailureAnalysis analysis = this.analyzer.analyze(new RuntimeException(cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("'connect.mongodb.pool.min-size'")
			.contains("'50'")
			.contains("the minimum pool size (50) is above the maximum pool size (5)");
		assertThat(analysis.getAction())
			.isEqualTo("Set 'connect.mongodb.pool.min-size' to at most 'connect.mongodb.pool.max-size'.");
		assertThat(analysis.getCause()).isSameAs(cause);
	}

	@Test
	void analyzeDeeplyWrappedExceptionFindsIt() {
		InvalidMongoPropertyException cause = new InvalidMongoPropertyException("spring.mongodb.uri", "not-a-uri",
				"it is not a valid MongoDB connection string", "Set spring.mongodb.uri to a connection string.");
		FailureAnalysis analysis = this.analyzer
			.analyze(new BeanCreationException("mongo", "Error creating bean", new IllegalStateException(cause)));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("'spring.mongodb.uri'").contains("'not-a-uri'");
		assertThat(analysis.getAction()).isEqualTo("Set spring.mongodb.uri to a connection string.");
	}

	@Test
	void analyzeExceptionOfUnsetPropertyDescribesItAsUnset() {
		FailureAnalysis analysis = this.analyzer.analyze(new RuntimeException(new InvalidMongoPropertyException(
				"spring.mongodb.host", null, "the connection string is invalid", "Review spring.mongodb.host.")));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("'spring.mongodb.host'").contains("(unset)");
		assertThat(analysis.getAction()).isEqualTo("Review spring.mongodb.host.");
	}

	@Test
	void exceptionIsABootInvalidConfigurationPropertyValueException() {
		InvalidMongoPropertyException cause = new InvalidMongoPropertyException("connect.mongodb.pool.min-size", 50,
				"it is too big", "Lower it.");
		assertThat(cause).isInstanceOf(InvalidConfigurationPropertyValueException.class);
		assertThat(cause.getName()).isEqualTo("connect.mongodb.pool.min-size");
		assertThat(cause.getValue()).isEqualTo("50");
		assertThat(cause.getReason()).isEqualTo("it is too big");
		assertThat(cause.getMessage())
			.isEqualTo("Invalid value '50' for property 'connect.mongodb.pool.min-size': it is too big");
	}

	@Test
	void analyzeDescribesOriginOfValueFromFile() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new OriginTrackedMapPropertySource("Config resource 'class path resource [application.yml]'",
					Map.of("connect.mongodb.pool.min-size", OriginTrackedValue.of(50,
							new TextResourceOrigin(new ClassPathResource("application.yml"), new Location(11, 6))))));
		FailureAnalysis analysis = new InvalidMongoPropertyFailureAnalyzer(environment)
			.analyze(new RuntimeException(new InvalidMongoPropertyException("connect.mongodb.pool.min-size", 50,
					"the minimum pool size (50) is above the maximum pool size (5)", "Lower it.")));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("Invalid value '50' for property 'connect.mongodb.pool.min-size'")
			.contains("Origin: class path resource [application.yml] - 12:7");
		assertThat(analysis.getAction()).isEqualTo("Lower it.");
	}

	@Test
	void analyzeDescribesOriginOfRelaxedEnvironmentVariableWithoutItsValue() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
					Map.of("SPRING_MONGODB_URI", "mongodb://u:s3cret@localhost:notaport/test")));
		FailureAnalysis analysis = new InvalidMongoPropertyFailureAnalyzer(environment)
			.analyze(new RuntimeException(new InvalidMongoPropertyException("spring.mongodb.uri",
					"mongodb://u:****@localhost:notaport/test", "the port is not a number", "Fix the port.")));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("'mongodb://u:****@localhost:notaport/test'")
			.contains("Origin: \"SPRING_MONGODB_URI\" from property source \"systemEnvironment\"")
			.doesNotContain("s3cret");
	}

	@Test
	void analyzeNamesOverriddenSourcesAfterTheOneUsed() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("defaults", Map.of("connect.mongodb.async.pool-size", "4")));
		environment.getPropertySources()
			.addFirst(new MapPropertySource("overrides", Map.of("connect.mongodb.async.pool-size", "0")));
		FailureAnalysis analysis = new InvalidMongoPropertyFailureAnalyzer(environment).analyze(new RuntimeException(
				new InvalidMongoPropertyException("connect.mongodb.async.pool-size", 0, "it must be 1 or more", "Raise it.")));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription())
			.contains("Origin: \"connect.mongodb.async.pool-size\" from property source \"overrides\" (the value used)")
			.contains("\"connect.mongodb.async.pool-size\" from property source \"defaults\"");
		assertThat(analysis.getDescription().indexOf("\"overrides\""))
			.isLessThan(analysis.getDescription().indexOf("\"defaults\""));
	}

	@Test
	void analyzeWithoutEnvironmentDescribesNoOrigin() {
		FailureAnalysis analysis = new InvalidMongoPropertyFailureAnalyzer(null).analyze(new RuntimeException(
				new InvalidMongoPropertyException("connect.mongodb.async.pool-size", 0, "it must be 1 or more", "Raise it.")));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).doesNotContain("Origin:");
	}

	@Test
	void analyzerRunsBeforeBootsWhichWouldPrintTheRawValueWhateverTheClassPathOrder() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test",
					Map.of("spring.mongodb.uri", "mongodb://u:s3cret@localhost:notaport/test")));
		List<FailureAnalyzer> analyzers = new ArrayList<>(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, ArgumentResolver.of(Environment.class, environment)
				.and(BeanFactory.class, new DefaultListableBeanFactory()),
					FailureHandler.handleMessage((message, failure) -> {
						// as Boot does: analyzers whose optional classes are missing are skipped
					})));
		assertThat(analyzers).extracting((analyzer) -> analyzer.getClass().getSimpleName())
			.contains("InvalidMongoPropertyFailureAnalyzer", "InvalidConfigurationPropertyValueFailureAnalyzer");
		// Boot's factories first, as with another class path order; sorting must fix it
		Collections.reverse(analyzers);
		AnnotationAwareOrderComparator.sort(analyzers);
		InvalidMongoPropertyException cause = new InvalidMongoPropertyException("spring.mongodb.uri",
				"mongodb://u:****@localhost:notaport/test", "the port is not a number", "Fix the port.");
		FailureAnalysis analysis = analyzers.stream()
			.map((analyzer) -> analyzer.analyze(new RuntimeException(cause)))
			.filter(Objects::nonNull)
			.findFirst()
			.orElseThrow();
		assertThat(analysis.getDescription()).contains("'mongodb://u:****@localhost:notaport/test'")
			.contains("Origin: \"spring.mongodb.uri\" from property source \"test\"")
			.doesNotContain("s3cret");
		assertThat(analysis.getAction()).isEqualTo("Fix the port.");
	}

	@Test
	void analyzeUnrelatedExceptionGivesNoAnalysis() {
		assertThat(this.analyzer.analyze(new RuntimeException(new IllegalArgumentException("unrelated")))).isNull();
	}

}
