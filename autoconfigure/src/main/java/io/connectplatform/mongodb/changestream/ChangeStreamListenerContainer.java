package io.connectplatform.mongodb.changestream;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.connectplatform.mongodb.internal.PlainDatabase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.bson.BsonDocument;
import org.bson.codecs.configuration.CodecRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Runs change-stream listeners, each on its own worker thread, so that a slow listener
 * never holds up another; the events of one listener are handled in order, one at a time
 * (the blocking cursor is the back-pressure).
 * <p>
 * Delivery is at-least-once: a listener's resume token is saved at the end of every server
 * batch it handled (and every {@code saveEvery} events / {@code saveInterval} when set), and
 * a listener started again resumes after its saved token, so the events of a batch handled
 * but not yet saved when the application died are delivered again. A new listener saves
 * where its stream starts (now, or its {@code startAt} time) before its first event, so a
 * crash before its first token loses nothing either.
 * <p>
 * Errors never end a listener silently. A listener exception is retried with back-off up
 * to {@code maxAttempts}, then skipped or stops the listener, as its
 * {@link ListenerErrorPolicy} says. A network, server or cursor error, or an
 * {@code invalidate} event, opens the stream again after the last handled event, with
 * exponential back-off, logging each restart. A lost history follows the
 * {@link HistoryLostPolicy}.
 * <p>
 * As a {@link SmartLifecycle} it starts its listeners when the application context has
 * been refreshed and stops them first on shutdown: each finishes the event in hand and
 * saves its token, within the shutdown timeout. Listeners registered while it runs start
 * at once.
 *
 * @author Connect MongoDB team
 */
