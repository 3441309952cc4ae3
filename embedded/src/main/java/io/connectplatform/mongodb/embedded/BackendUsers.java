package io.connectplatform.mongodb.embedded;

import org.springframework.util.Assert;

/**
 * Counts the users of a {@link SharedMemoryBackend} and decides when the last one is gone:
 * the backend really closes then, and cannot be used again. Thread-safe.
 *
 * @author Connect MongoDB team
 */
final class BackendUsers {

	private final Object monitor = new Object();

	private int users;

	private boolean closed;

	/**
	 * Register one more user.
	 * @throws IllegalStateException if the last user has already gone
	 */
	void retain() {
		synchronized (this.monitor) {
			Assert.state(!this.closed, "Backend has been closed and cannot be used again");
			this.users++;
		}
	}

	/**
	 * Release one user; releasing without users closes at once, releasing once closed does
	 * nothing.
	 * @return {@code true} if this release was the last, so that the backend must now
	 * really close
	 */
	boolean release() {
		synchronized (this.monitor) {
			if (this.closed) {
				return false;
			}
			if (this.users > 0) {
				this.users--;
			}
			if (this.users > 0) {
				return false;
			}
			this.closed = true;
			return true;
		}
	}

	/**
	 * Return the number of users retained and not released yet.
	 * @return the number of users
	 */
	int count() {
		synchronized (this.monitor) {
			return this.users;
		}
	}

	/**
	 * Return whether the last user has gone.
	 * @return {@code true} once closed
	 */
	boolean isClosed() {
		synchronized (this.monitor) {
			return this.closed;
		}
	}

}
