package io.connectplatform.mongodb.transaction;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Finds the session that {@link MongoTransactions} or the {@link MongoTransactionManager} of
 * the same {@link MongoClient} bound to the current thread. Templates and GridFS use it to
 * join the transaction.
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
		MongoSessionHolder holder = (MongoSessionHolder) TransactionSynchronizationManager.getResource(this.client);
		return (holder != null) ? holder.session() : null;
	}

	@Override
	public boolean isReadOnly() {
		MongoSessionHolder holder = (MongoSessionHolder) TransactionSynchronizationManager.getResource(this.client);
		return holder != null && holder.isReadOnly();
	}

}
