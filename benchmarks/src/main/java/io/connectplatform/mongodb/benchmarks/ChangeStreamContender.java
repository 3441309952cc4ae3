package io.connectplatform.mongodb.benchmarks;

import java.time.Duration;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import org.bson.Document;

import io.connectplatform.mongodb.changestream.ChangeListenerDefinition;
import io.connectplatform.mongodb.changestream.ChangeStreamListenerContainer;
import io.connectplatform.mongodb.changestream.ChangeStreamSettings;
import io.connectplatform.mongodb.changestream.InMemoryResumeTokenStore;
import io.connectplatform.mongodb.changestream.ListenerState;
import io.connectplatform.mongodb.changestream.ListenerStatus;
import io.connectplatform.mongodb.changestream.MongoResumeTokenStore;
import io.connectplatform.mongodb.changestream.ResumeTokenStore;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.messaging.ChangeStreamRequest;
import org.springframework.data.mongodb.core.messaging.DefaultMessageListenerContainer;
import org.springframework.data.mongodb.core.messaging.Message;
import org.springframework.data.mongodb.core.messaging.Subscription;

/**
 * A running change-stream listener on one collection that counts the inserted documents it
 * receives (reading each one's full document), started in one of the ways the benchmarks
 * compare. It streams before {@link #start} returns.
 *
 * @author Connect MongoDB team
 */
interface ChangeStreamContender extends AutoCloseable {

	/**
	 * How long a listener may take to start.
	 */
	Duration STARTUP = Duration.ofSeconds(30);

	@Override
	void close() throws Exception;

	/**
	 * Start a listener.
	 * @param name {@code raw}, {@code connect}, {@code connect-durable} or
	 * {@code spring-data}
	 * @param client the client
	 * @param collection the collection to watch
	 * @param counter what the listener counts events with
	 * @return the running listener
	 * @throws Exception if it does not start
	 */
	static ChangeStreamContender start(String name, MongoClient client, String collection, DeliveryCounter counter)
			throws Exception {
		MongoDatabase database = client.getDatabase(BenchmarkServers.DATABASE);
		return switch (name) {
			case "raw" -> new Raw(database, collection, counter);
			case "connect" -> new Connect(client, database, collection, counter, new InMemoryResumeTokenStore());
			// What ConnectMongoChangeStreamsAutoConfiguration builds when nothing is configured
			case "connect-durable" -> new Connect(client, database, collection, counter,
					new MongoResumeTokenStore(database, MongoResumeTokenStore.DEFAULT_COLLECTION));
			case "spring-data" -> new SpringData(client, collection, counter);
			default -> throw new IllegalArgumentException("Unknown contender '" + name + "'");
		};
	}

	/**
	 * A thread that loops over the driver's change-stream cursor: the least a user can write.
	 */
	final class Raw implements ChangeStreamContender {

		private final MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor;

		private final Thread thread;

		private volatile boolean running = true;

		Raw(MongoDatabase database, String collection, DeliveryCounter counter) {
			this.cursor = database.getCollection(collection).watch().cursor();
			this.thread = new Thread(() -> {
				while (this.running) {
					ChangeStreamDocument<Document> event = this.cursor.tryNext();
					if (event != null && event.getFullDocument() != null) {
						counter.received();
					}
				}
			}, "raw-watch");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		@Override
		public void close() throws InterruptedException {
			this.running = false;
			this.thread.join(STARTUP.toMillis());
			this.cursor.close();
		}

	}

	/**
	 * Our {@link ChangeStreamListenerContainer} with one listener and the default settings
	 * ({@link ChangeStreamSettings#DEFAULTS}, which the auto-configuration maps its property
	 * defaults to): its resume token kept in memory ({@code connect}), or saved in MongoDB's
	 * {@value MongoResumeTokenStore#DEFAULT_COLLECTION} once per server batch and on stop
	 * ({@code connect-durable}, what the auto-configuration builds when nothing is
	 * configured).
	 */
	final class Connect implements ChangeStreamContender {

		private static final String ID = "benchmark";

		private final ChangeStreamListenerContainer container;

		Connect(MongoClient client, MongoDatabase database, String collection, DeliveryCounter counter,
				ResumeTokenStore tokens) throws InterruptedException {
			tokens.delete(ID);
			this.container = ChangeStreamListenerContainer.builder(client, database)
				.tokenStore(tokens)
				.settings(ChangeStreamSettings.DEFAULTS)
				.build();
			this.container.register(ChangeListenerDefinition.builder(ID, Document.class, (event) -> {
				if (event.getFullDocument() != null) {
					counter.received();
				}
			}).collection(collection).build());
			this.container.start();
			long deadline = System.nanoTime() + STARTUP.toNanos();
			while (true) {
				ListenerStatus status = this.container.getListener(ID);
				if (status != null && status.state() == ListenerState.RUNNING) {
					return;
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The listener did not start: " + status);
				}
				Thread.sleep(10);
			}
		}

		@Override
		public void close() {
			this.container.stop();
		}

	}

	/**
	 * Spring Data's {@link DefaultMessageListenerContainer} with one change-stream request.
	 */
	final class SpringData implements ChangeStreamContender {

		private final DefaultMessageListenerContainer container;

		SpringData(MongoClient client, String collection, DeliveryCounter counter) throws InterruptedException {
			this.container = new DefaultMessageListenerContainer(new MongoTemplate(client, BenchmarkServers.DATABASE));
			this.container.start();
			ChangeStreamRequest<Document> request = ChangeStreamRequest
				.builder((Message<ChangeStreamDocument<Document>, Document> message) -> {
					if (message.getBody() != null) {
						counter.received();
					}
				})
				.collection(collection)
				.build();
			Subscription subscription = this.container.register(request, Document.class);
			subscription.await(STARTUP);
		}

		@Override
		public void close() {
			this.container.stop();
		}

	}

}
