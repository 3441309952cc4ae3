package io.connectplatform.mongodb.transaction;

/**
 * What a transaction does when the server cannot run transactions: a standalone server,
 * such as the embedded one.
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
	 * Run the body without a transaction, for development against the embedded server:
	 * writes are not atomic and nothing is rolled back. Logged once, at WARN.
	 */
	RUN_WITHOUT_TRANSACTION

}
