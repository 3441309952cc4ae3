package io.connectplatform.mongodb.changestream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The crash suite: a listener runs in a child JVM ({@link ChangeStreamCrashChild}) against
 * the embedded server in this JVM, which outlives it, while orders are written; the test
 * kills the child with {@code destroyForcibly()} at chosen moments and starts it again,
 * several times, then counts the deliveries the children recorded in the server. Whatever
 * the moment of the kill, no order may be lost, and a kill may deliver again only what the
 * killed child had handled of the batch in hand (tokens are saved once per server batch).
 * <p>
 * Each test has its own database, so its tokens, orders and deliveries do not mix. Orders
 * written before the first child reported {@code RUNNING} are not counted: a brand-new
 * listener starts at "now".
 *
 * @author Connect MongoDB team
 */
class ChangeStreamCrashTests {

	private static final String LISTENER = "crash-orders";

	/**
	 * How long a child JVM may take to open its stream, on a busy machine.
	 */
	private static final Duration STARTUP = Duration.ofSeconds(60);

	/**
	 * How long anything else may take.
	 */
	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private final List<Child> children = new CopyOnWriteArrayList<>();

	private final Set<Integer> inserted = ConcurrentHashMap.newKeySet();

	private final AtomicInteger nextOrder = new AtomicInteger(1);

	private final List<String> kills = new ArrayList<>();

	/**
	 * How many deliveries the kills so far may repeat: the events each killed child had
	 * handled of the batch in hand.
	 */
	private int mayComeAgain;

	private String databaseName;

	private MongoClient client;

	private MongoCollection<Document> orders;

	private MongoCollection<Document> deliveries;

	private MongoCollection<Document> flags;

	private Writer writer;

	@BeforeEach
	void connect(TestInfo test) {
		String name = test.getTestMethod().orElseThrow().getName();
		this.databaseName = "crash_" + name.substring(0, Math.min(name.length(), 50));
		this.client = MongoClients.create(mongo.getConnectionString());
		MongoDatabase database = this.client.getDatabase(this.databaseName);
		this.orders = database.getCollection(ChangeStreamCrashChild.LISTENER_COLLECTION);
		this.deliveries = database.getCollection(ChangeStreamCrashChild.DELIVERIES);
		this.flags = database.getCollection(ChangeStreamCrashChild.FLAGS);
	}

	@AfterEach
	void close() throws InterruptedException {
		try {
			if (this.writer != null) {
				this.writer.stop();
			}
		}
		finally {
			for (Child child : this.children) {
				child.process.destroyForcibly();
				child.process.waitFor(30, TimeUnit.SECONDS);
			}
			this.client.close();
		}
	}

	/**
	 * A brand-new listener (no token stored) has reported {@code RUNNING} and delivered
	 * nothing yet when the orders are written and the child is killed at once; then again
	 * for the children started after it.
	 */
	@Test
	void killedBeforeItsFirstEventTheListenerLosesNoOrder() throws Exception {
		for (int cycle = 1; cycle <= 3; cycle++) {
			Child child = start();
			child.awaitState(ListenerState.RUNNING);
			int handledBefore = child.count("HANDLED ");
			insertOrders(20);
			child.kill("RUNNING, handled " + handledBefore + " in this run, then 20 orders written and killed at once; "
					+ "handled by then: %d");
		}
		finish();
	}

	/**
	 * A slow listener behind a faster writer reads full batches; each child is killed after
	 * handling 3 events of a batch of at least 6.
	 */
	@Test
	void killedInTheMiddleOfABatchTheListenerLosesNoOrder() throws Exception {
		for (int cycle = 1; cycle <= 3; cycle++) {
			Child child = start("slow=20");
			child.awaitState(ListenerState.RUNNING);
			if (this.writer == null) {
				this.writer = new Writer(10);
			}
			killInBatch(child);
		}
		this.writer.stop();
		finish();
	}

