package io.connectplatform.mongodb.autoconfigure.transaction;

import java.time.Duration;

import com.mongodb.ReadConcernLevel;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoProperties.ReadPreferenceMode;
import io.connectplatform.mongodb.transaction.OnStandalone;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of MongoDB transactions: {@code connect.mongodb.transactions.*}.
 *
 * @author Connect MongoDB team
 */
@ConfigurationProperties(ConnectMongoTransactionsProperties.PREFIX)
public class ConnectMongoTransactionsProperties {

	/**
	 * The prefix of these properties.
	 */
	public static final String PREFIX = "connect.mongodb.transactions";

	/**
	 * What a transaction does on a standalone server, which has no transactions: fail, or
	 * run the body without a transaction (for development against the embedded server;
	 * logged once at WARN).
	 */
	private OnStandalone onStandalone = OnStandalone.FAIL;

	/**
	 * How long after a transaction's first attempt a retry may still begin. The MongoDB
	 * transaction specification's 120 seconds by default.
	 */
	private Duration maxRetryTime = Duration.ofSeconds(120);

	/**
	 * Most attempts of a transaction's body, counting the first, and separately of its
	 * commit.
	 */
	private int maxAttempts = 10;

	/**
	 * Default read concern of a transaction.
	 */
	private ReadConcernLevel readConcern = ReadConcernLevel.SNAPSHOT;

	/**
	 * Default write concern of a transaction's commit: 'majority' or a number of members of
	 * at least 1.
	 */
	private String writeConcern = "majority";

	/**
	 * Default read preference of a transaction. A transaction that reads must read from the
	 * primary.
	 */
	private ReadPreferenceMode readPreference = ReadPreferenceMode.PRIMARY;

	/**
	 * Default of how long the server may take to commit a transaction. Unset leaves it to
	 * the server.
	 */
	private @Nullable Duration maxCommitTime;

	/**
	 * Whether transactions are read-only by default: writes through the templates are then
	 * refused.
	 */
	private boolean readOnly;

	private final Backoff backoff = new Backoff();

	public OnStandalone getOnStandalone() {
		return this.onStandalone;
	}

	public void setOnStandalone(OnStandalone onStandalone) {
		this.onStandalone = onStandalone;
	}

	public Duration getMaxRetryTime() {
		return this.maxRetryTime;
	}

	public void setMaxRetryTime(Duration maxRetryTime) {
		this.maxRetryTime = maxRetryTime;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public ReadConcernLevel getReadConcern() {
		return this.readConcern;
	}

	public void setReadConcern(ReadConcernLevel readConcern) {
		this.readConcern = readConcern;
	}

	public String getWriteConcern() {
		return this.writeConcern;
	}

	public void setWriteConcern(String writeConcern) {
		this.writeConcern = writeConcern;
	}

	public ReadPreferenceMode getReadPreference() {
		return this.readPreference;
	}

	public void setReadPreference(ReadPreferenceMode readPreference) {
		this.readPreference = readPreference;
	}

	public @Nullable Duration getMaxCommitTime() {
		return this.maxCommitTime;
	}

	public void setMaxCommitTime(@Nullable Duration maxCommitTime) {
		this.maxCommitTime = maxCommitTime;
	}

	public boolean isReadOnly() {
		return this.readOnly;
	}

	public void setReadOnly(boolean readOnly) {
		this.readOnly = readOnly;
	}

	public Backoff getBackoff() {
		return this.backoff;
	}

	/**
	 * The wait between attempts: exponential, with jitter.
	 */
	public static class Backoff {

		/**
		 * Wait before the first retry.
		 */
		private Duration initialInterval = Duration.ofMillis(10);

		/**
		 * Growth of each wait over the previous one. At least 1.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest wait.
		 */
		private Duration maxInterval = Duration.ofSeconds(1);

		/**
		 * Randomisation of each wait, scaled as the wait grows, so that transactions that
		 * conflicted do not retry in step.
		 */
		private Duration jitter = Duration.ofMillis(5);

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
