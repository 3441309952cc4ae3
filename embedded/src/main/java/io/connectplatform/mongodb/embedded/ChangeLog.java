package io.connectplatform.mongodb.embedded;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * The server's oplog: every change to a user collection, in the order it happened, with
 * the document before and after it, kept in memory for change streams. A transaction's
 * changes are held back while it commits and appended together once it has, or dropped
 * if the commit fails. Not thread-safe: used under the server's command lock.
 *
 * @author Connect MongoDB team
 */
final class ChangeLog implements StorageListener {

	private static final BsonTimestamp UNSET = new BsonTimestamp(0);

	private final Clock clock;

	private final List<Entry> entries = new ArrayList<>();

	private int increment;

	private BsonTimestamp last;

	private @Nullable List<Entry> held;

	private @Nullable Document heldSession;

	private @Nullable Long heldTxnNumber;

	private boolean replacing;

	ChangeLog(Clock clock) {
		this.clock = clock;
		this.last = new BsonTimestamp(clock.instant(), 0);
	}

	/**
	 * Return the time of the last change, or of the start if there was none.
	 * @return the high-water mark of the log
	 */
	BsonTimestamp lastTime() {
		return this.last;
	}

	/**
	 * Return the changes after a time.
	 * @param time the time
	 * @param inclusive whether a change at exactly that time is included
	 * @return the changes, oldest first; a view valid until the next change
	 */
	List<Entry> after(BsonTimestamp time, boolean inclusive) {
		int low = 0;
		int high = this.entries.size();
		while (low < high) {
			int middle = (low + high) >>> 1;
			int comparison = this.entries.get(middle).time().compareTo(time);
			if (comparison < 0 || (comparison == 0 && !inclusive)) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return Collections.unmodifiableList(this.entries.subList(low, this.entries.size()));
	}

	/**
	 * Say whether the changes of the current command replace whole documents
	 * ({@code replaceOne}, {@code findOneAndReplace}) rather than update them.
	 * @param replacing whether updates are replacements
	 */
	void replacing(boolean replacing) {
		this.replacing = replacing;
	}

	/**
	 * Hold back the changes that follow until {@link #release()} or {@link #discard()}:
	 * those of a committing transaction.
	 * @param session the transaction's session id
	 * @param txnNumber the transaction's number
	 */
	void hold(Document session, long txnNumber) {
		this.held = new ArrayList<>();
		this.heldSession = session;
		this.heldTxnNumber = txnNumber;
	}

	/**
	 * Append the changes held back.
	 */
	void release() {
		List<Entry> held = this.held;
		clearHeld();
		if (held != null) {
			held.forEach(this::append);
		}
	}

	/**
	 * Drop the changes held back.
	 */
	void discard() {
		clearHeld();
	}

	private void clearHeld() {
		this.held = null;
		this.heldSession = null;
		this.heldTxnNumber = null;
	}

	@Override
	public void inserted(String namespace, Document after) {
		record(Operation.INSERT, namespace, after.get("_id"), null, after);
	}

	@Override
	public void updated(String namespace, Document before, Document after) {
		record(this.replacing ? Operation.REPLACE : Operation.UPDATE, namespace, after.get("_id"), before, after);
	}

	@Override
	public void removed(String namespace, Document before) {
		record(Operation.DELETE, namespace, before.get("_id"), before, null);
	}

	@Override
	public void created(String namespace) {
		// MongoDB reports a creation only to streams with showExpandedEvents, not supported here
	}

	/**
	 * Record that a collection was dropped.
	 * @param namespace the collection
	 */
	void dropped(String namespace) {
		record(Operation.DROP, namespace, null, null, null);
	}

	private void record(Operation operation, String namespace, @Nullable Object id, @Nullable Document before,
			@Nullable Document after) {
		if (namespace.startsWith("local.") || namespace.startsWith("admin.") || namespace.startsWith("config.")) {
			return;
		}
		Entry entry = new Entry(UNSET, Instant.EPOCH, operation, Utils.getDatabaseNameFromFullName(namespace),
				Utils.getCollectionNameFromFullName(namespace), id, before, after, this.heldSession,
				this.heldTxnNumber);
		if (this.held != null) {
			this.held.add(entry);
		}
		else {
			append(entry);
		}
	}

	private void append(Entry entry) {
		Instant now = this.clock.instant();
		BsonTimestamp time = new BsonTimestamp(now, ++this.increment);
		if (time.compareTo(this.last) <= 0) {
			time = new BsonTimestamp(this.last.getValue() + 1);
		}
		this.last = time;
		this.entries.add(entry.at(time, now));
	}

	/**
	 * What a change did.
	 */
	enum Operation {

		INSERT("insert"), UPDATE("update"), REPLACE("replace"), DELETE("delete"), DROP("drop");

		private final String type;

		Operation(String type) {
			this.type = type;
		}

		String type() {
			return this.type;
		}

	}

	/**
	 * One change.
	 *
	 * @param time when it happened, unique in the log once appended
	 * @param wallTime when it happened, as a date
	 * @param operation what it did
	 * @param database the database
	 * @param collection the collection
	 * @param id the document's {@code _id}, or {@code null} for a drop
	 * @param before the document before, or {@code null}
	 * @param after the document after, or {@code null}
	 * @param session the session of the transaction it belongs to, or {@code null}
	 * @param txnNumber the number of that transaction, or {@code null}
	 */
	record Entry(BsonTimestamp time, Instant wallTime, Operation operation, String database,
			String collection, @Nullable Object id, @Nullable Document before, @Nullable Document after,
			@Nullable Document session, @Nullable Long txnNumber) {

		Entry at(BsonTimestamp time, Instant wallTime) {
			return new Entry(time, wallTime, this.operation, this.database, this.collection, this.id, this.before,
					this.after, this.session, this.txnNumber);
		}

	}

}
