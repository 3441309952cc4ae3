package io.connectplatform.mongodb.autoconfigure.changestream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.OperationType;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;
import io.connectplatform.mongodb.autoconfigure.embedded.ConnectMongoEmbeddedAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.endpoint.ConnectMongoChangeStreamsEndpointAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.health.ConnectMongoChangeStreamsHealthContributorAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.metrics.ConnectMongoMetricsAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.template.ConnectMongoTemplatesAutoConfiguration;
import io.connectplatform.mongodb.changestream.ChangeEvent;
import io.connectplatform.mongodb.changestream.ChangeStreamListenerContainer;
import io.connectplatform.mongodb.changestream.HistoryLostPolicy;
import io.connectplatform.mongodb.changestream.InMemoryResumeTokenStore;
import io.connectplatform.mongodb.changestream.ListenerErrorPolicy;
import io.connectplatform.mongodb.changestream.ListenerState;
import io.connectplatform.mongodb.changestream.MongoChangeListener;
import io.connectplatform.mongodb.changestream.MongoResumeTokenStore;
import io.connectplatform.mongodb.changestream.ResumeTokenStore;
import io.connectplatform.mongodb.endpoint.ChangeStreamsEndpoint;
import io.connectplatform.mongodb.health.ChangeStreamsHealthIndicator;
import io.connectplatform.mongodb.metrics.ChangeStreamMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ConnectMongoChangeStreamsAutoConfiguration} and the change-stream health
 * and endpoint auto-configurations, over TCP against the embedded server (one per
 * context).
 *
 * @author Connect MongoDB team
 */
class ConnectMongoChangeStreamsAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConnectMongoEmbeddedAutoConfiguration.class,
				ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class,
				ConnectMongoTemplatesAutoConfiguration.class, ConnectMongoChangeStreamsAutoConfiguration.class,
				ConnectMongoChangeStreamsHealthContributorAutoConfiguration.class,
				ConnectMongoChangeStreamsEndpointAutoConfiguration.class))
		.withPropertyValues("connect.mongodb.embedded.enabled=true", "connect.mongodb.embedded.port=0",
				"spring.mongodb.database=shop", "connect.mongodb.change-streams.max-await-time=200ms");

	@Test
	void isListedAsAnAutoConfiguration() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())).contains(
				ConnectMongoChangeStreamsAutoConfiguration.class.getName(),
				ConnectMongoChangeStreamsHealthContributorAutoConfiguration.class.getName(),
				ConnectMongoChangeStreamsEndpointAutoConfiguration.class.getName());
	}

	@Test
	void createsTheContainerWithTokensInMongoDbByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ChangeStreamListenerContainer.class);
			assertThat(context).hasSingleBean(ChangeStreamsHealthIndicator.class);
			ResumeTokenStore store = context.getBean(ResumeTokenStore.class);
			assertThat(store).isInstanceOf(MongoResumeTokenStore.class);
			assertThat(((MongoResumeTokenStore) store).getCollection().getNamespace().getFullName())
				.isEqualTo("shop.connect_resume_tokens");
			assertThat(context.getBean(ChangeStreamListenerContainer.class).getSettings())
				.satisfies((settings) -> {
					assertThat(settings.saveEvery()).as("once per server batch").isZero();
					assertThat(settings.maxAttempts()).isEqualTo(3);
					assertThat(settings.onError()).isEqualTo(ListenerErrorPolicy.STOP);
					assertThat(settings.onHistoryLost()).isEqualTo(HistoryLostPolicy.FAIL);
					assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
					assertThat(settings.maxRestarts()).isNull();
				});
		});
	}

	@Test
	void tokensAreKeptInTheConfiguredCollection() {
		this.contextRunner.withPropertyValues("connect.mongodb.change-streams.token-collection=projector_tokens")
			.run((context) -> {
				MongoResumeTokenStore store = (MongoResumeTokenStore) context.getBean(ResumeTokenStore.class);
				assertThat(store.getCollection().getNamespace().getFullName()).isEqualTo("shop.projector_tokens");
			});
	}

	@Test
	void propertiesReachTheContainer() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.change-streams.token-store=memory",
					"connect.mongodb.change-streams.save-every=10", "connect.mongodb.change-streams.save-interval=2s",
					"connect.mongodb.change-streams.max-attempts=5", "connect.mongodb.change-streams.on-error=skip",
					"connect.mongodb.change-streams.on-history-lost=restart-from-now",
					"connect.mongodb.change-streams.shutdown-timeout=3s",
					"connect.mongodb.change-streams.max-restarts=7",
					"connect.mongodb.change-streams.dead-letter-collection=dead")
			.run((context) -> {
				assertThat(context.getBean(ResumeTokenStore.class)).isInstanceOf(InMemoryResumeTokenStore.class);
				assertThat(context.getBean(ChangeStreamListenerContainer.class).getSettings()).satisfies((settings) -> {
					assertThat(settings.saveEvery()).isEqualTo(10);
					assertThat(settings.saveInterval()).isEqualTo(Duration.ofSeconds(2));
					assertThat(settings.maxAttempts()).isEqualTo(5);
					assertThat(settings.onError()).isEqualTo(ListenerErrorPolicy.SKIP);
					assertThat(settings.onHistoryLost()).isEqualTo(HistoryLostPolicy.RESTART_FROM_NOW);
					assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
					assertThat(settings.maxRestarts()).isEqualTo(7);
					assertThat(settings.deadLetterCollection()).isEqualTo("dead");
				});
			});
	}

	@Test
	void canBeSwitchedOff() {
		this.contextRunner.withPropertyValues("connect.mongodb.change-streams.enabled=false")
			.withUserConfiguration(Listeners.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ChangeStreamListenerContainer.class);
				assertThat(context).doesNotHaveBean(ChangeStreamsHealthIndicator.class);
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "save-every|-1", "save-interval|0s", "max-attempts|0", "max-restarts|-1",
			"max-await-time|0ms", "shutdown-timeout|0s", "token-collection|bad$name", "dead-letter-collection|a$b",
			"backoff.multiplier|0.5", "backoff.initial-interval|0ms", "backoff.max-interval|1ms",
			"backoff.jitter|-1ms" })
	void aBadValueStopsStartupNamingTheProperty(String property, String value) {
		this.contextRunner.withPropertyValues("connect.mongodb.change-streams." + property + "=" + value)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidMongoPropertyException.class)
					.satisfies((ex) -> assertThat(((InvalidMongoPropertyException) ex).getProperty())
						.isEqualTo("connect.mongodb.change-streams." + property));
			});
	}

	@Test
	void annotatedMethodsAreRegisteredAndReceiveTypedAndRawEvents() {
		this.contextRunner.withUserConfiguration(Listeners.class)
			.withPropertyValues("app.collection=orders")
			.run((context) -> {
				ChangeStreamListenerContainer container = context.getBean(ChangeStreamListenerContainer.class);
				assertThat(container.getListeners()).extracting((status) -> status.id())
					.containsExactlyInAnyOrder("typed", "raw");
				container.start();
				await().atMost(TIMEOUT)
					.until(() -> container.getListeners().stream().allMatch((s) -> s.state() == ListenerState.RUNNING));
				MongoDatabase shop = context.getBean(MongoDatabase.class);
				shop.getCollection("orders").insertOne(new Document("_id", "o1").append("total", 12));
				Listeners listeners = context.getBean(Listeners.class);
				await().atMost(TIMEOUT).until(() -> listeners.typed.size() == 1 && listeners.raw.size() == 1);
				assertThat(listeners.typed.get(0)).isEqualTo(new Order("o1", 12));
				assertThat(listeners.raw.get(0).getFullDocument()).containsEntry("total", 12);
			});
	}

	@Test
	void theHealthTurnsDownWhenAListenerFailsAndTheEndpointRestartsIt() {
		this.contextRunner.withUserConfiguration(FailingListener.class)
			.withPropertyValues("management.endpoints.web.exposure.include=changestreams",
					"connect.mongodb.change-streams.token-store=memory")
			.run((context) -> {
				ChangeStreamListenerContainer container = context.getBean(ChangeStreamListenerContainer.class);
				ChangeStreamsHealthIndicator health = context.getBean(ChangeStreamsHealthIndicator.class);
				ChangeStreamsEndpoint endpoint = context.getBean(ChangeStreamsEndpoint.class);
				container.start();
				await().atMost(TIMEOUT).until(() -> container.getListener("fragile").state() == ListenerState.RUNNING);
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
				context.getBean(MongoDatabase.class).getCollection("orders").insertOne(new Document("_id", "o1"));
				await().atMost(TIMEOUT).until(() -> container.getListener("fragile").state() == ListenerState.FAILED);
				assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
				@SuppressWarnings("unchecked")
				Map<String, Map<String, Object>> details = (Map<String, Map<String, Object>>) health.health()
					.getDetails()
					.get("listeners");
				assertThat(details.get("fragile")).containsEntry("state", "FAILED")
					.containsEntry("target", "collection shop.orders")
					.containsEntry("failed", 1L);
				assertThat((String) details.get("fragile").get("lastError")).contains("Fragile");
				assertThat(endpoint.listener("fragile")).containsEntry("state", "FAILED");
				assertThat(endpoint.listener("missing")).isNull();
				context.getBean(FailingListener.class).fail = false;
				assertThat(endpoint.control("fragile", "restart")).containsKey("state");
				// No token was saved before the failure: the listener starts at the failed event
				await().atMost(TIMEOUT).until(() -> context.getBean(FailingListener.class).handled == 1);
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
				endpoint.control("fragile", "stop");
				assertThat(endpoint.listener("fragile")).containsEntry("state", "STOPPED");
				assertThat(endpoint.listeners()).containsEntry("running", true);
			});
	}

	@Test
	void theMetersHearTheListeners() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ConnectMongoMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withUserConfiguration(Listeners.class)
			.withPropertyValues("app.collection=orders")
			.run((context) -> {
				assertThat(context).hasSingleBean(ChangeStreamMetrics.class);
				ChangeStreamListenerContainer container = context.getBean(ChangeStreamListenerContainer.class);
				container.start();
				await().atMost(TIMEOUT)
					.until(() -> container.getListeners().stream().allMatch((s) -> s.state() == ListenerState.RUNNING));
				context.getBean(MongoDatabase.class).getCollection("orders").insertOne(new Document("_id", "o1").append("total", 1));
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				await().atMost(TIMEOUT)
					.until(() -> registry.find(ChangeStreamMetrics.EVENTS_METER_NAME)
						.tags("listener", "typed", "outcome", "handled")
						.counter() != null
							&& registry.get(ChangeStreamMetrics.EVENTS_METER_NAME)
								.tags("listener", "typed", "outcome", "handled")
								.counter()
								.count() == 1);
			});
	}

	@Test
	void aMethodWithAnotherParameterStopsStartup() {
		this.contextRunner.withUserConfiguration(WrongParameter.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("bean 'connectMongoChangeStreamsAutoConfigurationTests.WrongParameter'")
				.hasMessageContaining("WrongParameter.on")
				.hasMessageContaining("ChangeEvent<T>");
		});
	}

	@Test
	void aDuplicateIdStopsStartup() {
		this.contextRunner.withUserConfiguration(DuplicateIds.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Duplicate @MongoChangeListener id 'same'")
				.hasMessageContaining("attribute 'id'")
				.hasMessageContaining("DuplicateIds.first")
				.hasMessageContaining("DuplicateIds.second");
		});
	}

	@Test
	void aPipelineThatIsNotJsonStopsStartup() {
		this.contextRunner.withUserConfiguration(BadPipeline.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("bean 'connectMongoChangeStreamsAutoConfigurationTests.BadPipeline'")
				.hasMessageContaining("BadPipeline.on")
				.hasMessageContaining("attribute 'pipeline'")
				.hasMessageContaining("not valid JSON");
		});
	}

	@Test
	void aStageThatIsNotAllowedStopsStartup() {
		this.contextRunner.withUserConfiguration(ForbiddenStage.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("attribute 'pipeline'")
				.hasMessageContaining("stage '$group' is not allowed");
		});
	}

	@Test
	void deliveringUndecodableEventsToAMethodThatCannotSeeTheFailureStopsStartup() {
		this.contextRunner.withUserConfiguration(UndecodableWithoutChangeEvent.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("attribute 'deliverUndecodable'")
				.hasMessageContaining("UndecodableWithoutChangeEvent.on")
				.hasMessageContaining("needs a ChangeEvent<T> parameter");
		});
	}

	@Test
	void aCollectionLevelListenerWithoutCollectionStopsStartup() {
		this.contextRunner.withUserConfiguration(NoCollection.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("attribute 'collection'")
				.hasMessageContaining("NoCollection.on");
		});
	}

	/**
	 * An order of the tests.
	 *
	 * @param id the id
	 * @param total the total
	 */
	public record Order(@BsonId String id, int total) {

	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final List<Order> typed = new CopyOnWriteArrayList<>();

		final List<ChangeStreamDocument<Document>> raw = new CopyOnWriteArrayList<>();

		@MongoChangeListener(id = "typed", collection = "${app.collection}", operations = OperationType.INSERT,
				fullDocument = FullDocument.UPDATE_LOOKUP)
		void typed(ChangeEvent<Order> event) {
			this.typed.add(event.getFullDocument());
		}

		@MongoChangeListener(id = "raw", collection = "orders")
		void raw(ChangeStreamDocument<Document> event) {
			this.raw.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingListener {

		volatile boolean fail = true;

		volatile int handled;

		@MongoChangeListener(id = "fragile", collection = "orders", maxAttempts = 1)
		void on(ChangeEvent<Document> event) {
			if (this.fail) {
				throw new IllegalStateException("Fragile listener");
			}
			this.handled++;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WrongParameter {

		@MongoChangeListener(id = "wrong", collection = "orders")
		void on(String event) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DuplicateIds {

		@MongoChangeListener(id = "same", collection = "orders")
		void first(ChangeEvent<Document> event) {
		}

		@MongoChangeListener(id = "same", collection = "invoices")
		void second(ChangeEvent<Document> event) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadPipeline {

		@MongoChangeListener(id = "bad", collection = "orders", pipeline = "{ $match: { total: ")
		void on(ChangeEvent<Document> event) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ForbiddenStage {

		@MongoChangeListener(id = "group", collection = "orders", pipeline = "[{ $group: { _id: null } }]")
		void on(ChangeEvent<Document> event) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoCollection {

		@MongoChangeListener(id = "nowhere")
		void on(ChangeEvent<Document> event) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UndecodableWithoutChangeEvent {

		@MongoChangeListener(id = "blind", collection = "orders", deliverUndecodable = true)
		void on(ChangeStreamDocument<Document> event) {
		}

	}

}
