package io.connectplatform.mongodb.changestream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ChangeStreamPreAndPostImagesOptions;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.FullDocumentBeforeChange;
import com.mongodb.client.model.changestream.OperationType;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.metrics.ChangeStreamMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ChangeStreamListenerContainer} against a real MongoDB (a single-node
 * replica set), for what the embedded server cannot show: database- and cluster-level
 * watches, pre-images, real replace events and update descriptions, a lost history and an
 * invalidate event. Skipped where no Docker engine runs.
 *
 * @author Connect MongoDB team
 */
@Testcontainers(disabledWithoutDocker = true)
class ChangeStreamContainerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Container
	static MongoDBContainer mongo = new MongoDBContainer("mongo:8.0").withReplicaSet();

	private MongoClient client;

	private MongoDatabase database;

	private MongoTemplates templates;

	private SimpleMeterRegistry registry;

	private ChangeStreamListenerContainer container;

	@BeforeEach
	void connect(TestInfo test) {
		this.client = MongoClients.create(mongo.getReplicaSetUrl());
		String name = test.getTestMethod().orElseThrow().getName();
		this.database = this.client.getDatabase(name.substring(0, Math.min(name.length(), 60)));
		this.database.drop();
		// Tokens live in a database of their own, so that saving them is no event of a
		// database-level listener
		this.client.getDatabase("change_stream_tokens").drop();
		this.templates = MongoTemplates.builder(this.client, this.database).build();
		this.registry = new SimpleMeterRegistry();
	}

	@AfterEach
	void close() {
		if (this.container != null) {
			this.container.stop();
		}
		this.client.close();
	}

	@Test
	void aDatabaseLevelListenerSeesEveryCollectionOfItsDatabase() {
		List<ChangeEvent<Document>> events = new CopyOnWriteArrayList<>();
		this.container = container(HistoryLostPolicy.FAIL);
		this.container.register(ChangeListenerDefinition.builder("database", Document.class, events::add)
			.level(ChangeStreamScope.DATABASE)
			.operations(OperationType.INSERT)
			.build());
		startAndAwaitRunning("database");
		this.database.getCollection("orders").insertOne(new Document("_id", 1));
		this.database.getCollection("invoices").insertOne(new Document("_id", 2));
		this.client.getDatabase("elsewhere_db").getCollection("orders").insertOne(new Document("_id", 3));
		this.database.getCollection("customers").insertOne(new Document("_id", 4));
		await().atMost(TIMEOUT).until(() -> events.size() == 3);
		assertThat(events).extracting((event) -> event.getNamespace().getCollectionName())
			.containsExactly("orders", "invoices", "customers");
		assertThat(events).extracting((event) -> event.getNamespace().getDatabaseName())
			.containsOnly(this.database.getName());
	}

	@Test
	void aClusterLevelListenerSeesEveryDatabase() {
		List<ChangeEvent<Document>> events = new CopyOnWriteArrayList<>();
		this.container = container(HistoryLostPolicy.FAIL);
		this.container.register(ChangeListenerDefinition.builder("cluster", Document.class, events::add)
			.level(ChangeStreamScope.CLUSTER)
			.operations(OperationType.INSERT)
			.pipeline("{ $match: { 'ns.db': { $in: ['cluster_a', 'cluster_b'] } } }")
			.build());
		startAndAwaitRunning("cluster");
		this.client.getDatabase("cluster_a").getCollection("x").insertOne(new Document("n", 1));
		this.client.getDatabase("cluster_b").getCollection("y").insertOne(new Document("n", 2));
		await().atMost(TIMEOUT).until(() -> events.size() == 2);
		assertThat(events).extracting((event) -> event.getNamespace().getFullName())
			.containsExactly("cluster_a.x", "cluster_b.y");
	}

	@Test
	void replacementsUpdateDescriptionsAndPreImagesAreDelivered() {
		this.database.createCollection("items",
				new CreateCollectionOptions().changeStreamPreAndPostImagesOptions(
						new ChangeStreamPreAndPostImagesOptions(true)));
		MongoCollection<Item> items = this.database.getCollection("items", Item.class)
			.withCodecRegistry(this.templates.getCodecRegistry());
		List<ChangeEvent<Item>> events = new CopyOnWriteArrayList<>();
		this.container = container(HistoryLostPolicy.FAIL);
		this.container.register(ChangeListenerDefinition.builder("images", Item.class, events::add)
			.collection("items")
			.fullDocumentBeforeChange(FullDocumentBeforeChange.REQUIRED)
			.build());
		startAndAwaitRunning("images");
		items.insertOne(new Item("a", "Mug", 1));
		items.updateOne(Filters.eq("_id", "a"), Updates.set("quantity", 2));
		items.replaceOne(Filters.eq("_id", "a"), new Item("a", "Big mug", 3));
		items.deleteOne(Filters.eq("_id", "a"));
		await().atMost(TIMEOUT).until(() -> events.size() == 4);
		assertThat(events).extracting(ChangeEvent::getOperation)
			.containsExactly(OperationType.INSERT, OperationType.UPDATE, OperationType.REPLACE, OperationType.DELETE);
		assertThat(events.get(1).getUpdateDescription().getUpdatedFields()).containsOnlyKeys("quantity");
		assertThat(events.get(1).getFullDocumentBeforeChange()).isEqualTo(new Item("a", "Mug", 1));
		assertThat(events.get(2).getFullDocument()).isEqualTo(new Item("a", "Big mug", 3));
		assertThat(events.get(2).getFullDocumentBeforeChange()).isEqualTo(new Item("a", "Mug", 2));
		assertThat(events.get(3).getFullDocumentBeforeChange()).isEqualTo(new Item("a", "Big mug", 3));
		assertThat(events).allSatisfy((event) -> assertThat(event.getWallTime()).isNotNull());
	}

	@Test
	void aLostHistoryFailsTheListenerByDefault() {
		this.container = container(HistoryLostPolicy.FAIL);
		this.container.register(ChangeListenerDefinition.builder("too-old", Document.class, (event) -> {
		}).collection("items").startAt(Instant.parse("2000-01-01T00:00:00Z")).build());
		this.container.start();
		await().atMost(TIMEOUT).until(() -> this.container.getListener("too-old").state() == ListenerState.FAILED);
		assertThat(this.container.getListener("too-old").lastError()).contains("286");
	}

	@Test
	void aPipelineThatChangesTheIdFailsTheListenerInsteadOfRestartingForever() {
		this.container = container(HistoryLostPolicy.RESTART_FROM_NOW);
		this.container.register(ChangeListenerDefinition.builder("no-id", Document.class, (event) -> {
		}).collection("items").pipeline("{$project: {_id: 0}}").build());
		startAndAwaitRunning("no-id");
		this.database.getCollection("items").insertOne(new Document("_id", "any"));
		await().atMost(TIMEOUT).until(() -> this.container.getListener("no-id").state() == ListenerState.FAILED);
		assertThat(this.container.getListener("no-id").lastError()).contains("280");
		assertThat(this.container.getListener("no-id").restarts()).isZero();
	}

	@Test
	void aLostHistoryRestartsFromNowWhenConfigured() {
		List<ChangeEvent<Document>> events = new CopyOnWriteArrayList<>();
		this.container = container(HistoryLostPolicy.RESTART_FROM_NOW);
		this.container.register(ChangeListenerDefinition.builder("too-old", Document.class, events::add)
			.collection("items")
			.startAt(Instant.parse("2000-01-01T00:00:00Z"))
			.build());
		this.container.start();
		await().atMost(TIMEOUT)
			.until(() -> this.registry.find(ChangeStreamMetrics.RESTARTS_METER_NAME)
				.tags("listener", "too-old", "reason", "history-lost")
				.counter() != null);
		await().atMost(TIMEOUT).until(() -> this.container.getListener("too-old").state() == ListenerState.RUNNING);
		this.database.getCollection("items").insertOne(new Document("_id", "after"));
		await().atMost(TIMEOUT).until(() -> events.size() == 1);
		assertThat(this.registry.get(ChangeStreamMetrics.RESTARTS_METER_NAME)
			.tags("listener", "too-old", "reason", "history-lost")
			.counter()
			.count()).isOne();
	}

	@Test
	void anInvalidateEventEndsTheStreamAndItIsOpenedAgain() {
		List<ChangeEvent<Document>> events = new CopyOnWriteArrayList<>();
		this.container = container(HistoryLostPolicy.FAIL);
		this.container.register(ChangeListenerDefinition.builder("dropped", Document.class, events::add)
			.collection("items")
			.build());
		startAndAwaitRunning("dropped");
		MongoCollection<Document> items = this.database.getCollection("items");
		items.insertOne(new Document("_id", "before"));
		await().atMost(TIMEOUT).until(() -> events.size() == 1);
		items.drop();
		await().atMost(TIMEOUT).until(() -> this.container.getListener("dropped").restarts() >= 1);
		await().atMost(TIMEOUT).until(() -> this.container.getListener("dropped").state() == ListenerState.RUNNING);
		items.insertOne(new Document("_id", "after"));
		await().atMost(TIMEOUT).until(() -> events.size() == 3);
		assertThat(events).extracting(ChangeEvent::getOperation)
			.containsExactly(OperationType.INSERT, OperationType.DROP, OperationType.INSERT);
		assertThat(this.registry.get(ChangeStreamMetrics.RESTARTS_METER_NAME)
			.tags("listener", "dropped", "reason", "invalidate")
			.counter()
			.count()).isOne();
	}

	private ChangeStreamListenerContainer container(HistoryLostPolicy onHistoryLost) {
		return ChangeStreamListenerContainer.builder(this.client, this.database)
			.codecRegistry(this.templates.getCodecRegistry())
			.tokenStore(new MongoResumeTokenStore(this.client.getDatabase("change_stream_tokens"), "tokens"))
			.settings(new ChangeStreamSettings(1, null, 3, ListenerErrorPolicy.STOP, onHistoryLost,
					new FixedBackOff(50), null, Duration.ofMillis(500), Duration.ofSeconds(10), null))
			.observer(new ChangeStreamMetrics(this.registry))
			.build();
	}

	private void startAndAwaitRunning(String id) {
		this.container.start();
		await().atMost(TIMEOUT).until(() -> this.container.getListener(id).state() == ListenerState.RUNNING);
	}

}
