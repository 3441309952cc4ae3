package io.connectplatform.mongodb.autoconfigure.health;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.embedded.EmbeddedMongoServer;
import io.connectplatform.mongodb.health.MongoPingHealthIndicator;
import io.connectplatform.mongodb.test.FaultInjectingProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectMongoHealthContributorAutoConfiguration}, against the embedded
 * server over TCP.
 *
 * @author Connect MongoDB team
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectMongoHealthContributorAutoConfigurationTests {

	private EmbeddedMongoServer server;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void startServer() {
		this.server = EmbeddedMongoServer.start("localhost", 0);
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class,
					ConnectMongoHealthContributorAutoConfiguration.class,
					MongoHealthContributorAutoConfiguration.class))
			.withPropertyValues("spring.mongodb.uri=" + this.server.getConnectionString() + "/orders",
					"connect.mongodb.health.timeout=1s");
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void replacesBootsContributor() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(HealthContributor.class);
			assertThat(context.getBean("mongoHealthContributor")).isInstanceOf(MongoPingHealthIndicator.class);
		});
	}

	@Test
	void backsOffWhenTheIndicatorIsDisabled() {
		this.contextRunner.withPropertyValues("management.health.mongodb.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HealthContributor.class));
	}

	@Test
	void backsOffWithoutBootsHealthModule() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ConditionalOnEnabledHealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MongoPingHealthIndicator.class));
	}

	@Test
	void backsOffWhenTheApplicationHasItsOwnIndicator() {
		this.contextRunner
			.withBean("mongoHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> assertThat(context).doesNotHaveBean(MongoPingHealthIndicator.class));
	}

	@Test
	void reportsUpWithClusterDetailsButNoDatabases() {
		this.contextRunner.run((context) -> {
			Health health = context.getBean(MongoPingHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("clusterType", "REPLICA_SET")
				.containsEntry("target", this.server.getConnectionString() + "/orders")
				.doesNotContainKey("databases");
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> servers = (List<Map<String, Object>>) health.getDetails().get("servers");
			assertThat(servers).singleElement().satisfies((server) -> {
				assertThat(server).containsEntry("address", this.server.getConnectionString().substring("mongodb://".length()))
					.containsEntry("type", "REPLICA_SET_PRIMARY")
					.containsKey("roundTripTimeMillis");
			});
		});
	}

	@Test
	void reportsDownAndWarnsWithoutThePasswordWhenAuthenticationFails(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.mongodb.uri=mongodb://app:s3cret@" + this.server.getConnectionString()
				.substring("mongodb://".length()) + "/orders?authSource=admin")
			.run((context) -> {
				Health health = context.getBean(MongoPingHealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("target", "mongodb://app:****@"
						+ this.server.getConnectionString().substring("mongodb://".length()) + "/orders?authSource=admin");
				assertThat(health.toString()).doesNotContain("s3cret");
				assertThat(output).contains("MongoDB health check failed against mongodb://app:****@")
					.doesNotContain("s3cret");
			});
	}

	@Test
	void reportsDownWhenTheServerIsGone() {
		this.contextRunner.run((context) -> {
			MongoPingHealthIndicator indicator = context.getBean(MongoPingHealthIndicator.class);
			assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
			this.server.close();
			Health health = indicator.health(true);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsKey("error").containsKey("target");
		});
	}

	@Test
	@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD) // a hang guard only
	void reportsDownWhenTheServerHangsInsteadOfWaitingForIt() {
		try (FaultInjectingProxy proxy = FaultInjectingProxy.start(this.server.getAddress())) {
			this.contextRunner
				.withPropertyValues("spring.mongodb.uri=mongodb://localhost:" + proxy.getPort() + "/orders",
						"connect.mongodb.health.timeout=500ms")
				.run((context) -> {
					MongoPingHealthIndicator indicator = context.getBean(MongoPingHealthIndicator.class);
					assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
					proxy.stall();
					Health health = indicator.health(true);
					assertThat(health.getStatus()).isEqualTo(Status.DOWN);
					assertThat(String.valueOf(health.getDetails().get("error"))).containsIgnoringCase("timeout");
					proxy.resume();
					assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
				});
		}
	}

}
