package io.connectplatform.mongodb.changestream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.OperationType;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ChangeStreamListenerContainer} over TCP against the embedded replica
 * set; {@link ChangeStreamContainerTests} covers what it cannot show (lost history, the
 * events of other MongoDB versions) against a real MongoDB.
 *
 * @author Connect MongoDB team
 */
class ChangeStreamListenerContainerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private final List<BsonDocument> aggregates = new CopyOnWriteArrayList<>();

	private MongoClient client;

	private MongoDatabase database;

	private MongoCollection<Item> items;

	private ChangeStreamListenerContainer container;

	@BeforeEach
	void connect(TestInfo test) {
		CommandListener recorder = new CommandListener() {

			@Override
			public void commandStarted(CommandStartedEvent event) {
				if (event.getCommandName().equals("aggregate")) {
					ChangeStreamListenerContainerTests.this.aggregates.add(event.getCommand().clone());
				}
			}

		};
		this.client = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(mongo.getConnectionString()))
			.addCommandListener(recorder)
			.build());
		String name = test.getTestMethod().orElseThrow().getName();
		this.database = this.client.getDatabase(name.substring(0, Math.min(name.length(), 60)));
		MongoTemplates templates = MongoTemplates.builder(this.client, this.database).build();
		this.items = this.database.getCollection("items", Item.class).withCodecRegistry(templates.getCodecRegistry());
	}

	@AfterEach
	void close() {
		if (this.container != null) {
			this.container.stop();
		}
		this.client.close();
	}

	@Test
	void insertUpdateReplaceAndDeleteReachATypedListener() {
		List<ChangeEvent<Item>> events = new CopyOnWriteArrayList<>();
		this.container = container(new InMemoryResumeTokenStore(), TestSettings.fast());
		this.container.register(ChangeListenerDefinition.builder("items", Item.class, events::add)
			.collection("items")
			.fullDocument(FullDocument.UPDATE_LOOKUP)
			.build());
		startAndAwaitRunning("items");
		// UPDATE_LOOKUP reads the document when the event is read: wait for each event, so
		// that the lookup finds the version this change wrote
		this.items.insertOne(new Item("a", "Mug", 1));
		await().atMost(TIMEOUT).until(() -> events.size() == 1);
		this.items.updateOne(Filters.eq("_id", "a"), Updates.set("quantity", 2));
		await().atMost(TIMEOUT).until(() -> events.size() == 2);
		this.items.replaceOne(Filters.eq("_id", "a"), new Item("a", "Big mug", 3));
		await().atMost(TIMEOUT).until(() -> events.size() == 3);
		this.items.deleteOne(Filters.eq("_id", "a"));
		await().atMost(TIMEOUT).until(() -> events.size() == 4);
		assertThat(events).extracting(ChangeEvent::getOperation)
			.containsExactly(OperationType.INSERT, OperationType.UPDATE, OperationType.REPLACE, OperationType.DELETE);
		assertThat(events).extracting(ChangeEvent::getFullDocument)
			.containsExactly(new Item("a", "Mug", 1), new Item("a", "Mug", 2), new Item("a", "Big mug", 3), null);
		assertThat(events).extracting(ChangeEvent::getDocumentId)
			.containsExactly(new BsonString("a"), new BsonString("a"), new BsonString("a"), new BsonString("a"));
		assertThat(events).allSatisfy((event) -> {
			assertThat(event.getListenerId()).isEqualTo("items");
			assertThat(event.getClusterTime()).isNotNull();
			assertThat(event.getTime()).isNotNull();
		});
		assertThat(events).extracting(ChangeEvent::getResumeToken).doesNotHaveDuplicates();
	}

	@Test
	void theOperationFilterAndThePipelineRunOnTheServer() {
		List<ChangeEvent<Item>> events = new CopyOnWriteArrayList<>();
		this.container = container(new InMemoryResumeTokenStore(), TestSettings.fast());
		this.container.register(ChangeListenerDefinition.builder("large-inserts", Item.class, events::add)
			.collection("items")
			.operations(OperationType.INSERT)
			.pipeline("{ $match: { 'fullDocument.quantity': { $gte: 10 } } }")
			.build());
		startAndAwaitRunning("large-inserts");
		this.items.insertOne(new Item("small", "Spoon", 1));
		this.items.insertOne(new Item("large", "Plate", 10));
		this.items.updateOne(Filters.eq("_id", "large"), Updates.set("quantity", 11));
		this.items.deleteOne(Filters.eq("_id", "small"));
		this.items.insertOne(new Item("larger", "Bowl", 20));
		await().atMost(TIMEOUT).until(() -> events.size() == 2);
		assertThat(events).extracting((event) -> event.getFullDocument().id())
			.as("events arrive in order, so the filtered ones would have come before the last")
			.containsExactly("large", "larger");
		BsonDocument aggregate = this.aggregates.get(0);
		assertThat(aggregate.getString("aggregate").getValue()).isEqualTo("items");
		List<BsonDocument> pipeline = aggregate.getArray("pipeline").stream().map((stage) -> stage.asDocument())
			.toList();
		assertThat(pipeline).hasSize(3);
		assertThat(pipeline.get(0).getFirstKey()).isEqualTo("$changeStream");
		assertThat(pipeline.get(1)).isEqualTo(BsonDocument.parse("{ $match: { operationType: { $in: ['insert'] } } }"));
		assertThat(pipeline.get(2)).isEqualTo(BsonDocument.parse("{ $match: { 'fullDocument.quantity': { $gte: 10 } } }"));
	}

	@Test
	void aRestartedContainerDeliversEveryEventWrittenWhileStoppedOnce() {
		MongoResumeTokenStore store = new MongoResumeTokenStore(this.database, "tokens");
		Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
		ChangeListener<Item> counting = (event) -> deliveries
			.computeIfAbsent(event.getDocumentId().asString().getValue(), (id) -> new AtomicInteger())
			.incrementAndGet();
		this.container = container(store, TestSettings.fast());
		this.container.register(ChangeListenerDefinition.builder("counter", Item.class, counting).collection("items").build());
		startAndAwaitRunning("counter");
		insert(1, 5);
		await().atMost(TIMEOUT).until(() -> deliveries.size() == 5);
		this.container.stop();
		assertThat(this.container.getListener("counter").state()).isEqualTo(ListenerState.STOPPED);
		assertThat(store.getCollection().countDocuments(Filters.eq("_id", "counter"))).isOne();
		insert(6, 10);
		this.container = container(store, TestSettings.fast());
		this.container.register(ChangeListenerDefinition.builder("counter", Item.class, counting).collection("items").build());
		startAndAwaitRunning("counter");
		insert(11, 12);
		await().atMost(TIMEOUT).until(() -> deliveries.size() == 12);
		assertThat(deliveries).as("every event exactly once")
			.allSatisfy((id, count) -> assertThat(count.get()).as("deliveries of %s", id).isOne());
		assertThat(this.container.getListener("counter").handled()).isEqualTo(7);
	}

	@Test
	void aThrowingListenerFollowsItsPolicyAndTheOthersCarryOn() {
		List<String> healthy = new CopyOnWriteArrayList<>();
		List<String> skipped = new CopyOnWriteArrayList<>();
		List<String> stopped = new CopyOnWriteArrayList<>();
		AtomicInteger poisonAttempts = new AtomicInteger();
		AtomicBoolean poisonFails = new AtomicBoolean(true);
		this.container = container(new InMemoryResumeTokenStore(),
				TestSettings.of(1, 3, ListenerErrorPolicy.STOP, "dead_letters", Duration.ofSeconds(10)));
		this.container.register(ChangeListenerDefinition.builder("healthy", Item.class, (event) -> healthy.add(id(event)))
			.collection("items")
			.build());
		this.container.register(ChangeListenerDefinition.builder("skipper", Item.class, (event) -> {
			if (id(event).equals("poison")) {
				poisonAttempts.incrementAndGet();
				throw new IllegalStateException("Cannot digest poison");
			}
			skipped.add(id(event));
		}).collection("items").onError(ListenerErrorPolicy.SKIP).build());
		this.container.register(ChangeListenerDefinition.builder("stopper", Item.class, (event) -> {
			if (id(event).equals("poison") && poisonFails.get()) {
				throw new IllegalStateException("Cannot digest poison either");
			}
			stopped.add(id(event));
		}).collection("items").maxAttempts(1).build());
		startAndAwaitRunning("healthy", "skipper", "stopper");
		this.items.insertOne(new Item("ok1", "Fine", 1));
		this.items.insertOne(new Item("poison", "Bad", 1));
		this.items.insertOne(new Item("ok2", "Fine", 1));
		await().atMost(TIMEOUT).until(() -> healthy.size() == 3 && skipped.size() == 2
				&& this.container.getListener("stopper").state() == ListenerState.FAILED);
		assertThat(healthy).containsExactly("ok1", "poison", "ok2");
		assertThat(skipped).containsExactly("ok1", "ok2");
		assertThat(poisonAttempts).as("attempts of the skipped event").hasValue(3);
		Document letter = this.database.getCollection("dead_letters").find().first();
		assertThat(letter.getString("listener")).isEqualTo("skipper");
		assertThat(letter.getString("error")).contains("Cannot digest poison");
		assertThat(letter.getInteger("attempts")).isEqualTo(3);
		assertThat(letter.get("event", Document.class).get("documentKey", Document.class).getString("_id"))
			.isEqualTo("poison");
		ListenerStatus stopper = this.container.getListener("stopper");
		assertThat(stopper.lastError()).contains("Cannot digest poison either");
		assertThat(stopper.failed()).isOne();
		assertThat(stopped).containsExactly("ok1");
		assertThat(this.container.getListener("skipper").state()).isEqualTo(ListenerState.RUNNING);
		poisonFails.set(false);
		this.container.start("stopper");
		await().atMost(TIMEOUT).until(() -> stopped.size() == 3);
		assertThat(stopped).as("the event that stopped the listener is delivered again").containsExactly("ok1", "poison",
				"ok2");
	}

	@Test
	void stoppingLetsTheEventInHandFinishAndSavesItsToken() throws Exception {
		InMemoryResumeTokenStore store = new InMemoryResumeTokenStore();
		CountDownLatch inHand = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<BsonDocument> token = new AtomicReference<>();
		List<String> finished = new CopyOnWriteArrayList<>();
		this.container = container(store,
				TestSettings.of(100, 1, ListenerErrorPolicy.STOP, null, Duration.ofSeconds(10)));
		this.container.register(ChangeListenerDefinition.builder("slow", Item.class, (event) -> {
			token.set(event.getResumeToken());
			inHand.countDown();
			assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
			finished.add(id(event));
		}).collection("items").build());
		startAndAwaitRunning("slow");
		this.items.insertOne(new Item("a", "Slow", 1));
		this.items.insertOne(new Item("b", "Never", 1));
		assertThat(inHand.await(20, TimeUnit.SECONDS)).isTrue();
		Thread stopping = new Thread(this.container::stop);
		stopping.start();
		await().atMost(TIMEOUT).until(() -> !this.container.isRunning());
		assertThat(store.load("slow")).as("the event in hand is not saved before it finished")
			.isNotEqualTo(token.get());
		release.countDown();
		stopping.join(TIMEOUT.toMillis());
		assertThat(stopping.isAlive()).isFalse();
		assertThat(finished).as("the event in hand finished, the next one was not started").containsExactly("a");
		assertThat(store.load("slow")).isEqualTo(token.get());
		assertThat(this.container.getListener("slow").state()).isEqualTo(ListenerState.STOPPED);
	}

	@Test
	void aListenerThatDoesNotFinishWithinTheShutdownTimeoutIsInterrupted() {
		InMemoryResumeTokenStore store = new InMemoryResumeTokenStore();
		CountDownLatch inHand = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		AtomicReference<BsonDocument> token = new AtomicReference<>();
		this.container = container(store,
				TestSettings.of(1, 1, ListenerErrorPolicy.STOP, null, Duration.ofMillis(300)));
		this.container.register(ChangeListenerDefinition.builder("stuck", Item.class, (event) -> {
			token.set(event.getResumeToken());
			inHand.countDown();
			try {
				Thread.sleep(60_000);
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
				throw ex;
			}
		}).collection("items").build());
		startAndAwaitRunning("stuck");
		this.items.insertOne(new Item("a", "Stuck", 1));
		await().atMost(TIMEOUT).until(() -> inHand.getCount() == 0);
		long started = System.nanoTime();
		this.container.stop();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(interrupted).isTrue();
		assertThat(store.load("stuck")).as("the unfinished event is delivered again next time")
			.isNotNull()
			.isNotEqualTo(token.get());
	}

	@Test
	void aListenerRegisteredWhileRunningStartsAtOnceAndIdsAreUnique() {
		this.container = container(new InMemoryResumeTokenStore(), TestSettings.fast());
		this.container.start();
		List<String> events = new CopyOnWriteArrayList<>();
		this.container.register(ChangeListenerDefinition.builder("late", Item.class, (event) -> events.add(id(event)))
			.collection("items")
			.build());
		await().atMost(TIMEOUT).until(() -> this.container.getListener("late").state() == ListenerState.RUNNING);
		this.items.insertOne(new Item("a", "Late", 1));
		await().atMost(TIMEOUT).until(() -> events.size() == 1);
		assertThatIllegalStateException()
			.isThrownBy(() -> this.container.register(
					ChangeListenerDefinition.builder("late", Document.class, (event) -> { }).collection("other").build()))
			.withMessageContaining("Duplicate change-stream listener id 'late'");
	}

	private ChangeStreamListenerContainer container(ResumeTokenStore store, ChangeStreamSettings settings) {
		return ChangeStreamListenerContainer.builder(this.client, this.database)
			.codecRegistry(MongoTemplates.builder(this.client, this.database).build().getCodecRegistry())
			.tokenStore(store)
			.settings(settings)
			.build();
	}

	private void startAndAwaitRunning(String... ids) {
		this.container.start();
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ids)
			.allSatisfy((id) -> assertThat(this.container.getListener(id).state()).isEqualTo(ListenerState.RUNNING)));
	}

	private void insert(int from, int to) {
		for (int i = from; i <= to; i++) {
			this.items.insertOne(new Item("item-" + i, "Item " + i, i));
		}
	}

	private static String id(ChangeEvent<?> event) {
		return event.getDocumentId().asString().getValue();
	}

}
