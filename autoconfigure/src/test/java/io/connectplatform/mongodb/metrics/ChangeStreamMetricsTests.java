package io.connectplatform.mongodb.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.connectplatform.mongodb.changestream.ChangeListenerDefinition;
import io.connectplatform.mongodb.changestream.ChangeStreamListenerContainer;
import io.connectplatform.mongodb.changestream.ChangeStreamObserver.RestartReason;
import io.connectplatform.mongodb.changestream.ChangeStreamSettings;
import io.connectplatform.mongodb.changestream.HistoryLostPolicy;
import io.connectplatform.mongodb.changestream.ListenerErrorPolicy;
import io.connectplatform.mongodb.changestream.ListenerState;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ChangeStreamMetrics}, with listeners running against the embedded
 * server.
 *
 * @author Connect MongoDB team
 */
class ChangeStreamMetricsTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private MongoClient client;

	private ChangeStreamListenerContainer container;

	@AfterEach
	void close() {
		if (this.container != null) {
			this.container.stop();
		}
		if (this.client != null) {
			this.client.close();
		}
	}

	@Test
	void eventsHandlingLagAndStateMove() {
		this.client = MongoClients.create(mongo.getConnectionString());
		this.container = ChangeStreamListenerContainer.builder(this.client, this.client.getDatabase("metrics"))
			.settings(new ChangeStreamSettings(1, null, 2, ListenerErrorPolicy.SKIP, HistoryLostPolicy.FAIL,
					new FixedBackOff(10), null, Duration.ofMillis(200), Duration.ofSeconds(5), null))
			.observer(new ChangeStreamMetrics(this.registry))
			.build();
		this.container.register(ChangeListenerDefinition.builder("counted", Document.class, (event) -> {
			if (event.getFullDocument().getBoolean("bad", false)) {
				throw new IllegalStateException("bad");
			}
		}).collection("things").build());
		this.container.start();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.container.getListener("counted").state() == ListenerState.RUNNING);
		assertThat(state("running")).isEqualTo(1);
		assertThat(state("stopped")).isZero();
		MongoCollection<Document> things = this.client.getDatabase("metrics").getCollection("things");
		things.insertOne(new Document("n", 1));
		things.insertOne(new Document("bad", true));
		things.insertOne(new Document("n", 3));
		await().atMost(Duration.ofSeconds(20)).until(() -> events("handled") == 2);
		assertThat(events("received")).isEqualTo(3);
		assertThat(events("failed")).isEqualTo(1);
		assertThat(this.registry.get(ChangeStreamMetrics.HANDLING_METER_NAME).tag("listener", "counted").timer().count())
			.isEqualTo(3);
		assertThat(this.registry.get(ChangeStreamMetrics.LAG_METER_NAME).tag("listener", "counted").timer().count())
			.as("one lag per handled event").isEqualTo(2);
		assertThat(this.registry.get(ChangeStreamMetrics.LAG_METER_NAME)
			.tag("listener", "counted")
			.timer()
			.max(TimeUnit.SECONDS)).as("the embedded server's cluster time has whole seconds").isLessThan(5);
		this.container.stop();
		assertThat(state("stopped")).isEqualTo(1);
		assertThat(state("running")).isZero();
	}

	@Test
	void restartsAreCountedByReason() {
		ChangeStreamMetrics metrics = new ChangeStreamMetrics(this.registry);
		metrics.restarted("a", RestartReason.ERROR);
		metrics.restarted("a", RestartReason.ERROR);
		metrics.restarted("a", RestartReason.HISTORY_LOST);
		assertThat(this.registry.get(ChangeStreamMetrics.RESTARTS_METER_NAME)
			.tags("listener", "a", "reason", "error")
			.counter()
			.count()).isEqualTo(2);
		assertThat(this.registry.get(ChangeStreamMetrics.RESTARTS_METER_NAME)
			.tags("listener", "a", "reason", "history-lost")
			.counter()
			.count()).isOne();
	}

	private double events(String outcome) {
		return this.registry.get(ChangeStreamMetrics.EVENTS_METER_NAME)
			.tags("listener", "counted", "outcome", outcome)
			.counter()
			.count();
	}

	private double state(String state) {
		return this.registry.get(ChangeStreamMetrics.STATE_METER_NAME)
			.tags("listener", "counted", "state", state)
			.gauge()
			.value();
	}

}