	/**
	 * Each child is killed while its listener blocks after recording an event, before the
	 * container could save that event's token: the event must come again.
	 */
	@Test
	void killedAfterHandlingAnEventBeforeItsTokenIsSavedTheListenerLosesNoOrder() throws Exception {
		List<Integer> held = new ArrayList<>();
		int[] holdAfter = { 3, 1, 4 };
		for (int cycle = 0; cycle < holdAfter.length; cycle++) {
			Child child = start("hold-after=" + holdAfter[cycle]);
			child.awaitState(ListenerState.RUNNING);
			if (this.writer == null) {
				this.writer = new Writer(20);
			}
			String holding = child.awaitLine((line) -> line.startsWith("HOLDING "));
			int order = Integer.parseInt(holding.substring("HOLDING ".length()));
			held.add(order);
			child.kill("holding order " + order + " (the " + holdAfter[cycle] + ". event of this run) after "
					+ "recording it; handled in this run: %d");
		}
		this.writer.stop();
		Map<Integer, Integer> counts = finish();
		assertThat(held).as("orders held at a kill (handled, token not saved) are delivered again; deliveries: %s",
				held.stream().map((order) -> order + "=" + counts.get(order)).toList())
			.allSatisfy((order) -> assertThat(counts.get(order)).isGreaterThanOrEqualTo(2));
	}

	/**
	 * After some orders were handled (and their tokens saved) a poison order stops the
	 * listener (on-error=stop); the child is killed while FAILED, started again with the
	 * poison still there (it must fail on the same order again, not skip it), killed again,
	 * and started once the poison is gone.
	 */
	@Test
	void killedWhileFailedOnAPoisonOrderTheListenerLosesNoOrder() throws Exception {
		Child child = start();
		child.awaitState(ListenerState.RUNNING);
		insertOrders(5);
		child.awaitCount("HANDLED ", 5);
		this.flags.insertOne(new Document("_id", ChangeStreamCrashChild.POISON_FLAG));
		int poison = insertPoison();
		insertOrders(4);
		child.awaitState(ListenerState.FAILED);
		child.kill("FAILED on poison order " + poison + "; handled in this run: %d");
		insertOrders(5);
		child = start();
		child.awaitState(ListenerState.FAILED);
		assertThat(child.lines).as("the started child failed on the same poison order").contains("POISONED " + poison);
		child.kill("FAILED again on poison order " + poison + "; handled in this run: %d");
		this.flags.deleteOne(Filters.eq("_id", ChangeStreamCrashChild.POISON_FLAG));
		insertOrders(5);
		finish();
	}

	/**
	 * A brand-new listener's very first event is a poison order: it is FAILED before it
	 * saved any token, and killed so.
	 */
	@Test
	void killedWhileFailedOnAPoisonOrderBeforeAnyTokenWasSavedTheListenerLosesNoOrder() throws Exception {
		Child child = start();
		child.awaitState(ListenerState.RUNNING);
		this.flags.insertOne(new Document("_id", ChangeStreamCrashChild.POISON_FLAG));
		int poison = insertPoison();
		insertOrders(9);
		child.awaitState(ListenerState.FAILED);
		child.kill("FAILED on poison order " + poison + ", its first event; handled in this run: %d");
		this.flags.deleteOne(Filters.eq("_id", ChangeStreamCrashChild.POISON_FLAG));
		finish();
	}

	/**
	 * One listener, a writer that never pauses, and every kill moment in turn: mid-batch,
	 * after handling before the save, at once after {@code RUNNING} with a backlog, while
	 * FAILED on a poison order, and mid-batch again just after the poison was delivered.
	 */
	@Test
	void killedAtEachMomentInTurnWhileOrdersKeepComingTheListenerLosesNoOrder() throws Exception {
		Child child = start("slow=20");
		child.awaitState(ListenerState.RUNNING);
		this.writer = new Writer(15);
		killInBatch(child);
		child = start("hold-after=2");
		String holding = child.awaitLine((line) -> line.startsWith("HOLDING "));
		child.kill(holding.toLowerCase(Locale.ROOT) + " (the 2. event of this run); handled in this run: %d");
		child = start();
		child.awaitState(ListenerState.RUNNING);
		child.kill("RUNNING with a backlog and killed at once; handled by then: %d");
		this.flags.insertOne(new Document("_id", ChangeStreamCrashChild.POISON_FLAG));
		int poison = insertPoison();
		child = start();
		child.awaitState(ListenerState.FAILED);
		child.kill("FAILED on poison order " + poison + "; handled in this run: %d");
		this.flags.deleteOne(Filters.eq("_id", ChangeStreamCrashChild.POISON_FLAG));
		child = start("slow=20");
		child.awaitState(ListenerState.RUNNING);
		child.awaitLine(("HANDLED " + poison)::equals);
		killInBatch(child);
		this.writer.stop();
		finish();
	}

