package io.connectplatform.mongodb.embedded;

import java.util.ArrayList;
import java.util.List;

import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import io.connectplatform.mongodb.embedded.ChangeLog.Entry;
import io.connectplatform.mongodb.embedded.ChangeLog.Operation;
import org.jspecify.annotations.Nullable;

/**
 * The cursor of one change stream: reads the {@link ChangeLog} from its position on, keeps
 * the changes of the collection, database or cluster it watches, runs them through the
 * stream's pipeline, and knows the post-batch resume token. A watched collection's drop is
 * followed by an invalidate event, after which the cursor is closed.
 *
 * @author Connect MongoDB team
 */
final class ChangeStreamCursor extends AbstractCursor {

	private final ChangeLog log;

	private final ChangeEvents events;

	private final @Nullable String database;

	private final @Nullable String collection;

	private final @Nullable Aggregation pipeline;

	private final String namespace;

	private BsonTimestamp position;

	private boolean inclusive;

	private @Nullable Document pendingInvalidate;

	private boolean invalidated;

	/**
	 * Create a cursor.
	 * @param id the cursor id
	 * @param log the log to read
	 * @param events the conversion of entries into events
	 * @param database the watched database, or {@code null} for the whole cluster
	 * @param collection the watched collection, or {@code null} for the whole database
	 * @param pipeline the stream's stages after {@code $changeStream}, or {@code null}
	 * @param namespace the namespace the cursor reports
	 * @param position where to start
	 * @param inclusive whether a change at exactly {@code position} is included
	 */
	ChangeStreamCursor(long id, ChangeLog log, ChangeEvents events, @Nullable String database,
			@Nullable String collection, @Nullable Aggregation pipeline, String namespace, BsonTimestamp position,
			boolean inclusive) {
		super(id);
		this.log = log;
		this.events = events;
		this.database = database;
		this.collection = collection;
		this.pipeline = pipeline;
		this.namespace = namespace;
		this.position = position;
		this.inclusive = inclusive;
	}

	String namespace() {
		return this.namespace;
	}

	/**
	 * Return the token to resume after everything this cursor has read so far.
	 * @return the post-batch resume token
	 */
	Document postBatchResumeToken() {
		BsonTimestamp resumeAfter = this.inclusive ? new BsonTimestamp(this.position.getValue() - 1) : this.position;
		return ChangeEvents.token(resumeAfter, false);
	}

	@Override
	public boolean isEmpty() {
		return this.invalidated && this.pendingInvalidate == null;
	}

	@Override
	public List<Document> takeDocuments(int numberToReturn) {
		List<Document> batch = new ArrayList<>();
		if (this.invalidated) {
			if (this.pendingInvalidate != null) {
				batch.add(this.pendingInvalidate);
				this.pendingInvalidate = null;
			}
			return batch;
		}
		boolean scannedAll = true;
		for (Entry entry : this.log.after(this.position, this.inclusive)) {
			if (numberToReturn > 0 && batch.size() >= numberToReturn) {
				scannedAll = false;
				break;
			}
			this.position = entry.time();
			this.inclusive = false;
			if (!watches(entry)) {
				continue;
			}
			Document event = run(this.events.event(entry));
			if (event != null) {
				batch.add(event);
			}
			if (entry.operation() == Operation.DROP && this.collection != null) {
				invalidate(entry, batch, numberToReturn);
				return batch;
			}
		}
		if (scannedAll && this.log.lastTime().compareTo(this.position) > 0) {
			this.position = this.log.lastTime();
			this.inclusive = false;
		}
		return batch;
	}

	private void invalidate(Entry drop, List<Document> batch, int numberToReturn) {
		this.invalidated = true;
		Document invalidate = this.events.invalidate(drop);
		if (numberToReturn > 0 && batch.size() >= numberToReturn) {
			this.pendingInvalidate = invalidate;
		}
		else {
			batch.add(invalidate);
		}
	}

	private boolean watches(Entry entry) {
		if (this.database == null) {
			return true;
		}
		if (!this.database.equals(entry.database())) {
			return false;
		}
		return this.collection == null || this.collection.equals(entry.collection());
	}

	private @Nullable Document run(Document event) {
		if (this.pipeline == null) {
			return event;
		}
		return this.pipeline.runStagesAsStream(java.util.stream.Stream.of(event)).findFirst().orElse(null);
	}

}
