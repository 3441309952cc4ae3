package io.connectplatform.mongodb.transaction;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.TransactionOptions;
import com.mongodb.WriteConcern;
import org.jspecify.annotations.Nullable;

/**
 * The options of one transaction. An option left unset takes the configured default
 * ({@code connect.mongodb.transactions.*}: read concern {@code snapshot}, write concern
 * {@code majority}, read preference {@code primary}, no maximum commit time, not read-only).
 * Immutable.
 * <pre class="code">
 * transactions.execute(MongoTransactionSettings.builder().readOnly(true).build(), (tx) -&gt; report());
 * </pre>
 *
 * @author Connect MongoDB team
 */
public final class MongoTransactionSettings {

	private static final MongoTransactionSettings DEFAULTS = new Builder().build();

	private final @Nullable ReadConcern readConcern;

	private final @Nullable WriteConcern writeConcern;

	private final @Nullable ReadPreference readPreference;

	private final @Nullable Duration maxCommitTime;

	private final @Nullable Boolean readOnly;

	private MongoTransactionSettings(Builder builder) {
		this.readConcern = builder.readConcern;
		this.writeConcern = builder.writeConcern;
		this.readPreference = builder.readPreference;
		this.maxCommitTime = builder.maxCommitTime;
		this.readOnly = builder.readOnly;
	}

	/**
	 * Options that take every configured default.
	 * @return the options
	 */
	public static MongoTransactionSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * Start building options.
	 * @return a builder with nothing set
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the read concern.
	 * @return the read concern, or {@code null} for the default
	 */
	public @Nullable ReadConcern getReadConcern() {
		return this.readConcern;
	}

	/**
	 * Return the write concern of the commit.
	 * @return the write concern, or {@code null} for the default
	 */
	public @Nullable WriteConcern getWriteConcern() {
		return this.writeConcern;
	}

	/**
	 * Return the read preference.
	 * @return the read preference, or {@code null} for the default
	 */
	public @Nullable ReadPreference getReadPreference() {
		return this.readPreference;
	}

	/**
	 * Return how long the server may take to commit ({@code maxTimeMS} of
	 * {@code commitTransaction}).
	 * @return the maximum commit time, or {@code null} for the default
	 */
	public @Nullable Duration getMaxCommitTime() {
		return this.maxCommitTime;
	}

	/**
	 * Return whether the body only reads: a write through a template then fails before
	 * anything is sent.
	 * @return whether the body is read-only, or {@code null} for the default
	 */
	public @Nullable Boolean getReadOnly() {
		return this.readOnly;
	}

	/**
	 * Return these options with every unset option taken from the given defaults.
	 * @param defaults the defaults
	 * @return the combined options
	 */
	public MongoTransactionSettings orElse(MongoTransactionSettings defaults) {
		Builder builder = new Builder();
		builder.readConcern = (this.readConcern != null) ? this.readConcern : defaults.readConcern;
		builder.writeConcern = (this.writeConcern != null) ? this.writeConcern : defaults.writeConcern;
		builder.readPreference = (this.readPreference != null) ? this.readPreference : defaults.readPreference;
		builder.maxCommitTime = (this.maxCommitTime != null) ? this.maxCommitTime : defaults.maxCommitTime;
		builder.readOnly = (this.readOnly != null) ? this.readOnly : defaults.readOnly;
		return builder.build();
	}

	/**
	 * Return whether the body is read-only, {@code false} when unset.
	 * @return whether the body is read-only
	 */
	boolean isReadOnly() {
		return Boolean.TRUE.equals(this.readOnly);
	}

