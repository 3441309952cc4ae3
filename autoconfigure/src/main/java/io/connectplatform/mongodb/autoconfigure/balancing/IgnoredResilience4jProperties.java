package io.connectplatform.mongodb.autoconfigure.balancing;

import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Warns, once per registry that balancing creates, that {@code resilience4j.circuitbreaker.*}
 * properties are set but nothing binds them: they are read by Resilience4j's Spring Boot
 * module, which the starter does not bring. A warning rather than a failure, because the
 * keys are Resilience4j's, not ours, and may be meant for code of the application.
 *
 * @author Connect MongoDB team
 */
final class IgnoredResilience4jProperties {

	static final String PREFIX = "resilience4j.circuitbreaker";

	private static final ConfigurationPropertyName NAME = ConfigurationPropertyName.of(PREFIX);

	private static final Log logger = LogFactory.getLog(ConnectMongoBalancingAutoConfiguration.class);

	private IgnoredResilience4jProperties() {
	}

	/**
	 * Log a warning when the environment holds a property under
	 * {@value #PREFIX}.
	 * @param environment the application's environment
	 * @return the first such property found, if any
	 */
	static Optional<String> warnIfSet(Environment environment) {
		Optional<String> found = find(environment);
		found.ifPresent((property) -> logger.warn("Property '" + property + "' is set but no "
				+ "Resilience4j Spring Boot module configures the CircuitBreakerRegistry, so the circuit breakers "
				+ "of MongoDB servers ignore " + PREFIX + ".* and use Connect MongoDB's defaults. Add "
				+ "io.github.resilience4j:resilience4j-spring-boot4 to apply them (the starter does not bring it)."));
		return found;
	}

	private static Optional<String> find(Environment environment) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				Optional<String> name = iterable.stream()
					.filter(NAME::isAncestorOf)
					.map(ConfigurationPropertyName::toString)
					.findFirst();
				if (name.isPresent()) {
					return name;
				}
			}
		}
		return Optional.empty();
	}

}
