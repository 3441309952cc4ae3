package io.connectplatform.mongodb.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

import de.bwaldvogel.mongo.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * One multi-document transaction of a session: what it wrote and saw, per collection, and
 * how it stands.
 *
 * @author Connect MongoDB team
 */
final class Transaction {

	private final Document session;

	private final long number;

	private final long deadlineNanos;

	private final Map<String, NamespaceState> namespaces = new LinkedHashMap<>();

	private Status status = Status.ACTIVE;

	private @Nullable String conflict;

	Transaction(Document session, long number, long deadlineNanos) {
		this.session = session;
		this.number = number;
		this.deadlineNanos = deadlineNanos;
	}

	Document session() {
		return this.session;
	}

	long number() {
		return this.number;
	}

	boolean isExpired(long nowNanos) {
		return nowNanos - this.deadlineNanos > 0;
	}

	Status status() {
		return this.status;
	}

	void end(Status status) {
		this.status = status;
	}

	/**
	 * Return the state of a collection, creating it if the transaction has none yet.
	 * @param namespace the collection
	 * @return its state
	 */
	NamespaceState namespace(String namespace) {
		return this.namespaces.computeIfAbsent(namespace, (key) -> new NamespaceState());
	}

	/**
	 * Return the state of a collection, if the transaction has one.
	 * @param namespace the collection
	 * @return its state, or {@code null}
	 */
	@Nullable NamespaceState existingNamespace(String namespace) {
		return this.namespaces.get(namespace);
	}

	Map<String, NamespaceState> namespaces() {
		return this.namespaces;
	}

	/**
	 * Mark the transaction as unable to commit: someone else wrote what it wrote.
	 * @param conflict what happened
	 */
	void conflict(String conflict) {
		if (this.conflict == null) {
			this.conflict = conflict;
		}
	}

	@Nullable String conflict() {
		return this.conflict;
	}

	@Override
	public String toString() {
		return "Transaction(" + this.number + ", " + this.status + ")";
	}

	/**
	 * How a transaction stands.
	 */
	enum Status {

		ACTIVE, COMMITTED, ABORTED

	}

}
