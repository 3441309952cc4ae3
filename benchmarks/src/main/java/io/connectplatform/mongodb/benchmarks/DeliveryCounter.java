package io.connectplatform.mongodb.benchmarks;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts the events a listener received and wakes the benchmark thread the moment the
 * count it waits for is reached (no polling delay in what is measured).
 *
 * @author Connect MongoDB team
 */
final class DeliveryCounter {

	private final AtomicLong received = new AtomicLong();

	private volatile long target = Long.MAX_VALUE;

	private volatile Thread waiter;

	/**
	 * Count one event; called on the listener's thread.
	 */
	void received() {
		long count = this.received.incrementAndGet();
		if (count >= this.target) {
			Thread thread = this.waiter;
			if (thread != null) {
				LockSupport.unpark(thread);
			}
		}
	}

	/**
	 * Return how many events were received.
	 * @return the count
	 */
	long count() {
		return this.received.get();
	}

	/**
	 * Wait until at least the given number of events were received.
	 * @param expected the count to wait for
	 * @param timeout how long to wait at most
	 * @throws IllegalStateException if the events do not all arrive in time
	 */
	void awaitAtLeast(long expected, Duration timeout) {
		this.waiter = Thread.currentThread();
		this.target = expected;
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.received.get() < expected) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new IllegalStateException("Only " + this.received.get() + " of " + expected
						+ " events were delivered within " + timeout);
			}
			LockSupport.parkNanos(this, left);
		}
		this.target = Long.MAX_VALUE;
	}

}