	/**
	 * Return the driver's options for these; an unset option is left to the session's and
	 * client's defaults.
	 * @return the driver's transaction options
	 */
	public TransactionOptions toTransactionOptions() {
		return TransactionOptions.builder()
			.readConcern(this.readConcern)
			.writeConcern(this.writeConcern)
			.readPreference(this.readPreference)
			.maxCommitTime((this.maxCommitTime != null) ? this.maxCommitTime.toMillis() : null, TimeUnit.MILLISECONDS)
			.build();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof MongoTransactionSettings that && Objects.equals(this.readConcern, that.readConcern)
				&& Objects.equals(this.writeConcern, that.writeConcern)
				&& Objects.equals(this.readPreference, that.readPreference)
				&& Objects.equals(this.maxCommitTime, that.maxCommitTime) && Objects.equals(this.readOnly, that.readOnly);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.readConcern, this.writeConcern, this.readPreference, this.maxCommitTime,
				this.readOnly);
	}

	@Override
	public String toString() {
		return "MongoTransactionSettings[readConcern="
				+ ((this.readConcern != null) ? this.readConcern.getLevel() : "default") + ", writeConcern="
				+ ((this.writeConcern != null) ? this.writeConcern.asDocument().toJson() : "default")
				+ ", readPreference=" + ((this.readPreference != null) ? this.readPreference.getName() : "default")
				+ ", maxCommitTime=" + ((this.maxCommitTime != null) ? this.maxCommitTime : "default") + ", readOnly="
				+ ((this.readOnly != null) ? this.readOnly : "default") + "]";
	}

	/**
	 * Builds {@link MongoTransactionSettings}. Each setter checks its argument.
	 */
	public static final class Builder {

		private @Nullable ReadConcern readConcern;

		private @Nullable WriteConcern writeConcern;

		private @Nullable ReadPreference readPreference;

		private @Nullable Duration maxCommitTime;

		private @Nullable Boolean readOnly;

		private Builder() {
		}

		/**
		 * Set the read concern, such as {@link ReadConcern#SNAPSHOT} or
		 * {@link ReadConcern#MAJORITY}.
		 * @param readConcern the read concern
		 * @return this builder
		 */
		public Builder readConcern(ReadConcern readConcern) {
			this.readConcern = requireNonNull(readConcern, "readConcern");
			return this;
		}

		/**
		 * Set the write concern of the commit. It must be acknowledged.
		 * @param writeConcern the write concern
		 * @return this builder
		 */
		public Builder writeConcern(WriteConcern writeConcern) {
			requireNonNull(writeConcern, "writeConcern");
			if (!writeConcern.isAcknowledged()) {
				throw new IllegalArgumentException(
						"writeConcern must be acknowledged in a transaction, got " + writeConcern.asDocument().toJson());
			}
			this.writeConcern = writeConcern;
			return this;
		}

		/**
		 * Set the read preference. A transaction that reads must read from the primary.
		 * @param readPreference the read preference
		 * @return this builder
		 */
		public Builder readPreference(ReadPreference readPreference) {
			this.readPreference = requireNonNull(readPreference, "readPreference");
			return this;
		}

		/**
		 * Set how long the server may take to commit.
		 * @param maxCommitTime a positive duration
		 * @return this builder
		 */
		public Builder maxCommitTime(Duration maxCommitTime) {
			requireNonNull(maxCommitTime, "maxCommitTime");
			if (maxCommitTime.isNegative() || maxCommitTime.isZero() || maxCommitTime.toMillis() < 1) {
				throw new IllegalArgumentException("maxCommitTime must be at least 1ms, got " + maxCommitTime);
			}
			this.maxCommitTime = maxCommitTime;
			return this;
		}

		/**
		 * Set whether the body only reads.
		 * @param readOnly whether the body is read-only
		 * @return this builder
		 */
		public Builder readOnly(boolean readOnly) {
			this.readOnly = readOnly;
			return this;
		}

		/**
		 * Build the options.
		 * @return the options
		 */
		public MongoTransactionSettings build() {
			return new MongoTransactionSettings(this);
		}

		private static <T> T requireNonNull(@Nullable T value, String name) {
			if (value == null) {
				throw new IllegalArgumentException(name + " must not be null");
			}
			return value;
		}

	}

}
