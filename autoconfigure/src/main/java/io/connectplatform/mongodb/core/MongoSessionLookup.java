package io.connectplatform.mongodb.core;

import com.mongodb.client.ClientSession;
import org.jspecify.annotations.Nullable;

/**
 * Finds the session of the transaction bound to the current thread, if any. Every template
 * operation asks it first and joins the transaction it returns; with none, no session is
 * opened.
 * <p>
 * A transaction scope can be bound without a session: with
 * {@code connect.mongodb.transactions.on-standalone=run-without-transaction}, the body of a
 * transaction runs on a standalone server without one. The rules of the transaction API
 * still hold there, so that code behaves the same whatever the server: templates and GridFS
 * ask {@link #isTransactionScopeBound()}, not whether a session was found, before they
 * refuse a write in a read-only transaction or an async operation inside a transaction.
 *
 * @author Connect MongoDB team
 */
@FunctionalInterface
public interface MongoSessionLookup {

	/**
	 * A lookup that never finds a session.
	 */
	MongoSessionLookup NONE = () -> null;

	/**
	 * Return the session of the transaction bound to the current thread.
	 * @return the session, or {@code null} when no transaction is bound
	 */
	@Nullable ClientSession currentSession();

	/**
	 * Return whether a transaction scope is bound to the current thread, with or without a
	 * session: {@code true} inside the body of a transaction, also when it runs without a
	 * MongoDB transaction on a standalone server. Templates and GridFS then refuse writes if
	 * the transaction is {@link #isReadOnly() read-only}, and refuse async operations.
	 * <p>
	 * By default, whether {@link #currentSession()} finds a session: a lookup that can bind a
	 * transaction scope without a session must override this method.
	 * @return whether a transaction scope is bound to the current thread
	 */
	default boolean isTransactionScopeBound() {
		return currentSession() != null;
	}

	/**
	 * Return whether the transaction bound to the current thread only reads: templates and
	 * GridFS then refuse to write. Asked only when {@link #isTransactionScopeBound()} (or
	 * {@link #currentSession()} finding a session) says that a transaction scope is bound.
	 * @return whether the current transaction is read-only
	 */
	default boolean isReadOnly() {
		return false;
	}

}