public final class ChangeStreamListenerContainer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ChangeStreamListenerContainer.class);

	private final MongoClient client;

	private final MongoDatabase defaultDatabase;

	private final CodecRegistry codecRegistry;

	private final ResumeTokenStore tokenStore;

	private final ChangeStreamSettings settings;

	private final ChangeStreamObserver observer;

	private final @Nullable MongoCollection<BsonDocument> deadLetters;

	private final Clock clock;

	private final Object lifecycleMonitor = new Object();

	private final Map<String, ChangeStreamWorker> workers = new LinkedHashMap<>();

	private boolean running;

	private boolean autoStartup = true;

	private ChangeStreamListenerContainer(Builder builder) {
		this.client = builder.client;
		this.defaultDatabase = builder.database;
		this.codecRegistry = (builder.codecRegistry != null) ? builder.codecRegistry
				: builder.database.getCodecRegistry();
		this.tokenStore = builder.tokenStore;
		this.settings = builder.settings;
		this.observer = builder.observer;
		String deadLetterCollection = builder.settings.deadLetterCollection();
		this.deadLetters = (deadLetterCollection != null)
				? builder.database.getCollection(deadLetterCollection, BsonDocument.class) : null;
		this.clock = builder.clock;
	}

	/**
	 * Start building a container.
	 * @param client the client the streams are opened with
	 * @param defaultDatabase the database of listeners that name none (streams never join
	 * transactions: the container runs on a plain database of the same name and settings)
	 * @return the builder
	 */
	public static Builder builder(MongoClient client, MongoDatabase defaultDatabase) {
		Assert.notNull(client, "'client' must not be null");
		Assert.notNull(defaultDatabase, "'defaultDatabase' must not be null");
		return new Builder(client, PlainDatabase.of(client, defaultDatabase));
	}

	/**
	 * Register a listener. It starts at once if the container is running.
	 * @param definition the listener
	 * @throws IllegalStateException if a listener with the same id is registered
	 */
	public void register(ChangeListenerDefinition<?> definition) {
		Assert.notNull(definition, "'definition' must not be null");
		ChangeStreamWorker worker;
		synchronized (this.lifecycleMonitor) {
			ChangeStreamWorker existing = this.workers.get(definition.getId());
			Assert.state(existing == null, () -> "Duplicate change-stream listener id '" + definition.getId() + "': "
					+ definition.getSource() + " and " + existing.getDefinition().getSource()
					+ "; each listener needs its own id, which keys its resume token");
			worker = new ChangeStreamWorker(definition, this);
			this.workers.put(definition.getId(), worker);
			if (this.running) {
				worker.start();
			}
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Registered " + definition);
		}
	}

	/**
	 * Return the status of every listener, in registration order.
	 * @return the statuses
	 */
	public List<ListenerStatus> getListeners() {
		synchronized (this.lifecycleMonitor) {
			return this.workers.values().stream().map(ChangeStreamWorker::status).toList();
		}
	}

	/**
	 * Return the status of one listener.
	 * @param id the listener id
	 * @return the status, or {@code null} if no listener has that id
	 */
	public @Nullable ListenerStatus getListener(String id) {
		ChangeStreamWorker worker = find(id);
		return (worker != null) ? worker.status() : null;
	}

	/**
	 * Start one listener, also one that failed; does nothing if it runs.
	 * @param id the listener id
	 * @throws IllegalArgumentException if no listener has that id
	 * @throws IllegalStateException if the container is not running
	 */
	public void start(String id) {
		synchronized (this.lifecycleMonitor) {
			Assert.state(this.running, "The change-stream listener container is not running");
			get(id).start();
		}
	}

	/**
	 * Stop one listener gracefully (the event in hand finishes and its token is saved),
	 * waiting up to the shutdown timeout.
	 * @param id the listener id
	 * @throws IllegalArgumentException if no listener has that id
	 */
	public void stop(String id) {
		ChangeStreamWorker worker = get(id);
		worker.requestStop();
		worker.awaitStop(System.nanoTime() + this.settings.shutdownTimeout().toNanos());
	}

	/**
	 * Stop one listener gracefully and start it again, from its saved token.
	 * @param id the listener id
	 * @throws IllegalArgumentException if no listener has that id
	 * @throws IllegalStateException if the container is not running
	 */
	public void restart(String id) {
		stop(id);
		start(id);
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			this.running = true;
			this.workers.values().forEach(ChangeStreamWorker::start);
			if (!this.workers.isEmpty()) {
				logger.info("Started " + this.workers.size() + " change-stream listener(s): "
						+ String.join(", ", this.workers.keySet()));
			}
		}
	}

	@Override
	public void stop() {
		List<ChangeStreamWorker> stopping;
		synchronized (this.lifecycleMonitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			stopping = new ArrayList<>(this.workers.values());
		}
		stopping.forEach(ChangeStreamWorker::requestStop);
		long deadline = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
		stopping.forEach((worker) -> worker.awaitStop(deadline));
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lifecycleMonitor) {
			return this.running;
		}
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	/**
	 * Set whether the listeners start with the application context.
	 * @param autoStartup {@code false} to start them only on {@link #start()}
	 */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	/**
	 * Return the settings.
	 * @return the settings
	 */
	public ChangeStreamSettings getSettings() {
		return this.settings;
	}

	/**
	 * Return the store of resume tokens.
	 * @return the store
	 */
	public ResumeTokenStore getTokenStore() {
		return this.tokenStore;
	}

	MongoClient getClient() {
		return this.client;
	}

	MongoDatabase getDefaultDatabase() {
		return this.defaultDatabase;
	}

	CodecRegistry getCodecRegistry() {
		return this.codecRegistry;
	}

	ChangeStreamObserver getObserver() {
		return this.observer;
	}

	@Nullable MongoCollection<BsonDocument> getDeadLetters() {
		return this.deadLetters;
	}

	Clock getClock() {
		return this.clock;
	}

	private @Nullable ChangeStreamWorker find(String id) {
		synchronized (this.lifecycleMonitor) {
			return this.workers.get(id);
		}
	}

	private ChangeStreamWorker get(String id) {
		ChangeStreamWorker worker = find(id);
		Assert.isTrue(worker != null, () -> "No change-stream listener with id '" + id + "'");
		return worker;
	}

	/**
	 * Builds a {@link ChangeStreamListenerContainer}.
	 */
	public static final class Builder {

		private final MongoClient client;

		private final MongoDatabase database;

		private @Nullable CodecRegistry codecRegistry;

		private ResumeTokenStore tokenStore = new InMemoryResumeTokenStore();

		private ChangeStreamSettings settings = ChangeStreamSettings.DEFAULTS;

		private ChangeStreamObserver observer = ChangeStreamObserver.NONE;

		private Clock clock = Clock.systemUTC();

		private Builder(MongoClient client, MongoDatabase database) {
			this.client = client;
			this.database = database;
		}

		/**
		 * Set the registry that decodes full documents and pre-images, such as
		 * {@code MongoTemplates.getCodecRegistry()}; the default database's otherwise.
		 * @param codecRegistry the registry
		 * @return this builder
		 */
		public Builder codecRegistry(CodecRegistry codecRegistry) {
			Assert.notNull(codecRegistry, "'codecRegistry' must not be null");
			this.codecRegistry = codecRegistry;
			return this;
		}

		/**
		 * Set the store of resume tokens; in memory by default.
		 * @param tokenStore the store
		 * @return this builder
		 */
		public Builder tokenStore(ResumeTokenStore tokenStore) {
			Assert.notNull(tokenStore, "'tokenStore' must not be null");
			this.tokenStore = tokenStore;
			return this;
		}

		/**
		 * Set the settings; {@link ChangeStreamSettings#DEFAULTS} by default.
		 * @param settings the settings
		 * @return this builder
		 */
		public Builder settings(ChangeStreamSettings settings) {
			Assert.notNull(settings, "'settings' must not be null");
			String deadLetterCollection = settings.deadLetterCollection();
			if (deadLetterCollection != null) {
				MongoNamespace.checkCollectionNameValidity(deadLetterCollection);
			}
			this.settings = settings;
			return this;
		}

		/**
		 * Set the observer, such as the Micrometer meters.
		 * @param observer the observer
		 * @return this builder
		 */
		public Builder observer(ChangeStreamObserver observer) {
			Assert.notNull(observer, "'observer' must not be null");
			this.observer = observer;
			return this;
		}

		/**
		 * Set the clock of event and error times and of the lag.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "'clock' must not be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Build the container.
		 * @return the container, not running
		 */
		public ChangeStreamListenerContainer build() {
			return new ChangeStreamListenerContainer(this);
		}

	}

}
