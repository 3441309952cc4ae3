package io.connectplatform.mongodb.sample.web;

import java.io.IOException;

/**
 * Thrown when a request body is larger than {@code sample.requests.max-body-size}: by
 * {@link RequestBodyLimitFilter} before the body is read when it declares its length, or
 * by its stream while it is read when it does not. An {@link IOException}, so that the
 * readers of the body fail as on any broken stream. Rendered as a
 * {@code 413 Content Too Large} problem detail by {@link ClientErrorAdvice}.
 */
public final class RequestBodyTooLargeException extends IOException {

	private final long maxBodySize;

	/**
	 * Create an exception for the given limit.
	 * @param maxBodySize the limit, in bytes
	 */
	public RequestBodyTooLargeException(long maxBodySize) {
		super("The request body exceeds the maximum size of " + maxBodySize + " bytes");
		this.maxBodySize = maxBodySize;
	}

	/**
	 * Return the limit that was exceeded.
	 * @return the limit, in bytes
	 */
	public long getMaxBodySize() {
		return this.maxBodySize;
	}

}
