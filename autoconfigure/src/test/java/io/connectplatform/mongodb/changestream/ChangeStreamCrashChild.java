package io.connectplatform.mongodb.changestream;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.BsonDocument;
import org.bson.Document;

/**
 * The child JVM of {@link ChangeStreamCrashTests}: one collection-level listener on
 * {@code orders}, with its tokens in a {@link MongoResumeTokenStore} on the server (so that
 * they outlive this process) and the auto-configured {@link ChangeStreamSettings#DEFAULTS}.
 * Each event it handles is recorded in the server, in {@code deliveries}
 * ({@code {order, run, at}}), and then said on stdout, so the parent counts deliveries
 * even of an event whose token was never saved.
 * <p>
 * Arguments: connection string, database, listener id, run number, then modes:
 * <ul>
 * <li>{@code slow=<ms>}: sleep that long per event before recording it, so that a kill
 * lands in the middle of a batch;</li>
 * <li>{@code hold-after=<n>}: after recording the n-th event of this run, block inside the
 * listener (at most a minute), so that a kill lands after the event was handled and
 * before its token is saved.</li>
 * </ul>
 * An order with {@code poison: true} fails (and, with {@code on-error=stop}, stops the
 * listener) while the document {@code flags {_id: "poison"}} exists.
 * <p>
 * Lines on stdout: {@code STATE <state>} on every state change, {@code BATCH <n>} for each
 * non-empty batch the stream reads (before its events are handled), {@code HANDLED <order>},
 * {@code HOLDING <order>} and {@code POISONED <order>} (one per attempt). The process ends
 * when it is killed, when its stdin closes (the parent died), or after three minutes.
 *
 * @author Connect MongoDB team
 */
final class ChangeStreamCrashChild {

	static final String LISTENER_COLLECTION = "orders";

	static final String DELIVERIES = "deliveries";

	static final String FLAGS = "flags";

	static final String POISON_FLAG = "poison";

	/**
	 * The listener's batch size: the most events one read hands over, and so the most a
	 * kill may deliver again.
	 */
	static final int BATCH_SIZE = 10;

	private ChangeStreamCrashChild() {
	}

	public static void main(String[] args) throws Exception {
		String connectionString = args[0];
		String databaseName = args[1];
		String listenerId = args[2];
		int run = Integer.parseInt(args[3]);
		long slowMillis = 0;
		int holdAfter = 0;
		for (int i = 4; i < args.length; i++) {
			String[] mode = args[i].split("=", 2);
			switch (mode[0]) {
				case "slow" -> slowMillis = Long.parseLong(mode[1]);
				case "hold-after" -> holdAfter = Integer.parseInt(mode[1]);
				default -> throw new IllegalArgumentException("Unknown mode '" + args[i] + "'");
			}
		}
		watchParent();
		MongoClient client = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(connectionString))
			.addCommandListener(new BatchReporter())
			.build());
		MongoDatabase database = client.getDatabase(databaseName);
		MongoCollection<Document> deliveries = database.getCollection(DELIVERIES);
		MongoCollection<Document> flags = database.getCollection(FLAGS);
		AtomicInteger handled = new AtomicInteger();
		long slow = slowMillis;
		int hold = holdAfter;
		ChangeListener<Document> listener = (event) -> {
			int order = event.getDocumentId().asInt32().getValue();
			Document orderDocument = event.getFullDocument();
			if (orderDocument != null && orderDocument.getBoolean("poison", false)
					&& flags.find(Filters.eq("_id", POISON_FLAG)).first() != null) {
				say("POISONED " + order);
				throw new IllegalStateException("Poison order " + order);
			}
			if (slow > 0) {
				Thread.sleep(slow);
			}
			deliveries.insertOne(new Document("order", order).append("run", run).append("at", System.nanoTime()));
			say("HANDLED " + order);
			if (handled.incrementAndGet() == hold) {
				say("HOLDING " + order);
				Thread.sleep(TimeUnit.MINUTES.toMillis(1));
			}
		};
		ChangeStreamListenerContainer container = ChangeStreamListenerContainer.builder(client, database)
			.tokenStore(new MongoResumeTokenStore(database, MongoResumeTokenStore.DEFAULT_COLLECTION))
			.settings(ChangeStreamSettings.DEFAULTS)
			.observer(new ChangeStreamObserver() {

				@Override
				public void stateChanged(String id, ListenerState state) {
					say("STATE " + state);
				}

			})
			.build();
		container.register(ChangeListenerDefinition.builder(listenerId, Document.class, listener)
			.collection(LISTENER_COLLECTION)
			.batchSize(BATCH_SIZE)
			.build());
		container.start();
		Thread.sleep(TimeUnit.MINUTES.toMillis(3));
		Runtime.getRuntime().halt(2);
	}

	static synchronized void say(String line) {
		System.out.println(line);
		System.out.flush();
	}

	/**
	 * End this process when the parent's end of stdin closes, so that a dead test JVM
	 * leaves no listener behind.
	 */
	private static void watchParent() {
		Thread watcher = new Thread(() -> {
			try {
				while (System.in.read() != -1) {
					// Nothing is ever sent
				}
			}
			catch (IOException ex) {
				// The parent is gone either way
			}
			Runtime.getRuntime().halt(3);
		}, "parent-watcher");
		watcher.setDaemon(true);
		watcher.start();
	}

	/**
	 * Says how many events each read of the stream returned: the batches the listener then
	 * works through.
	 */
	private static final class BatchReporter implements CommandListener {

		@Override
		public void commandSucceeded(CommandSucceededEvent event) {
			String name = event.getCommandName();
			if (!name.equals("aggregate") && !name.equals("getMore")) {
				return;
			}
			BsonDocument cursor = event.getResponse().getDocument("cursor", null);
			if (cursor == null) {
				return;
			}
			String batch = cursor.containsKey("firstBatch") ? "firstBatch" : "nextBatch";
			int size = cursor.isArray(batch) ? cursor.getArray(batch).size() : 0;
			if (size > 0) {
				say("BATCH " + size);
			}
		}

	}

}
