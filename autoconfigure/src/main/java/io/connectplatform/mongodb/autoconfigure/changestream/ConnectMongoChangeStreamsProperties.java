package io.connectplatform.mongodb.autoconfigure.changestream;

import java.time.Duration;

import io.connectplatform.mongodb.changestream.HistoryLostPolicy;
import io.connectplatform.mongodb.changestream.ListenerErrorPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of change-stream listeners: {@code connect.mongodb.change-streams.*}.
 *
 * @author Connect MongoDB team
 */
@ConfigurationProperties(ConnectMongoChangeStreamsProperties.PREFIX)
public class ConnectMongoChangeStreamsProperties {

	/**
	 * The prefix of these properties.
	 */
	public static final String PREFIX = "connect.mongodb.change-streams";

	/**
	 * Whether to run @MongoChangeListener methods and create the listener container.
	 */
	private boolean enabled = true;

	/**
	 * Where listeners keep their resume tokens: 'mongo' (a collection, survives restarts of
	 * the application) or 'memory' (lost with the application, which then starts its
	 * listeners from now).
	 */
	private TokenStore tokenStore = TokenStore.MONGO;

	/**
	 * Collection of the resume tokens, one document per listener id, in the database of the
	 * MongoDatabase bean.
	 */
	private String tokenCollection = "connect_resume_tokens";

	/**
	 * How long stopping may take: each listener finishes the event in hand and saves its
	 * token; listeners still busy after it are interrupted.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * Also save a listener's token after this many handled events. 0 saves it only once
	 * per server batch (and on stop), so that a crash delivers at most the last batch
	 * again; 1 saves after each event, at the cost of one write per event.
	 */
	private int saveEvery;

	/**
	 * Also save a listener's token when this long has passed since its last save and an
	 * event is unsaved. Unset saves by count only.
	 */
	private @Nullable Duration saveInterval;

	/**
	 * How many times an event is tried, counting the first, before the error policy
	 * applies. A listener may set its own.
	 */
	private int maxAttempts = 3;

	/**
	 * What to do with an event that failed in every attempt: 'stop' the listener (health
	 * DOWN, the event is delivered again when it is started) or 'skip' it (logged, and
	 * stored in the dead-letter collection if one is set). A listener may set its own.
	 */
	private ListenerErrorPolicy onError = ListenerErrorPolicy.STOP;

	/**
	 * What to do when the server can no longer resume a stream (its history left the
	 * oplog): 'fail' the listener, or 'restart-from-now' with an ERROR log saying events
	 * may have been missed.
	 */
	private HistoryLostPolicy onHistoryLost = HistoryLostPolicy.FAIL;

	/**
	 * Collection that keeps the events skipped by listeners whose policy is 'skip', with
	 * the error. Unset keeps none.
	 */
	private @Nullable String deadLetterCollection;

	/**
	 * How long the server waits for new events before answering an empty batch. A listener
	 * may set its own.
	 */
	private Duration maxAwaitTime = Duration.ofSeconds(1);

	/**
	 * How many restarts in a row (without a successful read in between) a stream may make
	 * before its listener fails. Unset restarts forever.
	 */
	private @Nullable Integer maxRestarts;

	private final Backoff backoff = new Backoff();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public TokenStore getTokenStore() {
		return this.tokenStore;
	}

	public void setTokenStore(TokenStore tokenStore) {
		this.tokenStore = tokenStore;
	}

	public String getTokenCollection() {
		return this.tokenCollection;
	}

	public void setTokenCollection(String tokenCollection) {
		this.tokenCollection = tokenCollection;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public int getSaveEvery() {
		return this.saveEvery;
	}

	public void setSaveEvery(int saveEvery) {
		this.saveEvery = saveEvery;
	}

	public @Nullable Duration getSaveInterval() {
		return this.saveInterval;
	}

	public void setSaveInterval(@Nullable Duration saveInterval) {
		this.saveInterval = saveInterval;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public ListenerErrorPolicy getOnError() {
		return this.onError;
	}

	public void setOnError(ListenerErrorPolicy onError) {
		this.onError = onError;
	}

	public HistoryLostPolicy getOnHistoryLost() {
		return this.onHistoryLost;
	}

	public void setOnHistoryLost(HistoryLostPolicy onHistoryLost) {
		this.onHistoryLost = onHistoryLost;
	}

	public @Nullable String getDeadLetterCollection() {
		return this.deadLetterCollection;
	}

	public void setDeadLetterCollection(@Nullable String deadLetterCollection) {
		this.deadLetterCollection = deadLetterCollection;
	}

	public Duration getMaxAwaitTime() {
		return this.maxAwaitTime;
	}

	public void setMaxAwaitTime(Duration maxAwaitTime) {
		this.maxAwaitTime = maxAwaitTime;
	}

	public @Nullable Integer getMaxRestarts() {
		return this.maxRestarts;
	}

	public void setMaxRestarts(@Nullable Integer maxRestarts) {
		this.maxRestarts = maxRestarts;
	}

	public Backoff getBackoff() {
		return this.backoff;
	}

	/**
	 * Where resume tokens are kept.
	 */
	public enum TokenStore {

		/**
		 * In a MongoDB collection.
		 */
		MONGO,

		/**
		 * In memory.
		 */
		MEMORY

	}

	/**
	 * The wait between attempts of a failing event, and between restarts of a broken
	 * stream: exponential, with jitter. Each series starts again from the initial interval.
	 */
	public static class Backoff {

		/**
		 * First wait.
		 */
		private Duration initialInterval = Duration.ofMillis(100);

		/**
		 * Growth of each wait over the previous one. At least 1.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest wait.
		 */
		private Duration maxInterval = Duration.ofSeconds(30);

		/**
		 * Randomisation of each wait, scaled as the wait grows, so that listeners do not
		 * restart in step.
		 */
		private Duration jitter = Duration.ofMillis(50);

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

		public Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(Duration jitter) {
			this.jitter = jitter;
		}

	}

}
