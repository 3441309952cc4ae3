package io.connectplatform.mongodb.transaction;

import com.mongodb.client.ClientSession;
import org.jspecify.annotations.Nullable;

/**
 * The transaction a {@link MongoTransactionCallback} runs in.
 * <p>
 * With {@link OnStandalone#RUN_WITHOUT_TRANSACTION} against a standalone server, the body
 * runs without a MongoDB transaction: {@link #session()} is {@code null}, each write is
 * applied on its own and nothing is rolled back, not even after
 * {@link #setRollbackOnly()}. The rules of the API still hold: a read-only transaction
 * refuses template and GridFS writes, async template operations are refused, and an inner
 * transaction joins this one.
 *
 * @author Connect MongoDB team
 */
public interface MongoTransaction {

	/**
	 * Return the session of the transaction, for raw driver calls such as
	 * {@code collection.insertOne(tx.session(), document)}.
	 * @return the session, or {@code null} when the body runs without a transaction
	 * ({@code connect.mongodb.transactions.on-standalone=run-without-transaction} against
	 * a standalone server)
	 */
	@Nullable ClientSession session();

	/**
	 * Return which attempt this is: 1 for the first run of the body, 2 for its first retry.
	 * @return the attempt, from 1
	 */
	int attempt();

	/**
	 * Return whether this call started the transaction, rather than joined one that was
	 * already running on this thread. Only a new transaction is retried.
	 * @return whether the transaction is new
	 */
	boolean isNewTransaction();

	/**
	 * Roll the transaction back instead of committing it once the body returns. In a joined
	 * transaction, the whole outer transaction rolls back.
	 */
	void setRollbackOnly();

	/**
	 * Return whether the transaction will be rolled back.
	 * @return whether the transaction is rollback-only
	 */
	boolean isRollbackOnly();

}
