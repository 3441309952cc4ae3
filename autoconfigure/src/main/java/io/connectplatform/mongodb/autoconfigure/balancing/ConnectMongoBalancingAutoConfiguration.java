package io.connectplatform.mongodb.autoconfigure.balancing;

import com.mongodb.client.MongoClient;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;
import io.connectplatform.mongodb.balancing.BalancingObserver;
import io.connectplatform.mongodb.balancing.BalancingSettings;
import io.connectplatform.mongodb.balancing.CircuitBreakingServerSelector;
import io.connectplatform.mongodb.balancing.ServerStatisticsRegistry;
import io.connectplatform.mongodb.endpoint.MongoServersEndpoint;
import io.connectplatform.mongodb.health.MongoServersHealthIndicator;
import io.connectplatform.mongodb.metrics.BalancingMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.registry.RegistryEventConsumer;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of circuit-breaker load balancing
 * across servers, switched on by {@code connect.mongodb.balancing.enabled=true}: one
 * Resilience4j circuit breaker per server from the application's
 * {@link CircuitBreakerRegistry} (one is created when there is none: then
 * {@code resilience4j.circuitbreaker.*} is not bound, and a warning says so if it is set),
 * the circuit-breaking server selector in Boot's client, meters, the
 * {@code mongodbservers} endpoint and a health contributor.
 *
 * @author Connect MongoDB team
 */
@AutoConfiguration(before = { MongoAutoConfiguration.class, ConnectMongoAutoConfiguration.class },
		afterName = { "io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
				"io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerMetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MongoClient.class)
@ConditionalOnBooleanProperty(ConnectMongoBalancingProperties.PREFIX + ".enabled")
@EnableConfigurationProperties(ConnectMongoBalancingProperties.class)
public final class ConnectMongoBalancingAutoConfiguration {

	static final String CIRCUIT_BREAKER_CLASS = "io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = CIRCUIT_BREAKER_CLASS)
	static class BalancingConfiguration {

		private static final Log logger = LogFactory.getLog(ConnectMongoBalancingAutoConfiguration.class);

		@Bean
		@ConditionalOnMissingBean
		CircuitBreakerRegistry circuitBreakerRegistry(ObjectProvider<RegistryEventConsumer<CircuitBreaker>> consumers,
				Environment environment) {
			IgnoredResilience4jProperties.warnIfSet(environment);
			return CircuitBreakerRegistry.of(CircuitBreakerConfig.ofDefaults(), consumers.orderedStream().toList());
		}

		@Bean
		@ConditionalOnMissingBean
		ServerStatisticsRegistry mongoServerStatistics(ConnectMongoBalancingProperties properties,
				CircuitBreakerRegistry circuitBreakers, ObjectProvider<BalancingObserver> observers,
				ApplicationEventPublisher eventPublisher) {
			BalancingSettings settings = BalancingPropertiesMapper.settings(properties);
			if (circuitBreakers.getConfiguration(BalancingSettings.CIRCUIT_BREAKER_CONFIG).isEmpty()) {
				circuitBreakers.addConfiguration(BalancingSettings.CIRCUIT_BREAKER_CONFIG,
						BalancingSettings.defaultCircuitBreakerConfig());
				logger.debug("No Resilience4j circuit-breaker configuration '" + BalancingSettings.CIRCUIT_BREAKER_CONFIG
						+ "'; MongoDB server breakers use Connect MongoDB's defaults");
			}
			return new ServerStatisticsRegistry(circuitBreakers, settings,
					BalancingObserver.of(observers.orderedStream().toList()), eventPublisher);
		}

		@Bean
		@ConditionalOnMissingBean
		CircuitBreakingServerSelector mongoServerSelector(ServerStatisticsRegistry registry,
				ObjectProvider<BalancingObserver> observers) {
			return new CircuitBreakingServerSelector(registry, BalancingObserver.of(observers.orderedStream().toList()));
		}

		@Bean
		BalancingMongoClientSettingsBuilderCustomizer balancingMongoClientSettingsBuilderCustomizer(
				ServerStatisticsRegistry registry, CircuitBreakingServerSelector selector) {
			return new BalancingMongoClientSettingsBuilderCustomizer(registry, selector);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { CIRCUIT_BREAKER_CLASS, "io.micrometer.core.instrument.MeterRegistry" })
	@ConditionalOnBean(MeterRegistry.class)
	static class BalancingMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BalancingMetrics mongoBalancingMetrics(MeterRegistry registry) {
			return new BalancingMetrics(registry);
		}

	}

	/**
	 * Publishes Resilience4j's meters of the breakers as they are created, when
	 * Resilience4j's own auto-configuration does not; the registry that Resilience4j's
	 * auto-configuration or this one creates picks it up. A registry of the application's
	 * own must be given it (or bound with {@code TaggedCircuitBreakerMetrics}) by the
	 * application.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { CIRCUIT_BREAKER_CLASS, "io.micrometer.core.instrument.MeterRegistry",
			"io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher" })
	@ConditionalOnBean(MeterRegistry.class)
	static class CircuitBreakerMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(type = { "io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics",
				"io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher" })
		TaggedCircuitBreakerMetricsPublisher mongoCircuitBreakerMetrics(MeterRegistry meterRegistry) {
			return new TaggedCircuitBreakerMetricsPublisher(meterRegistry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { CIRCUIT_BREAKER_CLASS, "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
			"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
	static class BalancingEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		MongoServersEndpoint mongoServersEndpoint(ServerStatisticsRegistry registry) {
			return new MongoServersEndpoint(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { CIRCUIT_BREAKER_CLASS, "org.springframework.boot.health.contributor.AbstractHealthIndicator",
			"org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator" })
	static class BalancingHealthConfiguration {

		@Bean
		@ConditionalOnEnabledHealthIndicator("mongoservers")
		@ConditionalOnMissingBean(name = "mongoServersHealthIndicator")
		MongoServersHealthIndicator mongoServersHealthIndicator(ServerStatisticsRegistry registry) {
			return new MongoServersHealthIndicator(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(CIRCUIT_BREAKER_CLASS)
	static class MissingResilience4jConfiguration {

		@Bean
		BalancingMongoClientSettingsBuilderCustomizer balancingMongoClientSettingsBuilderCustomizer() {
			throw new InvalidMongoPropertyException(ConnectMongoBalancingProperties.PREFIX + ".enabled", true,
					"balancing needs Resilience4j's circuit breakers, and io.github.resilience4j:resilience4j-circuitbreaker "
							+ "is not on the class path",
					"Add io.github.resilience4j:resilience4j-circuitbreaker (the starter brings it), or set "
							+ ConnectMongoBalancingProperties.PREFIX + ".enabled=false.");
		}

	}

}
