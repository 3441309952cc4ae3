package io.connectplatform.mongodb.autoconfigure.health;

import java.time.Duration;
import java.util.List;

import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.changestream.ConnectMongoChangeStreamsAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.embedded.ConnectMongoEmbeddedAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.template.ConnectMongoTemplatesAutoConfiguration;
import io.connectplatform.mongodb.changestream.ChangeEvent;
import io.connectplatform.mongodb.changestream.ChangeStreamListenerContainer;
import io.connectplatform.mongodb.changestream.ListenerState;
import io.connectplatform.mongodb.changestream.MongoChangeListener;
import io.connectplatform.mongodb.health.ChangeStreamsHealthIndicator;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the status of {@link ChangeStreamsHealthIndicator} with listeners on the
 * embedded server: a listener stopped on purpose while the container runs is
 * OUT_OF_SERVICE; listeners stopped because the container stopped (a shutdown) are not.
 *
 * @author Connect MongoDB team
 */
class ChangeStreamsHealthStatusTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConnectMongoEmbeddedAutoConfiguration.class,
				ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class,
				ConnectMongoTemplatesAutoConfiguration.class, ConnectMongoChangeStreamsAutoConfiguration.class,
				ConnectMongoChangeStreamsHealthContributorAutoConfiguration.class))
		.withUserConfiguration(TwoListeners.class)
		.withPropertyValues("connect.mongodb.embedded.enabled=true", "connect.mongodb.embedded.port=0",
				"spring.mongodb.database=shop", "connect.mongodb.change-streams.token-store=memory",
				"connect.mongodb.change-streams.max-await-time=200ms");

	@Test
	void aListenerStoppedWhileTheContainerRunsIsOutOfServiceUntilItStartsAgain() {
		this.contextRunner.run((context) -> {
			ChangeStreamListenerContainer container = context.getBean(ChangeStreamListenerContainer.class);
			ChangeStreamsHealthIndicator indicator = context.getBean(ChangeStreamsHealthIndicator.class);
			container.start();
			awaitRunning(container, "orders", "invoices");
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
			container.stop("orders");
			Health health = indicator.health();
			assertThat(health.getStatus()).as("status with the listener 'orders' stopped")
				.isEqualTo(Status.OUT_OF_SERVICE);
			assertThat(health.getDetails()).containsEntry("stopped", List.of("orders"))
				.containsEntry("running", true);
			container.start("orders");
			awaitRunning(container, "orders");
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
			assertThat(indicator.health().getDetails()).doesNotContainKey("stopped");
		});
	}

	@Test
	void listenersStoppedWithTheContainerAreNotOutOfService() {
		this.contextRunner.run((context) -> {
			ChangeStreamListenerContainer container = context.getBean(ChangeStreamListenerContainer.class);
			ChangeStreamsHealthIndicator indicator = context.getBean(ChangeStreamsHealthIndicator.class);
			container.start();
			awaitRunning(container, "orders", "invoices");
			container.stop();
			assertThat(container.getListeners()).extracting((status) -> status.state())
				.containsOnly(ListenerState.STOPPED);
			Health health = indicator.health();
			assertThat(health.getStatus()).as("status after the container stopped").isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("running", false).doesNotContainKey("stopped");
		});
	}

	private static void awaitRunning(ChangeStreamListenerContainer container, String... ids) {
		for (String id : ids) {
			await().atMost(TIMEOUT).until(() -> container.getListener(id).state() == ListenerState.RUNNING);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoListeners {

		@MongoChangeListener(id = "orders", collection = "orders")
		void orders(ChangeEvent<Document> event) {
		}

		@MongoChangeListener(id = "invoices", collection = "invoices")
		void invoices(ChangeEvent<Document> event) {
		}

	}

}