	private void killInBatch(Child child) throws InterruptedException {
		await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(5)).until(() -> child.inBatch(6, 3));
		int[] batch = child.batchPosition();
		child.kill("in a batch of " + batch[0] + " after handling " + batch[1] + " of its events; handled in this "
				+ "run: %d");
	}

	/**
	 * Start the last child, which is not killed: write a last order and wait for it (the
	 * events come in order, so every earlier order that is coming has come), then assert
	 * that none was lost and that the kills delivered few again.
	 * @return the deliveries of each inserted order
	 */
	private Map<Integer, Integer> finish() throws Exception {
		Child last = start();
		last.awaitState(ListenerState.RUNNING);
		int sentinel = insertOrders(1).get(0);
		boolean arrived = true;
		try {
			await().atMost(TIMEOUT).until(() -> this.deliveries.countDocuments(Filters.eq("order", sentinel)) > 0);
		}
		catch (ConditionTimeoutException ex) {
			arrived = false;
		}
		Map<Integer, Integer> counts = countDeliveries();
		Set<Integer> lost = new TreeSet<>(this.inserted);
		lost.removeIf((order) -> counts.getOrDefault(order, 0) > 0);
		int duplicates = counts.entrySet()
			.stream()
			.filter((entry) -> this.inserted.contains(entry.getKey()))
			.mapToInt((entry) -> entry.getValue() - 1)
			.sum();
		Set<Integer> unknown = new TreeSet<>(counts.keySet());
		unknown.removeAll(this.inserted);
		String summary = "orders: " + this.inserted.size() + ", delivered: " + (this.inserted.size() - lost.size())
				+ ", lost: " + lost.size() + ", deliveries again: " + duplicates + ", kills: " + this.kills.size()
				+ " [" + String.join("; ", this.kills) + "]";
		System.out.println("[crash] " + this.databaseName + ": " + summary);
		assertThat(lost).as("orders never delivered over %d kills (lost: %s); %s", this.kills.size(), ranges(lost),
				summary)
			.isEmpty();
		assertThat(arrived).as("the last order %d arrived within %s; %s", sentinel, TIMEOUT, summary).isTrue();
		assertThat(unknown).as("deliveries of orders never written").isEmpty();
		assertThat(duplicates)
			.as("deliveries beyond the first: at most the events each killed child had handled of the batch in "
					+ "hand (%d in all); %s", this.mayComeAgain, summary)
			.isLessThanOrEqualTo(this.mayComeAgain);
		return counts;
	}

	private Map<Integer, Integer> countDeliveries() {
		Map<Integer, Integer> counts = new TreeMap<>();
		for (Document delivery : this.deliveries.find()) {
			counts.merge(delivery.getInteger("order"), 1, Integer::sum);
		}
		return counts;
	}

	private List<Integer> insertOrders(int count) {
		List<Integer> ids = IntStream.range(0, count).mapToObj((i) -> this.nextOrder.getAndIncrement()).toList();
		this.orders.insertMany(ids.stream().map((id) -> new Document("_id", id)).toList());
		this.inserted.addAll(ids);
		return ids;
	}

	private int insertPoison() {
		int id = this.nextOrder.getAndIncrement();
		this.orders.insertOne(new Document("_id", id).append("poison", true));
		this.inserted.add(id);
		return id;
	}

	private Child start(String... modes) throws IOException {
		Child child = new Child(this.children.size() + 1, modes);
		this.children.add(child);
		return child;
	}

	/**
	 * Write a set of integers as ranges, such as {@code 1-20, 23}.
	 */
	static String ranges(Set<Integer> numbers) {
		List<String> ranges = new ArrayList<>();
		Integer from = null;
		Integer to = null;
		for (int number : new TreeSet<>(numbers)) {
			if (to != null && number == to + 1) {
				to = number;
				continue;
			}
			if (from != null) {
				ranges.add(from.equals(to) ? String.valueOf(from) : from + "-" + to);
			}
			from = number;
			to = number;
		}
		if (from != null) {
			ranges.add(from.equals(to) ? String.valueOf(from) : from + "-" + to);
		}
		return String.join(", ", ranges);
	}

	/**
	 * One child JVM, with a thread that reads its output (so that it never blocks on a full
	 * pipe) into {@link #lines}.
	 */
	private final class Child {

		private final int run;

		private final Process process;

		private final List<String> lines = new CopyOnWriteArrayList<>();

		private final Thread reader;

		Child(int run, String... modes) throws IOException {
			this.run = run;
			Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
			List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
					"-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
					ChangeStreamCrashChild.class.getName(), mongo.getConnectionString(),
					ChangeStreamCrashTests.this.databaseName, LISTENER, Integer.toString(run)));
			command.addAll(List.of(modes));
			this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
			this.reader = new Thread(this::read, "crash-child-" + run);
			this.reader.setDaemon(true);
			this.reader.start();
		}

		private void read() {
			try (BufferedReader output = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = output.readLine()) != null) {
					this.lines.add(line);
				}
			}
			catch (IOException ex) {
				// The process is gone
			}
		}

		void awaitState(ListenerState state) {
			awaitLine(("STATE " + state)::equals);
		}

		String awaitLine(Predicate<String> matching) {
			await().atMost(STARTUP).pollInterval(Duration.ofMillis(5)).until(() -> {
				checkAlive();
				return this.lines.stream().anyMatch(matching);
			});
			return this.lines.stream().filter(matching).findFirst().orElseThrow();
		}

		void awaitCount(String prefix, int count) {
			await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(5)).until(() -> {
				checkAlive();
				return count(prefix) >= count;
			});
		}

		int count(String prefix) {
			return (int) this.lines.stream().filter((line) -> line.startsWith(prefix)).count();
		}

		/**
		 * Whether the child is in the middle of a batch: the last batch it read holds at
		 * least {@code size} events and it handled at least {@code handled} of them, and
		 * at least two are left.
		 */
		boolean inBatch(int size, int handled) {
			checkAlive();
			int[] position = batchPosition();
			return position[0] >= size && position[1] >= handled && position[1] <= position[0] - 2;
		}

		/**
		 * Return the size of the last batch read and how many events were handled since.
		 */
		int[] batchPosition() {
			List<String> snapshot = List.copyOf(this.lines);
			int handled = 0;
			for (int i = snapshot.size() - 1; i >= 0; i--) {
				String line = snapshot.get(i);
				if (line.startsWith("HANDLED ")) {
					handled++;
				}
				else if (line.startsWith("BATCH ")) {
					return new int[] { Integer.parseInt(line.substring("BATCH ".length())), handled };
				}
			}
			return new int[] { 0, handled };
		}

		/**
		 * Kill the child and record the moment.
		 * @param moment what it was doing, with {@code %d} for the events it had handled
		 */
		void kill(String moment) throws InterruptedException {
			this.process.destroyForcibly();
			assertThat(this.process.waitFor(30, TimeUnit.SECONDS)).as("child %d ended", this.run).isTrue();
			this.reader.join(TimeUnit.SECONDS.toMillis(10));
			// Tokens are saved at the end of each batch: what may come again is what this
			// child handled of the batch in hand, including the deliveries it recorded in the
			// server but was killed before reporting (necessarily its last ones)
			long recorded = ChangeStreamCrashTests.this.deliveries.countDocuments(Filters.eq("run", this.run));
			ChangeStreamCrashTests.this.mayComeAgain += batchPosition()[1] + (int) (recorded - count("HANDLED "));
			ChangeStreamCrashTests.this.kills.add("#" + this.run + ": " + String.format(moment, count("HANDLED ")));
		}

		private void checkAlive() {
			if (!this.process.isAlive()) {
				throw new AssertionError("Child " + this.run + " ended with " + this.process.exitValue() + ":\n"
						+ this.lines.stream().collect(Collectors.joining("\n")));
			}
		}

	}

	/**
	 * Writes an order every few milliseconds on its own thread until stopped.
	 */
	private final class Writer {

		private final Thread thread;

		private volatile boolean stopped;

		private volatile RuntimeException failure;

		Writer(long pauseMillis) {
			this.thread = new Thread(() -> {
				try {
					while (!this.stopped) {
						insertOrders(1);
						Thread.sleep(pauseMillis);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				catch (RuntimeException ex) {
					this.failure = ex;
				}
			}, "crash-writer");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		void stop() throws InterruptedException {
			this.stopped = true;
			this.thread.join(TimeUnit.SECONDS.toMillis(30));
			assertThat(this.thread.isAlive()).as("the writer stopped").isFalse();
			if (this.failure != null) {
				throw this.failure;
			}
		}

	}

}
