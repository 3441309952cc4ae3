package io.connectplatform.mongodb.changestream;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.NonTransientDataAccessException;

/**
 * A change event whose full document or pre-image cannot be read into the listener's type,
 * such as an order written by another client with an {@code ObjectId} where the listener's
 * record has a {@code String}. The message names the listener, the collection, the
 * document key, the type and, where it can tell, the field or record component. It is the
 * listener's failure, not the stream's: the listener's error policy applies, without
 * retries (decoding again would fail again), and {@code skip} stores the raw event in the
 * dead-letter collection.
 *
 * @author Connect MongoDB team
 * @see ChangeListenerDefinition.Builder#deliverUndecodable(boolean)
 */
public class ChangeEventDecodingException extends NonTransientDataAccessException {

	private final String listenerId;

	/**
	 * Create an exception.
	 * @param listenerId the listener the event was for
	 * @param message what could not be read, and where
	 * @param cause the codec's failure
	 */
	public ChangeEventDecodingException(String listenerId, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.listenerId = listenerId;
	}

	/**
	 * Return the listener the event was for.
	 * @return the listener id
	 */
	public String getListenerId() {
		return this.listenerId;
	}

}
