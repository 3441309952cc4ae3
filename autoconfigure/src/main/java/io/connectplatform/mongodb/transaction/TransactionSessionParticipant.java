package io.connectplatform.mongodb.transaction;

import com.mongodb.client.ClientSession;

/**
 * Another library that should work in the transactions of a
 * {@link MongoClientTransactionManager}: when the manager starts a transaction with a
 * session, it asks each participant to bind that session to the current thread where the
 * other library looks for one (Spring Data's {@code MongoTemplate}, for example, looks under
 * its {@code MongoDatabaseFactory}), so that the library's operations join the same
 * transaction instead of running outside it or starting their own.
 * <p>
 * The manager takes the binding off the thread when the transaction is suspended or ends,
 * and binds it again when the transaction is resumed. Participants are asked only for
 * transactions with a session: one that runs without a session on a standalone server
 * ({@link OnStandalone#RUN_WITHOUT_TRANSACTION}) has nothing to share.
 *
 * @author Connect MongoDB team
 */
@FunctionalInterface
public interface TransactionSessionParticipant {

	/**
	 * Bind the session of a transaction that has just started to the current thread.
	 * @param session the session, with its transaction started
	 * @return what was bound, which the manager unbinds and binds again
	 */
	ParticipantBinding bind(ClientSession session);

	/**
	 * What a participant bound to the current thread for one transaction.
	 */
	interface ParticipantBinding {

		/**
		 * Take the binding off the current thread, when the transaction is suspended or
		 * ends, restoring what was bound before it.
		 */
		void unbind();

		/**
		 * Bind it again, when the transaction is resumed.
		 */
		void rebind();

	}

}
