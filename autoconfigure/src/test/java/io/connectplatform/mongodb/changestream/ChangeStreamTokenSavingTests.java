package io.connectplatform.mongodb.changestream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.BsonDocument;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of when a listener saves its resume token: where a new listener's stream started,
 * before its first event; once per server batch by default; also every {@code save-every}
 * handled events, and when {@code save-interval} has passed; and what comes again after a
 * crash in a batch.
 *
 * @author Connect MongoDB team
 */
class ChangeStreamTokenSavingTests extends EmbeddedListenerTestSupport {

	@Test
	void aNewListenerSavesWhereItsStreamStartedBeforeTheFirstEvent() {
		RecordingTokenStore store = new RecordingTokenStore();
		List<ChangeEvent<Item>> events = new CopyOnWriteArrayList<>();
		this.container = container(store, ChangeStreamSettings.DEFAULTS);
		this.container.register(ChangeListenerDefinition.builder("first", Item.class, events::add)
			.collection("items")
			.build());
		startAndAwaitRunning("first");
		assertThat(events).isEmpty();
		assertThat(store.saves).as("the time the stream opened at, saved before any event").isNotEmpty();
		assertThat(StartPosition.timeOf(store.saves.get(0))).isNotNull();
		await().atMost(TIMEOUT).until(() -> store.saves.size() == 2);
		assertThat(store.load("first")).as("the server's post-batch token of the first empty batch")
			.isEqualTo(store.saves.get(1))
			.satisfies((token) -> assertThat(token.containsKey("_data")).isTrue());
		assertThat(events).isEmpty();
	}

	/**
	 * A listener that failed on its first event, before any event's token was saved, and
	 * the application restarted: the new container starts where the first one's stream
	 * started, so the failed event and those written meanwhile all come.
	 */
	@Test
	void aListenerStoppedByItsFirstEventGetsItAgainAfterARestartWithWhatWasWrittenMeanwhile() {
		RecordingTokenStore store = new RecordingTokenStore();
		ChangeStreamSettings stopAtOnce = TestSettings.of(0, 1, ListenerErrorPolicy.STOP, null, Duration.ofSeconds(10));
		this.container = container(store, stopAtOnce);
		this.container.register(ChangeListenerDefinition.builder("failing", Item.class, (event) -> {
			throw new IllegalStateException("cannot handle " + event.getDocumentId());
		}).collection("items").build());
		this.container.start();
		await().atMost(TIMEOUT).until(() -> this.container.getListener("failing").state() == ListenerState.RUNNING);
		insert(1, 1);
		await().atMost(TIMEOUT).until(() -> this.container.getListener("failing").state() == ListenerState.FAILED);
		this.container.stop();
		insert(2, 3);
		List<String> delivered = new CopyOnWriteArrayList<>();
		this.container = container(store, stopAtOnce);
		this.container.register(ChangeListenerDefinition.builder("failing", Item.class,
				(event) -> delivered.add(event.getDocumentId().asString().getValue()))
			.collection("items")
			.build());
		startAndAwaitRunning("failing");
		await().atMost(TIMEOUT).until(() -> delivered.size() >= 3);
		assertThat(delivered).as("the failed event first, then what was written while the application was down")
			.containsExactly("item-1", "item-2", "item-3");
	}

	/**
	 * The listener holds its first event until 50 more were written, so that the server
	 * answers the next {@code getMore} with one batch of 49.
	 */
	@Test
	void byDefaultTheTokenIsSavedOncePerServerBatch() {
		RecordingTokenStore store = new RecordingTokenStore();
		List<ChangeEvent<Item>> events = new CopyOnWriteArrayList<>();
		CountDownLatch written = new CountDownLatch(1);
		this.container = container(store, ChangeStreamSettings.DEFAULTS);
		this.container.register(ChangeListenerDefinition.builder("batches", Item.class, (event) -> {
			events.add(event);
			awaitLatch(written);
		}).collection("items").build());
		startAndAwaitStarted("batches", store);
		insert(1, 1);
		await().atMost(TIMEOUT).until(() -> events.size() == 1);
		insertMany(2, 50);
		written.countDown();
		await().atMost(TIMEOUT).until(() -> events.size() == 50);
		await().atMost(TIMEOUT).until(() -> store.saves.size() == 4);
		assertThat(store.saves).as("the start time, the first post-batch token, then one save per batch: [1] and [2..50]")
			.hasSize(4);
		assertThat(store.saves.get(2)).isEqualTo(events.get(0).getResumeToken());
		this.container.stop();
		assertThat(store.saves).as("nothing left to save when stopping").hasSize(4);
	}

