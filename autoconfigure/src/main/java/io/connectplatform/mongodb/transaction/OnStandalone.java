package io.connectplatform.mongodb.transaction;

/**
 * What a transaction does when the server cannot run transactions: a standalone server
 * (the embedded server is a replica set by default, and runs them).
 *
 * @author Connect MongoDB team
 */
public enum OnStandalone {

	/**
	 * Fail before the body runs with a {@link MongoTransactionsUnsupportedException} that says
	 * what to do. The default.
	 */
	FAIL,

	/**
	 * Run the body without a transaction, for development against a standalone server:
	 * writes are not atomic and nothing is rolled back. Logged once, at WARN.
	 * <p>
	 * The rules of the transaction API still hold, so that code that runs here runs the same
	 * against a replica set: a read-only transaction refuses template and GridFS writes, async
	 * template operations are refused inside the body, and an inner transaction joins the
	 * outer one. What depends on a session says that there is none:
	 * {@link MongoTransaction#session()} is {@code null} and
	 * {@link MongoTransactions#isTransactionActive()} is {@code false}.
	 */
	RUN_WITHOUT_TRANSACTION

}
