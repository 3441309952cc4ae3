package io.connectplatform.mongodb.changestream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.BsonDocument;
import org.jspecify.annotations.Nullable;

/**
 * Keeps resume tokens in memory: listeners resume after a restart of themselves or of the
 * container, but not after a restart of the application, which starts them from now (or
 * their {@code startAt}). For development and tests.
 *
 * @author Connect MongoDB team
 */
public final class InMemoryResumeTokenStore implements ResumeTokenStore {

	private final Map<String, BsonDocument> tokens = new ConcurrentHashMap<>();

	@Override
	public @Nullable BsonDocument load(String listenerId) {
		return this.tokens.get(listenerId);
	}

	@Override
	public void save(String listenerId, BsonDocument resumeToken) {
		this.tokens.put(listenerId, resumeToken.clone());
	}

	@Override
	public void delete(String listenerId) {
		this.tokens.remove(listenerId);
	}

}
