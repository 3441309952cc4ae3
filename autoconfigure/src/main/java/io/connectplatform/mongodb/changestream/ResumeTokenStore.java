package io.connectplatform.mongodb.changestream;

import org.bson.BsonDocument;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the resume token of each change-stream listener, so that a listener started again
 * (after a restart of the application, or of the listener) resumes after the last events it
 * handled. Tokens are saved after events were handled (once per server batch by default),
 * so delivery is at-least-once: events handled just before a crash, whose token was not
 * saved yet, are delivered again. Until a new listener has a token, the document stored is
 * where its stream started, {@code { startAtOperationTime: <timestamp> }}; a store keeps
 * whatever document it is given. Implementations must be thread-safe; each listener calls
 * from its own worker thread.
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
