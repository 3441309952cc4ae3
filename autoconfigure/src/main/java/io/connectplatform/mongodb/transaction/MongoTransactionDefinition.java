package io.connectplatform.mongodb.transaction;

import org.jspecify.annotations.Nullable;

import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * A {@link TransactionDefinition} that carries {@link MongoTransactionSettings}, for
 * {@link MongoClientTransactionManager#getTransaction(TransactionDefinition)}. A standard
 * definition's {@code readOnly} flag is honoured as well.
 * <p>
 * A {@code TransactionTemplate} created from this definition copies only its standard
 * attributes (propagation, isolation, timeout, read-only, name) and passes itself to the
 * manager, so the other options are lost: to run a body with options, use
 * {@link MongoTransactions#execute(MongoTransactionSettings, MongoTransactionCallback)}.
 *
 * @author Connect MongoDB team
 */
public class MongoTransactionDefinition extends DefaultTransactionDefinition {

	private final MongoTransactionSettings options;

	private final @Nullable Long deadlineNanos;

	/**
	 * Create a definition with {@code PROPAGATION_REQUIRED}.
	 * @param options the options of the transaction
	 */
	public MongoTransactionDefinition(MongoTransactionSettings options) {
		this(options, null);
	}

	MongoTransactionDefinition(MongoTransactionSettings options, @Nullable Long deadlineNanos) {
		if (options == null) {
			throw new IllegalArgumentException("options must not be null");
		}
		this.options = options;
		this.deadlineNanos = deadlineNanos;
		setReadOnly(options.isReadOnly());
	}

	/**
	 * Return the options of the transaction.
	 * @return the options
	 */
	public MongoTransactionSettings getOptions() {
		return this.options;
	}

	/**
	 * Return the deadline of {@link MongoTransactions}' retry loop, which also bounds the
	 * retries of the commit.
	 * @return the deadline, or {@code null} for the manager's own
	 */
	@Nullable Long getDeadlineNanos() {
		return this.deadlineNanos;
	}

}
