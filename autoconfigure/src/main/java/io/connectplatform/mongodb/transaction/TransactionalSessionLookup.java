package io.connectplatform.mongodb.transaction;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Finds the session that {@link MongoTransactions} or the {@link MongoClientTransactionManager} of
 * the same {@link MongoClient} bound to the current thread. Templates and GridFS use it to
 * join the transaction, and to apply its rules (read-only, no async operations) also when it
 * runs without a session ({@link OnStandalone#RUN_WITHOUT_TRANSACTION}).
 *
 * @author Connect MongoDB team
 */
public final class TransactionalSessionLookup implements MongoSessionLookup {

	private final MongoClient client;

	/**
	 * Create a lookup for the transactions of a client.
	 * @param client the client
	 */
	public TransactionalSessionLookup(MongoClient client) {
		this.client = client;
	}

	@Override
	public @Nullable ClientSession currentSession() {
		MongoSessionHolder holder = holder();
		return (holder != null) ? holder.session() : null;
	}

	/**
	 * Return whether {@link MongoTransactions} or the {@link MongoClientTransactionManager} bound a
	 * transaction to the current thread, with a session or, on a standalone server with
	 * {@link OnStandalone#RUN_WITHOUT_TRANSACTION}, without one.
	 * @return whether a transaction scope is bound to the current thread
	 */
	@Override
	public boolean isTransactionScopeBound() {
		return holder() != null;
	}

	@Override
	public boolean isReadOnly() {
		MongoSessionHolder holder = holder();
		return holder != null && holder.isReadOnly();
	}

	private @Nullable MongoSessionHolder holder() {
		return (MongoSessionHolder) TransactionSynchronizationManager.getResource(this.client);
	}

}
