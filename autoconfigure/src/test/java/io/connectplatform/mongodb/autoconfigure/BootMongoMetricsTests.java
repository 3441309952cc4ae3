package io.connectplatform.mongodb.autoconfigure;

import com.mongodb.client.MongoDatabase;
import io.connectplatform.mongodb.autoconfigure.embedded.ConnectMongoEmbeddedAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.metrics.MongoMetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that Boot's MongoDB command and pool meters still apply to the client that
 * {@link ConnectMongoAutoConfiguration} builds, over TCP against the embedded server.
 *
 * @author Connect MongoDB team
 */
class BootMongoMetricsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConnectMongoEmbeddedAutoConfiguration.class,
				ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class, MongoMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("connect.mongodb.embedded.enabled=true");

	@Test
	void commandsAndPoolsAreMeteredByBootsListeners() {
		this.contextRunner.run((context) -> {
			context.getBean(MongoDatabase.class).getCollection("metered").insertOne(new Document("n", 1));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("mongodb.driver.commands").tag("command", "insert").timer().count()).isEqualTo(1);
			assertThat(registry.get("mongodb.driver.pool.size").gauges()).isNotEmpty();
		});
	}

	@Test
	void commandMetricsCanBeSwitchedOffWithBootsProperty() {
		this.contextRunner.withPropertyValues("management.metrics.mongodb.command.enabled=false").run((context) -> {
			context.getBean(MongoDatabase.class).getCollection("metered").insertOne(new Document("n", 1));
			assertThat(context.getBean(MeterRegistry.class).find("mongodb.driver.commands").timer()).isNull();
		});
	}

}