	@Test
	void withSaveEveryTheTokenIsAlsoSavedEveryNthEventOfABatch() {
		RecordingTokenStore store = new RecordingTokenStore();
		List<ChangeEvent<Item>> events = new CopyOnWriteArrayList<>();
		CountDownLatch written = new CountDownLatch(1);
		this.container = container(store, TestSettings.saving(20, null));
		this.container.register(ChangeListenerDefinition.builder("every-20", Item.class, (event) -> {
			events.add(event);
			awaitLatch(written);
		}).collection("items").build());
		startAndAwaitStarted("every-20", store);
		insert(1, 1);
		await().atMost(TIMEOUT).until(() -> events.size() == 1);
		insertMany(2, 50);
		written.countDown();
		await().atMost(TIMEOUT).until(() -> events.size() == 50 && store.saves.size() == 6);
		assertThat(store.saves).as("start, first post-batch token, end of batch [1], after events 21 and 41, "
				+ "end of batch [2..50]").hasSize(6);
		assertThat(store.saves.subList(2, 5)).containsExactly(events.get(0).getResumeToken(),
				events.get(20).getResumeToken(), events.get(40).getResumeToken());
	}

	/**
	 * Within a long batch of slow events, only the interval saves the token before the
	 * batch ends.
	 */
	@Test
	void withSaveIntervalTheTokenIsSavedWithinALongBatch() {
		RecordingTokenStore store = new RecordingTokenStore();
		List<ChangeEvent<Item>> events = new CopyOnWriteArrayList<>();
		CountDownLatch written = new CountDownLatch(1);
		this.container = container(store, TestSettings.saving(0, Duration.ofMillis(200)));
		this.container.register(ChangeListenerDefinition.builder("interval", Item.class, (event) -> {
			events.add(event);
			awaitLatch(written);
			Thread.sleep(40);
		}).collection("items").build());
		startAndAwaitStarted("interval", store);
		insert(1, 1);
		await().atMost(TIMEOUT).until(() -> events.size() == 1);
		insertMany(2, 50);
		written.countDown();
		await().atMost(TIMEOUT).until(() -> events.size() == 50);
		List<BsonDocument> insideTheBatch = events.subList(1, 49).stream().map(ChangeEvent::getResumeToken).toList();
		assertThat(store.saves)
			.as("saves of events inside the batch [2..50], 49 events of 40 ms with a 200 ms interval")
			.anySatisfy((token) -> assertThat(insideTheBatch).contains(token));
	}

	/**
	 * A crash in the middle of a batch: the store stops taking saves (as if the process had
	 * died, so that the token saved when stopping never arrives), then a new container
	 * starts from what the store holds, and delivers again at most the batch in hand.
	 */
	@Test
	void afterACrashInABatchAtMostThatBatchIsDeliveredAgainAndNoneIsLost() {
		RecordingTokenStore store = new RecordingTokenStore();
		Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
		CountDownLatch written = new CountDownLatch(1);
		ChangeListener<Item> counting = (event) -> {
			String id = event.getDocumentId().asString().getValue();
			if (deliveries.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet() == 1
					&& id.equals("item-1")) {
				awaitLatch(written);
			}
			if (id.equals("item-30")) {
				store.crash();
			}
		};
		this.container = container(store, ChangeStreamSettings.DEFAULTS);
		this.container.register(ChangeListenerDefinition.builder("crashing", Item.class, counting)
			.collection("items")
			.build());
		startAndAwaitStarted("crashing", store);
		insert(1, 1);
		await().atMost(TIMEOUT).until(() -> deliveries.size() == 1);
		insertMany(2, 50);
		written.countDown();
		await().atMost(TIMEOUT).until(() -> deliveries.size() == 50);
		this.container.stop();
		assertThat(store.saves).as("start, first post-batch token and end of batch [1]; the crash lost the rest")
			.hasSize(3);
		insert(51, 52);
		store.recover();
		this.container = container(store, ChangeStreamSettings.DEFAULTS);
		this.container.register(ChangeListenerDefinition.builder("crashing", Item.class, counting)
			.collection("items")
			.build());
		startAndAwaitRunning("crashing");
		insert(53, 53);
		// Events come in order: once the last one is here, every other delivery was made
		await().atMost(TIMEOUT).until(() -> deliveries.containsKey("item-53"));
		assertThat(deliveries).as("none is lost").hasSize(53)
			.allSatisfy((id, count) -> assertThat(count.get()).as("deliveries of %s", id).isPositive());
		assertThat(deliveries.entrySet().stream().filter((entry) -> entry.getValue().get() > 1).count())
			.as("delivered again: exactly the batch [2..50] in hand at the crash")
			.isEqualTo(49);
		assertThat(deliveries.get("item-1").get()).isOne();
		assertThat(deliveries.values()).allSatisfy((count) -> assertThat(count.get()).isLessThanOrEqualTo(2));
	}

	private static void awaitLatch(CountDownLatch latch) throws InterruptedException {
		assertThat(latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("the test wrote its events").isTrue();
	}

	private void insertMany(int from, int to) {
		List<Item> batch = new ArrayList<>();
		for (int i = from; i <= to; i++) {
			batch.add(new Item("item-" + i, "Item " + i, i));
		}
		this.items.insertMany(batch);
	}

	/**
	 * Start a new listener and wait until it saved its start time and then the post-batch
	 * token of its first, empty, batch: nothing is written before, so that batch is empty.
	 */
	private void startAndAwaitStarted(String id, RecordingTokenStore store) {
		startAndAwaitRunning(id);
		await().atMost(TIMEOUT).until(() -> store.saves.size() == 2);
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
