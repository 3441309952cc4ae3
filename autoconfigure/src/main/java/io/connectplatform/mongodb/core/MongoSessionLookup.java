package io.connectplatform.mongodb.core;

import com.mongodb.client.ClientSession;
import org.jspecify.annotations.Nullable;

/**
 * Finds the session of the transaction bound to the current thread, if any. Every template
 * operation asks it first and joins the transaction it returns; with none, no session is
 * opened.
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
	 * Return whether the transaction bound to the current thread only reads: templates then
	 * refuse to write. Asked only when {@link #currentSession()} found a session.
	 * @return whether the current transaction is read-only
	 */
	default boolean isReadOnly() {
		return false;
	}

}
