package io.connectplatform.mongodb.transaction;

import org.jspecify.annotations.Nullable;

/**
 * The body of a transaction run by {@link MongoTransactions}. It may run more than once:
 * keep it free of effects outside MongoDB, or make them idempotent.
 *
 * @param <T> the type of the result
 * @author Connect MongoDB team
 */
@FunctionalInterface
public interface MongoTransactionCallback<T extends @Nullable Object> {

	/**
	 * Do the transaction's work. Templates, GridFS and the CRUD calls on the
	 * {@code MongoDatabase} bean join the transaction on their own; other driver calls pass
	 * {@link MongoTransaction#session()}.
	 * @param transaction the running transaction
	 * @return the result
	 */
	T doInTransaction(MongoTransaction transaction);

}
