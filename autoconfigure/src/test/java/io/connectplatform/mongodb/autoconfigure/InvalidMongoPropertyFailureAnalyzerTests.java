package io.connectplatform.mongodb.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidMongoPropertyFailureAnalyzer}.
 *
 * @author Connect MongoDB team
 */
class InvalidMongoPropertyFailureAnalyzerTests {

	private final InvalidMongoPropertyFailureAnalyzer analyzer = new InvalidMongoPropertyFailureAnalyzer();

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
	void analyzeUnrelatedExceptionGivesNoAnalysis() {
		assertThat(this.analyzer.analyze(new RuntimeException(new IllegalArgumentException("unrelated")))).isNull();
	}

}
