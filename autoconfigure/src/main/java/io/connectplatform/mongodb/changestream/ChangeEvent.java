package io.connectplatform.mongodb.changestream;

import java.time.Instant;

import com.mongodb.MongoNamespace;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import com.mongodb.client.model.changestream.UpdateDescription;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One change-stream event delivered to a listener, with its full document and pre-image
 * decoded into {@code T} by the shared codec registry.
 *
 * @param <T> the type of the full document and the pre-image
 * @author Connect MongoDB team
 */
public final class ChangeEvent<T> {

	private final String listenerId;

	private final ChangeStreamDocument<T> document;

	private final @Nullable RawBsonDocument rawEvent;

	private final @Nullable ChangeEventDecodingException decodingFailure;

	/**
	 * Wrap a decoded driver event.
	 * @param listenerId the id of the listener it is delivered to
	 * @param document the driver's event
	 */
	public ChangeEvent(String listenerId, ChangeStreamDocument<T> document) {
		this(listenerId, document, null, null);
	}

	ChangeEvent(String listenerId, ChangeStreamDocument<T> document, @Nullable RawBsonDocument rawEvent,
			@Nullable ChangeEventDecodingException decodingFailure) {
		Assert.hasText(listenerId, "'listenerId' must not be empty");
		Assert.notNull(document, "'document' must not be null");
		this.listenerId = listenerId;
		this.document = document;
		this.rawEvent = rawEvent;
		this.decodingFailure = decodingFailure;
	}

	/**
	 * Return the id of the listener the event is delivered to.
	 * @return the listener id
	 */
	public String getListenerId() {
		return this.listenerId;
	}

	/**
	 * Return the kind of change. The embedded server reports a replacement as
	 * {@link OperationType#UPDATE}; MongoDB reports {@link OperationType#REPLACE}.
	 * @return the operation, {@link OperationType#OTHER} for one the driver does not know
	 */
	public OperationType getOperation() {
		return this.document.getOperationType();
	}

	/**
	 * Return the key of the changed document: its {@code _id}, and the shard key on a
	 * sharded collection.
	 * @return the document key, or {@code null} for events about collections or databases
	 */
	public @Nullable BsonDocument getDocumentKey() {
		return this.document.getDocumentKey();
	}

	/**
	 * Return the {@code _id} of the changed document.
	 * @return the id, or {@code null} for events about collections or databases
	 */
	public @Nullable BsonValue getDocumentId() {
		BsonDocument key = this.document.getDocumentKey();
		return (key != null) ? key.get("_id") : null;
	}

	/**
	 * Return the document after the change: always for inserts and replacements, for
	 * updates only with {@code fullDocument = UPDATE_LOOKUP} (the current version when the
	 * event is read, not necessarily right after this change) or the post-images options.
	 * @return the full document, or {@code null}
	 */
	public @Nullable T getFullDocument() {
		return this.document.getFullDocument();
	}

	/**
	 * Return the document before the change, when the listener asks for pre-images and
	 * the collection records them ({@code changeStreamPreAndPostImages}).
	 * @return the pre-image, or {@code null}
	 */
	public @Nullable T getFullDocumentBeforeChange() {
		return this.document.getFullDocumentBeforeChange();
	}

	/**
	 * Return the fields an update set and removed. The embedded server does not send it.
	 * @return the update description, or {@code null} for other operations
	 */
	public @Nullable UpdateDescription getUpdateDescription() {
		return this.document.getUpdateDescription();
	}

	/**
	 * Return the database and collection of the change.
	 * @return the namespace, or {@code null} when the event has no collection (such as
	 * {@code dropDatabase})
	 */
	public @Nullable MongoNamespace getNamespace() {
		return this.document.getNamespace();
	}

	/**
	 * Return the oplog time of the change, which orders events across the deployment.
	 * @return the cluster time, or {@code null} if the server did not send it
	 */
	public @Nullable BsonTimestamp getClusterTime() {
		return this.document.getClusterTime();
	}

	/**
	 * Return the wall-clock time of the change, in milliseconds (MongoDB 6.0 and later).
	 * @return the wall time, or {@code null} if the server did not send it
	 */
	public @Nullable Instant getWallTime() {
		BsonDateTime wallTime = this.document.getWallTime();
		return (wallTime != null) ? Instant.ofEpochMilli(wallTime.getValue()) : null;
	}

	/**
	 * Return the time of the change: the wall time when the server sends it, otherwise
	 * the cluster time (whole seconds).
	 * @return the time, or {@code null} if the server sent neither
	 */
	public @Nullable Instant getTime() {
		Instant wallTime = getWallTime();
		if (wallTime != null) {
			return wallTime;
		}
		BsonTimestamp clusterTime = getClusterTime();
		return (clusterTime != null) ? Instant.ofEpochSecond(clusterTime.getTime()) : null;
	}

	/**
	 * Return the resume token of this event: a stream started after it delivers the
	 * events that follow.
	 * @return the resume token
	 */
	public BsonDocument getResumeToken() {
		return this.document.getResumeToken();
	}

	/**
	 * Return the event as the server sent it, undecoded.
	 * @return the raw event, or {@code null} for an event not delivered by the container
	 */
	public @Nullable RawBsonDocument getRawEvent() {
		return this.rawEvent;
	}

	/**
	 * Return why the full document and the pre-image of this event could not be read into
	 * {@code T}: only for a listener that asked for such events
	 * ({@link ChangeListenerDefinition.Builder#deliverUndecodable(boolean)}), which then gets
	 * {@code null} from {@link #getFullDocument()} and {@link #getFullDocumentBeforeChange()}
	 * and reads the documents from {@link #getRawEvent()}.
	 * @return the failure, or {@code null} for an event decoded in full
	 */
	public @Nullable ChangeEventDecodingException getDecodingFailure() {
		return this.decodingFailure;
	}

	/**
	 * Return the driver's event, for what this class does not expose.
	 * @return the driver's change-stream document
	 */
	public ChangeStreamDocument<T> getChangeStreamDocument() {
		return this.document;
	}

	@Override
	public String toString() {
		return "ChangeEvent(listener: " + this.listenerId + ", operation: " + this.document.getOperationTypeString()
				+ ", namespace: " + this.document.getNamespace() + ", clusterTime: " + this.document.getClusterTime()
				+ ")";
	}

}
