package io.connectplatform.mongodb.sample;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the starter puts on the sample's class path: Resilience4j's circuit-breaker library
 * for balancing, and none of Resilience4j's Spring Boot auto-configurations, which would
 * run in every application although balancing is off by default.
 */
class StarterClassPathTests {

	private final ClassLoader classLoader = getClass().getClassLoader();

	@Test
	void bringsResilience4jsCircuitBreakersForBalancing() {
		assertThat(ClassUtils.isPresent("io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry", this.classLoader))
			.isTrue();
		assertThat(ClassUtils.isPresent("io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher",
				this.classLoader))
			.isTrue();
	}

	@Test
	void doesNotBringResilience4jsSpringBootModule() {
		assertThat(ClassUtils.isPresent(
				"io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
				this.classLoader))
			.isFalse();
		assertThat(ImportCandidates.load(AutoConfiguration.class, this.classLoader))
			.filteredOn((candidate) -> candidate.startsWith("io.github.resilience4j."))
			.isEmpty();
	}

}
