package io.connectplatform.mongodb.transaction;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.connectplatform.mongodb.transaction.RetryBudget.RetryClock;

/**
 * A {@link RetryClock} that never sleeps: each sleep is recorded and moves a fake monotonic
 * clock forward by as much, and tests move it forward to stand for the time a body takes.
 */
final class FakeRetryClock implements RetryClock {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final List<Long> sleeps = new CopyOnWriteArrayList<>();

	private volatile boolean interruptSleeps;

	@Override
	public long nanoTime() {
		return this.nanos.get();
	}

	@Override
	public void sleep(long millis) throws InterruptedException {
		if (this.interruptSleeps) {
			// As Thread.sleep when interrupted: throws and clears the interrupt flag.
			throw new InterruptedException("sleep interrupted");
		}
		this.sleeps.add(millis);
		advance(Duration.ofMillis(millis));
	}

	/**
	 * Move the clock forward.
	 * @param duration how far
	 */
	void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	/**
	 * Return the time elapsed since the given reading.
	 * @param start an earlier {@link #nanoTime()}
	 * @return the elapsed milliseconds
	 */
	long millisSince(long start) {
		return TimeUnit.NANOSECONDS.toMillis(this.nanos.get() - start);
	}

	/**
	 * Make every following sleep be interrupted.
	 */
	void interruptSleeps() {
		this.interruptSleeps = true;
	}

	/**
	 * Return the sleeps so far, in milliseconds.
	 * @return the sleeps
	 */
	List<Long> sleeps() {
		return List.copyOf(this.sleeps);
	}

}
