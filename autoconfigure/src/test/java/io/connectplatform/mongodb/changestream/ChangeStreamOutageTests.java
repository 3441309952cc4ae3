package io.connectplatform.mongodb.changestream;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.metrics.ChangeStreamMetrics;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import io.connectplatform.mongodb.test.FaultInjectingProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that a change-stream listener survives an outage: its client reaches the embedded
 * server through a {@link FaultInjectingProxy} that drops every connection and refuses new
 * ones, while the writes go on through a direct connection; then the proxy accepts again.
 *
 * @author Connect MongoDB team
 */
class ChangeStreamOutageTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create().withProxies();

	private MongoClient listenerClient;

	private MongoClient writerClient;

	private ChangeStreamListenerContainer container;

	private ChangeStreamListenerContainer unbounded;

	@BeforeEach
	void connect() {
		this.listenerClient = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(mongo.getConnectionString()))
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(500, TimeUnit.MILLISECONDS))
			.applyToSocketSettings((socket) -> socket.connectTimeout(500, TimeUnit.MILLISECONDS))
			.applyToServerSettings((server) -> server.heartbeatFrequency(500, TimeUnit.MILLISECONDS)
				.minHeartbeatFrequency(100, TimeUnit.MILLISECONDS))
			.build());
		this.writerClient = MongoClients.create(mongo.server(0).getConnectionString());
	}

	@AfterEach
	void close() {
		mongo.proxy(0).acceptConnections();
		if (this.container != null) {
			this.container.stop();
		}
		if (this.unbounded != null) {
			this.unbounded.stop();
		}
		this.listenerClient.close();
		this.writerClient.close();
	}

	@Test
	void aListenerRestartsByItselfAfterAnOutageAndDeliversEveryEventOnce() {
		FaultInjectingProxy proxy = mongo.proxy(0);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
		MongoTemplates templates = MongoTemplates.builder(this.listenerClient, "outage").build();
		this.container = ChangeStreamListenerContainer.builder(this.listenerClient, templates.getDatabase())
			.codecRegistry(templates.getCodecRegistry())
			.tokenStore(new InMemoryResumeTokenStore())
			.settings(TestSettings.fast())
			.observer(new ChangeStreamMetrics(registry))
			.build();
		this.container.register(ChangeListenerDefinition.builder("survivor", Item.class, (event) -> deliveries
			.computeIfAbsent(event.getDocumentId().asString().getValue(), (id) -> new AtomicInteger())
			.incrementAndGet()).collection("items").build());
		this.container.start();
		await().atMost(TIMEOUT).until(() -> this.container.getListener("survivor").state() == ListenerState.RUNNING);
		MongoCollection<Item> items = this.writerClient.getDatabase("outage")
			.getCollection("items", Item.class)
			.withCodecRegistry(templates.getCodecRegistry());
		insert(items, 1, 1);
		await().atMost(TIMEOUT).until(() -> deliveries.size() == 1);

		proxy.refuseConnections();
		proxy.dropConnections();
		insert(items, 2, 6);
		await().atMost(TIMEOUT).until(() -> this.container.getListener("survivor").restarts() >= 2);
		assertThat(this.container.getListener("survivor").state()).isEqualTo(ListenerState.RECOVERING);
		assertThat(this.container.getListener("survivor").lastError()).isNotNull();
		insert(items, 7, 8);

		proxy.acceptConnections();
		insert(items, 9, 10);
		await().atMost(TIMEOUT).until(() -> deliveries.size() == 10);
		assertThat(deliveries).as("every event exactly once")
			.allSatisfy((id, count) -> assertThat(count.get()).as("deliveries of %s", id).isOne());
		assertThat(this.container.getListener("survivor").state()).isEqualTo(ListenerState.RUNNING);
		assertThat(registry.get(ChangeStreamMetrics.RESTARTS_METER_NAME)
			.tags("listener", "survivor", "reason", "error")
			.counter()
			.count()).isGreaterThanOrEqualTo(2);
		assertThat(registry.get(ChangeStreamMetrics.EVENTS_METER_NAME)
			.tags("listener", "survivor", "outcome", "handled")
			.counter()
			.count()).isEqualTo(10);
	}

	/**
	 * Before its first event a listener has no event token to resume from: it must resume
	 * from where its stream opened (the post-batch resume token of its first, empty batch).
	 */
	@Test
	void anOutageBeforeTheFirstEventLosesNothing() {
		FaultInjectingProxy proxy = mongo.proxy(0);
		Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
		MongoTemplates templates = MongoTemplates.builder(this.listenerClient, "outage_first").build();
		this.container = ChangeStreamListenerContainer.builder(this.listenerClient, templates.getDatabase())
			.codecRegistry(templates.getCodecRegistry())
			.tokenStore(new InMemoryResumeTokenStore())
			.settings(TestSettings.fast())
			.build();
		this.container.register(ChangeListenerDefinition.builder("early", Item.class, (event) -> deliveries
			.computeIfAbsent(event.getDocumentId().asString().getValue(), (id) -> new AtomicInteger())
			.incrementAndGet()).collection("items").build());
		this.container.start();
		await().atMost(TIMEOUT).until(() -> this.container.getListener("early").state() == ListenerState.RUNNING);
		MongoCollection<Item> items = this.writerClient.getDatabase("outage_first")
			.getCollection("items", Item.class)
			.withCodecRegistry(templates.getCodecRegistry());

		proxy.refuseConnections();
		proxy.dropConnections();
		await().atMost(TIMEOUT).until(() -> this.container.getListener("early").restarts() >= 1);
		insert(items, 1, 5);
		proxy.acceptConnections();
		insert(items, 6, 7);
		await().atMost(TIMEOUT).until(() -> deliveries.size() == 7);
		assertThat(deliveries).as("every event exactly once")
			.allSatisfy((id, count) -> assertThat(count.get()).as("deliveries of %s", id).isOne());
	}

	/**
	 * {@code max-restarts} counts failures in a row: the first failure of the outage and
	 * each failed opening after it; the failure after {@code max-restarts} restarts stops
	 * the listener. A listener without the bound keeps restarting.
	 */
	@Test
	void maxRestartsFailsTheListenerAfterThatManyRestartsInARow() {
		FaultInjectingProxy proxy = mongo.proxy(0);
		Map<String, AtomicInteger> bounded = new ConcurrentHashMap<>();
		Map<String, AtomicInteger> forever = new ConcurrentHashMap<>();
		MongoTemplates templates = MongoTemplates.builder(this.listenerClient, "outage_bound").build();
		this.container = container(templates, TestSettings.restarting(2));
		this.container.register(ChangeListenerDefinition.builder("bounded", Item.class, counting(bounded))
			.collection("items")
			.build());
		this.unbounded = container(templates, TestSettings.restarting(null));
		this.unbounded.register(ChangeListenerDefinition.builder("forever", Item.class, counting(forever))
			.collection("items")
			.build());
		this.container.start();
		this.unbounded.start();
		await().atMost(TIMEOUT).until(() -> this.container.getListener("bounded").state() == ListenerState.RUNNING
				&& this.unbounded.getListener("forever").state() == ListenerState.RUNNING);
		MongoCollection<Item> items = items(templates, "outage_bound");
		insert(items, 1, 1);
		await().atMost(TIMEOUT).until(() -> bounded.size() == 1 && forever.size() == 1);

		proxy.refuseConnections();
		proxy.dropConnections();
		await().atMost(TIMEOUT).until(() -> this.container.getListener("bounded").state() == ListenerState.FAILED);
		ListenerStatus failed = this.container.getListener("bounded");
		assertThat(failed.restarts()).as("restarts before the 3rd failure in a row stopped it").isEqualTo(2);
		assertThat(failed.lastError()).as("the last error is kept").startsWith("com.mongodb.");
		assertThat(failed.lastErrorTime()).isNotNull();
		await().atMost(TIMEOUT).until(() -> this.unbounded.getListener("forever").restarts() > 2);
		assertThat(this.unbounded.getListener("forever").state()).isEqualTo(ListenerState.RECOVERING);

		proxy.acceptConnections();
		insert(items, 2, 2);
		await().atMost(TIMEOUT).until(() -> forever.size() == 2);
		assertThat(this.container.getListener("bounded").state()).as("a failed listener waits to be started")
			.isEqualTo(ListenerState.FAILED);
		assertThat(this.container.getListener("bounded").restarts()).isEqualTo(2);
		assertThat(bounded).containsOnlyKeys("item-1");
	}

	/**
	 * A successful read between two outages starts a new series: outages of one or two
	 * failures each never stop a listener allowed two restarts in a row, however many
	 * outages there are.
	 */
	@Test
	void maxRestartsCountsAgainAfterASuccessfulRead() {
		FaultInjectingProxy proxy = mongo.proxy(0);
		Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
		MongoTemplates templates = MongoTemplates.builder(this.listenerClient, "outage_series").build();
		this.container = container(templates, TestSettings.restarting(2));
		this.container.register(ChangeListenerDefinition.builder("series", Item.class, counting(deliveries))
			.collection("items")
			.build());
		this.container.start();
		await().atMost(TIMEOUT).until(() -> this.container.getListener("series").state() == ListenerState.RUNNING);
		MongoCollection<Item> items = items(templates, "outage_series");
		for (int outage = 1; outage <= 4; outage++) {
			long restarts = this.container.getListener("series").restarts();
			proxy.refuseConnections();
			proxy.dropConnections();
			await().atMost(TIMEOUT)
				.pollInterval(Duration.ofMillis(5))
				.until(() -> this.container.getListener("series").restarts() > restarts
						|| this.container.getListener("series").state() == ListenerState.FAILED);
			proxy.acceptConnections();
			assertThat(this.container.getListener("series").state()).as("in outage %d", outage)
				.isNotEqualTo(ListenerState.FAILED);
			insert(items, outage, outage);
			int expected = outage;
			await().atMost(TIMEOUT).until(() -> deliveries.size() == expected
					|| this.container.getListener("series").state() == ListenerState.FAILED);
			assertThat(this.container.getListener("series").state()).as("after outage %d", outage)
				.isNotEqualTo(ListenerState.FAILED);
		}
		assertThat(this.container.getListener("series").restarts()).isGreaterThanOrEqualTo(4);
		assertThat(deliveries).hasSize(4)
			.allSatisfy((id, count) -> assertThat(count.get()).as("deliveries of %s", id).isOne());
	}

	private ChangeStreamListenerContainer container(MongoTemplates templates, ChangeStreamSettings settings) {
		return ChangeStreamListenerContainer.builder(this.listenerClient, templates.getDatabase())
			.codecRegistry(templates.getCodecRegistry())
			.tokenStore(new InMemoryResumeTokenStore())
			.settings(settings)
			.build();
	}

	private MongoCollection<Item> items(MongoTemplates templates, String database) {
		return this.writerClient.getDatabase(database)
			.getCollection("items", Item.class)
			.withCodecRegistry(templates.getCodecRegistry());
	}

	private static ChangeListener<Item> counting(Map<String, AtomicInteger> deliveries) {
		return (event) -> deliveries.computeIfAbsent(event.getDocumentId().asString().getValue(),
				(id) -> new AtomicInteger())
			.incrementAndGet();
	}

	private static void insert(MongoCollection<Item> items, int from, int to) {
		for (int i = from; i <= to; i++) {
			items.insertOne(new Item("item-" + i, "Item " + i, i));
		}
	}

}
