package io.connectplatform.mongodb.changestream;

import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.jspecify.annotations.Nullable;

/**
 * Where a listener's stream started, kept in the {@link ResumeTokenStore} in place of a
 * resume token until the listener has one: {@code { startAtOperationTime: <timestamp> }}.
 * A server's resume token is always {@code { _data: … }}, so the two cannot be confused.
 *
 * @author Connect MongoDB team
 */
final class StartPosition {

	static final String FIELD = "startAtOperationTime";

	private StartPosition() {
	}

	/**
	 * Return the document that stands for a start time.
	 * @param time the operation time to start at, inclusive
	 * @return the document to store
	 */
	static BsonDocument of(BsonTimestamp time) {
		return new BsonDocument(FIELD, time);
	}

	/**
	 * Return the start time a stored document stands for.
	 * @param stored a stored token or start position
	 * @return the start time, or {@code null} if the document is a resume token
	 */
	static @Nullable BsonTimestamp timeOf(BsonDocument stored) {
		return (stored.size() == 1 && stored.isTimestamp(FIELD)) ? stored.getTimestamp(FIELD) : null;
	}

}
