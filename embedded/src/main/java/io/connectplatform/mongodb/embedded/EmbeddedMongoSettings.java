package io.connectplatform.mongodb.embedded;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How an in-memory server behaves: its topology, whether it accepts test commands such as
 * {@code configureFailPoint}, and how long a transaction may live.
 *
 * @param topology what the server presents itself as
 * @param testCommands whether {@code configureFailPoint} is accepted, as with MongoDB's
 * {@code enableTestCommands}
 * @param transactionLifetime how long a transaction may stay open before the server aborts
 * it, like MongoDB's {@code transactionLifetimeLimitSeconds}
 * @author Connect MongoDB team
 */
public record EmbeddedMongoSettings(EmbeddedTopology topology, boolean testCommands, Duration transactionLifetime) {

	/**
	 * The name of the single-node replica set, as its {@code hello} reports it.
	 */
	public static final String REPLICA_SET_NAME = "rs0";

	/**
	 * The default transaction lifetime, 60 seconds, as MongoDB's.
	 */
	public static final Duration DEFAULT_TRANSACTION_LIFETIME = Duration.ofSeconds(60);

	/**
	 * Create settings.
	 * @param topology what the server presents itself as
	 * @param testCommands whether test commands are accepted
	 * @param transactionLifetime how long a transaction may stay open, positive
	 */
	public EmbeddedMongoSettings {
		Assert.notNull(topology, "'topology' must not be null");
		Assert.notNull(transactionLifetime, "'transactionLifetime' must not be null");
		Assert.isTrue(!transactionLifetime.isNegative() && !transactionLifetime.isZero(),
				() -> "'transactionLifetime' must be positive, but was " + transactionLifetime);
	}

	/**
	 * Return the defaults: a single-node replica set without test commands, transactions
	 * aborted after 60 seconds.
	 * @return the default settings
	 */
	public static EmbeddedMongoSettings defaults() {
		return new EmbeddedMongoSettings(EmbeddedTopology.REPLICA_SET, false, DEFAULT_TRANSACTION_LIFETIME);
	}

	/**
	 * Return these settings with another topology.
	 * @param topology the topology
	 * @return new settings
	 */
	public EmbeddedMongoSettings withTopology(EmbeddedTopology topology) {
		return new EmbeddedMongoSettings(topology, this.testCommands, this.transactionLifetime);
	}

	/**
	 * Return these settings with test commands accepted or not.
	 * @param testCommands whether {@code configureFailPoint} is accepted
	 * @return new settings
	 */
	public EmbeddedMongoSettings withTestCommands(boolean testCommands) {
		return new EmbeddedMongoSettings(this.topology, testCommands, this.transactionLifetime);
	}

	/**
	 * Return these settings with another transaction lifetime.
	 * @param transactionLifetime how long a transaction may stay open, positive
	 * @return new settings
	 */
	public EmbeddedMongoSettings withTransactionLifetime(Duration transactionLifetime) {
		return new EmbeddedMongoSettings(this.topology, this.testCommands, transactionLifetime);
	}

}
