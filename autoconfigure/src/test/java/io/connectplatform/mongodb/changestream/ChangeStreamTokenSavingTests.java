package io.connectplatform.mongodb.changestream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.BsonDocument;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of when a listener saves its resume token: every {@code save-every} handled events,
 * when {@code save-interval} has passed (even without a new event), and what comes again
 * after a crash between two saves.
 *
 * @author Connect MongoDB team
 */
class ChangeStreamTokenSavingTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private MongoClient client;

	private MongoDatabase database;

	private MongoCollection<Item> items;

	private ChangeStreamListenerContainer container;

	@BeforeEach
	void connect(TestInfo test) {
		this.client = MongoClients.create(mongo.getConnectionString());
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
	void withSaveEveryTheTokenIsSavedEveryNthHandledEventAndWhenStopping() {
		RecordingTokenStore store = new RecordingTokenStore();
		List<ChangeEvent<Item>> events = new CopyOnWriteArrayList<>();
		this.container = container(store, TestSettings.saving(3, null));
		this.container.register(ChangeListenerDefinition.builder("every-3", Item.class, events::add)
			.collection("items")
			.build());
		startAndAwaitRunning("every-3");
		insert(1, 7);
		await().atMost(TIMEOUT).until(() -> events.size() == 7);
		// The 6th event was saved before the 7th was handed to the listener
		assertThat(store.saves).as("tokens saved after the 3rd and the 6th event")
			.containsExactly(events.get(2).getResumeToken(), events.get(5).getResumeToken());
		this.container.stop();
		assertThat(store.saves).as("stopping saves the pending token of the 7th event")
			.containsExactly(events.get(2).getResumeToken(), events.get(5).getResumeToken(),
					events.get(6).getResumeToken());
		assertThat(store.load("every-3")).isEqualTo(events.get(6).getResumeToken());
	}

	/**
	 * With a large {@code save-every}, only the interval can save the token of the last
	 * events, and no event comes after them: the worker saves it on an empty poll.
	 */
	@Test
	void withSaveIntervalThePendingTokenIsSavedOnceTheIntervalHasPassedWithoutAnotherEvent() {
		RecordingTokenStore store = new RecordingTokenStore();
		List<ChangeEvent<Item>> events = new CopyOnWriteArrayList<>();
		this.container = container(store, TestSettings.saving(100, Duration.ofMillis(1500)));
		this.container.register(ChangeListenerDefinition.builder("interval", Item.class, events::add)
			.collection("items")
			.build());
		startAndAwaitRunning("interval");
		insert(1, 3);
		await().atMost(TIMEOUT).until(() -> events.size() == 3);
		assertThat(store.saves).as("neither 100 events nor 1.5 s since the stream opened").isEmpty();
		await().atMost(TIMEOUT).until(() -> !store.saves.isEmpty());
		assertThat(store.saves).as("one save, of the last event's token")
			.containsExactly(events.get(2).getResumeToken());
		assertThat(this.container.getListener("interval").state()).isEqualTo(ListenerState.RUNNING);
	}

	/**
	 * A crash between two saves: the store stops taking saves (as if the process had died,
	 * so that the token saved when stopping never arrives), then a new container starts
	 * from what the store holds.
	 */
	@Test
	void afterACrashTheEventsHandledSinceTheLastSaveAreDeliveredAgainAndNoneIsLost() {
		RecordingTokenStore store = new RecordingTokenStore();
		Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
		ChangeListener<Item> counting = (event) -> deliveries
			.computeIfAbsent(event.getDocumentId().asString().getValue(), (id) -> new AtomicInteger())
			.incrementAndGet();
		this.container = container(store, TestSettings.saving(4, null));
		this.container.register(ChangeListenerDefinition.builder("crashing", Item.class, counting)
			.collection("items")
			.build());
		startAndAwaitRunning("crashing");
		insert(1, 7);
		await().atMost(TIMEOUT).until(() -> deliveries.size() == 7);
		assertThat(store.saves).as("saved after the 4th event only").hasSize(1);
		store.crash();
		this.container.stop();
		assertThat(store.saves).as("the crash lost the save of the stop").hasSize(1);
		insert(8, 9);
		store.recover();
		this.container = container(store, TestSettings.saving(4, null));
		this.container.register(ChangeListenerDefinition.builder("crashing", Item.class, counting)
			.collection("items")
			.build());
		startAndAwaitRunning("crashing");
		insert(10, 10);
		// Events come in order: once the last one is here, every other delivery was made
		await().atMost(TIMEOUT).until(() -> deliveries.containsKey("item-10"));
		assertThat(deliveries).as("none is lost").hasSize(10)
			.allSatisfy((id, count) -> assertThat(count.get()).as("deliveries of %s", id).isPositive());
		assertThat(deliveries.entrySet().stream().filter((entry) -> entry.getValue().get() > 1).map(Map.Entry::getKey))
			.as("delivered again: exactly those handled after the last save")
			.containsExactlyInAnyOrder("item-5", "item-6", "item-7");
		assertThat(deliveries.values()).allSatisfy((count) -> assertThat(count.get()).isLessThanOrEqualTo(2));
		assertThat(this.container.getListener("crashing").handled()).isEqualTo(6);
	}

	private ChangeStreamListenerContainer container(ResumeTokenStore store, ChangeStreamSettings settings) {
		return ChangeStreamListenerContainer.builder(this.client, this.database)
			.codecRegistry(MongoTemplates.builder(this.client, this.database).build().getCodecRegistry())
			.tokenStore(store)
			.settings(settings)
			.build();
	}

	private void startAndAwaitRunning(String id) {
		this.container.start();
		await().atMost(TIMEOUT).until(() -> this.container.getListener(id).state() == ListenerState.RUNNING);
	}

	private void insert(int from, int to) {
		for (int i = from; i <= to; i++) {
			this.items.insertOne(new Item("item-" + i, "Item " + i, i));
		}
	}

	/**
	 * An {@link InMemoryResumeTokenStore} that records the tokens it saved, and that can
	 * crash: then it drops saves, as a process that died would never make them.
	 */
	private static final class RecordingTokenStore implements ResumeTokenStore {

		private final InMemoryResumeTokenStore delegate = new InMemoryResumeTokenStore();

		final List<BsonDocument> saves = new CopyOnWriteArrayList<>();

		private volatile boolean crashed;

		void crash() {
			this.crashed = true;
		}

		void recover() {
			this.crashed = false;
		}

		@Override
		public @Nullable BsonDocument load(String listenerId) {
			return this.delegate.load(listenerId);
		}

		@Override
		public void save(String listenerId, BsonDocument resumeToken) {
			if (!this.crashed) {
				this.saves.add(resumeToken.clone());
				this.delegate.save(listenerId, resumeToken);
			}
		}

		@Override
		public void delete(String listenerId) {
			this.delegate.delete(listenerId);
		}

	}

}
