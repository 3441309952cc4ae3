package io.connectplatform.mongodb.changestream;

import org.bson.BsonDocument;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the resume token of each change-stream listener, so that a listener started again
 * (after a restart of the application, or of the listener) resumes after the last event it
 * handled. Tokens are saved after an event was handled, so delivery is at-least-once: an
 * event handled just before a crash, whose token was not saved yet, is delivered again.
 * Implementations must be thread-safe; each listener calls from its own worker thread.
 *
 * @author Connect MongoDB team
 * @see InMemoryResumeTokenStore
 * @see MongoResumeTokenStore
 */
public interface ResumeTokenStore {

	/**
	 * Return the stored token of a listener.
	 * @param listenerId the listener id
	 * @return the token, or {@code null} if none is stored
	 */
	@Nullable BsonDocument load(String listenerId);

	/**
	 * Store the token of a listener, replacing the previous one.
	 * @param listenerId the listener id
	 * @param resumeToken the token of the last handled event
	 */
	void save(String listenerId, BsonDocument resumeToken);

	/**
	 * Forget the token of a listener, so that it starts afresh.
	 * @param listenerId the listener id
	 */
	void delete(String listenerId);

}
