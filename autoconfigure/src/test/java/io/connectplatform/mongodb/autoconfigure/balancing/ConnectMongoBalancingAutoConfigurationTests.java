package io.connectplatform.mongodb.autoconfigure.balancing;

import java.time.Duration;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;
import io.connectplatform.mongodb.balancing.BalancingSettings;
import io.connectplatform.mongodb.balancing.BalancingStrategy;
import io.connectplatform.mongodb.balancing.CircuitBreakingServerSelector;
import io.connectplatform.mongodb.balancing.ServerStatistics;
import io.connectplatform.mongodb.balancing.ServerStatisticsRegistry;
import io.connectplatform.mongodb.endpoint.MongoServersEndpoint;
import io.connectplatform.mongodb.health.MongoServersHealthIndicator;
import io.connectplatform.mongodb.metrics.BalancingMetrics;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectMongoBalancingAutoConfiguration}, against three embedded routers.
 *
 * @author Connect MongoDB team
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectMongoBalancingAutoConfigurationTests {

	@RegisterExtension
	static final EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create().servers(3).routers();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class,
				ConnectMongoBalancingAutoConfiguration.class))
		.withPropertyValues("spring.mongodb.uri=" + mongo.getConnectionString() + "/shop");

	@Test
	void isListedAsAnAutoConfiguration() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
			.contains(ConnectMongoBalancingAutoConfiguration.class.getName());
	}

	@Test
	void isOffByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(ServerStatisticsRegistry.class)
				.doesNotHaveBean(CircuitBreakingServerSelector.class)
				.doesNotHaveBean(CircuitBreakerRegistry.class);
			assertThat(context.getBean(MongoClient.class).getClusterDescription().getClusterSettings().getServerSelector())
				.isNull();
		});
	}

	@Test
	void plugsTheSelectorAndListenersIntoBootsClient() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.balancing.enabled=true", "connect.mongodb.balancing.strategy=round-robin")
			.run((context) -> {
				MongoClient client = context.getBean(MongoClient.class);
				assertThat(client.getClusterDescription().getClusterSettings().getServerSelector())
					.isSameAs(context.getBean(CircuitBreakingServerSelector.class));
				ServerStatisticsRegistry registry = context.getBean(ServerStatisticsRegistry.class);
				assertThat(registry.getSettings().getStrategy()).isEqualTo(BalancingStrategy.ROUND_ROBIN);
				read(client, 30);
				assertThat(registry.servers()).hasSize(3)
					.allSatisfy((server) -> assertThat(server.getRequestsPerSecond()).isNotNegative());
				assertThat(context.getBean(CircuitBreakerRegistry.class).getAllCircuitBreakers())
					.extracting((breaker) -> breaker.getName())
					.allMatch((name) -> name.startsWith("mongodb:localhost:"))
					.hasSize(3);
			});
	}

	@Test
	void createsARegistryWithDefaultBreakerConfigurationWhenThereIsNone() {
		this.contextRunner.withPropertyValues("connect.mongodb.balancing.enabled=true").run((context) -> {
			CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
			assertThat(registry.getConfiguration(BalancingSettings.CIRCUIT_BREAKER_CONFIG)).get()
				.satisfies((config) -> assertThat(config.getSlidingWindowSize())
					.isEqualTo(BalancingSettings.defaultCircuitBreakerConfig().getSlidingWindowSize()));
		});
	}

	@Test
	void usesTheApplicationsRegistryAndItsConfiguration() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class)
			.withPropertyValues("connect.mongodb.balancing.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(CircuitBreakerRegistry.class);
				read(context.getBean(MongoClient.class), 3);
				ServerStatistics server = context.getBean(ServerStatisticsRegistry.class).servers().get(0);
				assertThat(server.getCircuitBreaker())
					.isSameAs(RegistryConfiguration.REGISTRY.circuitBreaker(server.getCircuitBreaker().getName()));
				assertThat(server.getCircuitBreaker().getCircuitBreakerConfig().getFailureRateThreshold()).isEqualTo(17);
			});
	}

	@Test
	void usesTheRegistryAndPropertiesOfResilience4jsAutoConfiguration() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(CircuitBreakerAutoConfiguration.class))
			.withPropertyValues("connect.mongodb.balancing.enabled=true",
					"resilience4j.circuitbreaker.configs.mongodb-server.failure-rate-threshold=30",
					"resilience4j.circuitbreaker.configs.mongodb-server.sliding-window-size=7",
					"resilience4j.circuitbreaker.configs.mongodb-server.wait-duration-in-open-state=3s")
			.run((context) -> {
				assertThat(context).hasSingleBean(CircuitBreakerRegistry.class);
				read(context.getBean(MongoClient.class), 3);
				CircuitBreakerConfig config = context.getBean(ServerStatisticsRegistry.class)
					.servers()
					.get(0)
					.getCircuitBreaker()
					.getCircuitBreakerConfig();
				assertThat(config.getFailureRateThreshold()).isEqualTo(30);
				assertThat(config.getSlidingWindowSize()).isEqualTo(7);
				assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(3000);
			});
	}

	@Test
	void withoutResilience4jsBootModuleUsesItsOwnRegistryWithConnectMongoDefaults(CapturedOutput output) {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.github.resilience4j.springboot"))
			.withPropertyValues("connect.mongodb.balancing.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(CircuitBreakerRegistry.class);
				read(context.getBean(MongoClient.class), 3);
				CircuitBreakerConfig config = firstServerBreakerConfig(context);
				CircuitBreakerConfig defaults = BalancingSettings.defaultCircuitBreakerConfig();
				assertThat(config.getSlidingWindowSize()).isEqualTo(defaults.getSlidingWindowSize()).isEqualTo(50);
				assertThat(config.getMinimumNumberOfCalls()).isEqualTo(defaults.getMinimumNumberOfCalls());
				assertThat(output).doesNotContain(IgnoredResilience4jProperties.PREFIX);
			});
	}

	@Test
	void withoutResilience4jsBootModuleItsPropertiesAreIgnoredWithAWarning(CapturedOutput output) {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.github.resilience4j.springboot"))
			.withPropertyValues("connect.mongodb.balancing.enabled=true",
					"resilience4j.circuitbreaker.configs.mongodb-server.sliding-window-size=7")
			.run((context) -> {
				read(context.getBean(MongoClient.class), 3);
				assertThat(firstServerBreakerConfig(context).getSlidingWindowSize()).isEqualTo(50);
				assertThat(output).containsOnlyOnce(
						"Property 'resilience4j.circuitbreaker.configs.mongodb-server.sliding-window-size' is set")
					.contains("io.github.resilience4j:resilience4j-spring-boot4");
			});
	}

	@Test
	void withResilience4jsBootModuleItsInstancePropertiesApplyToAServersBreaker(CapturedOutput output) {
		String server = "mongodb:" + mongo.server(1).getHostAndPort();
		// Keys hold colons, which withPropertyValues would take as the separator
		Map<String, Object> properties = Map.of("connect.mongodb.balancing.enabled", "true",
				"resilience4j.circuitbreaker.configs.mongodb-server.sliding-window-size", "7",
				"resilience4j.circuitbreaker.instances.[" + server + "].sliding-window-size", "3",
				"resilience4j.circuitbreaker.instances.[" + server + "].minimum-number-of-calls", "2");
		this.contextRunner.withConfiguration(AutoConfigurations.of(CircuitBreakerAutoConfiguration.class))
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("instances", properties)))
			.run((context) -> {
				read(context.getBean(MongoClient.class), 6);
				assertThat(context.getBean(ServerStatisticsRegistry.class).servers()).hasSize(3)
					.allSatisfy((statistics) -> {
						CircuitBreakerConfig config = statistics.getCircuitBreaker().getCircuitBreakerConfig();
						boolean instance = statistics.getCircuitBreaker().getName().equals(server);
						assertThat(config.getSlidingWindowSize()).isEqualTo(instance ? 3 : 7);
					});
				assertThat(output).doesNotContain("is set but no Resilience4j Spring Boot module");
			});
	}

	@Test
	void bindsResilience4jAndBalancingMeters() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("connect.mongodb.balancing.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(BalancingMetrics.class);
				read(context.getBean(MongoClient.class), 12);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get(BalancingMetrics.SELECTIONS_METER_NAME).tag("strategy", "least-in-flight").counters())
					.isNotEmpty();
				assertThat(meters.get(BalancingMetrics.IN_FLIGHT_METER_NAME).gauges()).hasSize(3);
				assertThat(meters.get(BalancingMetrics.LATENCY_METER_NAME).timeGauges()).hasSize(3);
				assertThat(meters.get("resilience4j.circuitbreaker.state").tag("state", "closed").gauges())
					.extracting((gauge) -> gauge.getId().getTag("name"))
					.allMatch((name) -> name.startsWith("mongodb:"))
					.hasSize(3);
			});
	}

	@Test
	void resilience4jsOwnMetricsAutoConfigurationIsNotDuplicated() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					CircuitBreakerAutoConfiguration.class, CircuitBreakerMetricsAutoConfiguration.class))
			.withPropertyValues("connect.mongodb.balancing.enabled=true")
			.run((context) -> {
				assertThat(context).doesNotHaveBean("mongoCircuitBreakerMetrics");
				read(context.getBean(MongoClient.class), 3);
				assertThat(context.getBean(MeterRegistry.class).get("resilience4j.circuitbreaker.state").gauges())
					.isNotEmpty();
			});
	}

	@Test
	void exposesTheEndpointAndHealthWithActuator() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.balancing.enabled=true",
					"management.endpoints.web.exposure.include=mongodbservers")
			.run((context) -> {
				assertThat(context).hasSingleBean(MongoServersEndpoint.class)
					.hasSingleBean(MongoServersHealthIndicator.class);
				read(context.getBean(MongoClient.class), 3);
				assertThat(context.getBean(MongoServersEndpoint.class).servers().servers()).hasSize(3);
			});
	}

	@Test
	void healthContributorCanBeSwitchedOff() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.balancing.enabled=true", "management.health.mongoservers.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MongoServersHealthIndicator.class));
	}

	@Test
	void worksWithoutActuatorOrMicrometer() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health",
					"io.micrometer"))
			.withPropertyValues("connect.mongodb.balancing.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(CircuitBreakingServerSelector.class);
				read(context.getBean(MongoClient.class), 3);
			});
	}

	@Test
	void withoutResilience4jEnablingFailsWithThePropertyNamed() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.github.resilience4j"))
			.withPropertyValues("connect.mongodb.balancing.enabled=true")
			.run((context) -> {
				InvalidMongoPropertyException failure = startupFailure(context);
				assertThat(failure.getProperty()).isEqualTo("connect.mongodb.balancing.enabled");
				assertThat(failure.getAction()).contains("resilience4j-circuitbreaker");
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "weights.[a:27017]=-1 | connect.mongodb.balancing.weights[a:27017] | -1",
			"weights.a27017=2 | connect.mongodb.balancing.weights[a27017] | 2",
			"zones.[a:x]=eu-1 | connect.mongodb.balancing.zones[a:x] | eu-1",
			"default-weight=-2 | connect.mongodb.balancing.default-weight | -2",
			"strategy=zone | connect.mongodb.balancing.local-zone | ",
			"response-time-share=1.5 | connect.mongodb.balancing.response-time-share | 1.5",
			"zone-tag= | connect.mongodb.balancing.zone-tag | " })
	void badValuesFailStartupWithThePropertyNamed(String setting, String property, String value) {
		int equals = setting.indexOf('=');
		// Keys may hold a colon, which withPropertyValues would take as the separator
		Map<String, Object> properties = Map.of("connect.mongodb.balancing.enabled", "true",
				"connect.mongodb.balancing." + setting.substring(0, equals), setting.substring(equals + 1));
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("test", properties)))
			.run((context) -> {
				InvalidMongoPropertyException failure = startupFailure(context);
				assertThat(failure.getProperty()).isEqualTo(property);
				if (value != null) {
					assertThat(failure.getValue()).isEqualTo(value);
				}
			});
	}

	private static void read(MongoClient client, int times) {
		MongoCollection<Document> collection = client.getDatabase("shop").getCollection("items");
		for (int i = 0; i < times; i++) {
			collection.find().first();
		}
	}

	private static CircuitBreakerConfig firstServerBreakerConfig(AssertableApplicationContext context) {
		return context.getBean(ServerStatisticsRegistry.class)
			.servers()
			.get(0)
			.getCircuitBreaker()
			.getCircuitBreakerConfig();
	}

	private static InvalidMongoPropertyException startupFailure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable root = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
		assertThat(root).isInstanceOf(InvalidMongoPropertyException.class);
		return (InvalidMongoPropertyException) root;
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		static final CircuitBreakerRegistry REGISTRY = CircuitBreakerRegistry.ofDefaults();

		static {
			REGISTRY.addConfiguration(BalancingSettings.CIRCUIT_BREAKER_CONFIG,
					CircuitBreakerConfig.custom().failureRateThreshold(17).waitDurationInOpenState(Duration.ofSeconds(1)).build());
		}

		@Bean
		CircuitBreakerRegistry applicationCircuitBreakers() {
			return REGISTRY;
		}

	}

}
