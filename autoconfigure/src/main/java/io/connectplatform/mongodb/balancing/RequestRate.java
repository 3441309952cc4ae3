package io.connectplatform.mongodb.balancing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts events in one-second buckets and reports the average rate over the last few
 * complete seconds. Lock-free; a count racing with the reset of its bucket may be lost,
 * which a rate shown to people can afford.
 *
 * @author Connect MongoDB team
 */
final class RequestRate {

	private static final int BUCKETS = 4;

	private static final int AVERAGED = BUCKETS - 1;

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

	private final AtomicLongArray seconds = new AtomicLongArray(BUCKETS);

	RequestRate() {
		for (int i = 0; i < BUCKETS; i++) {
			this.seconds.set(i, Long.MIN_VALUE);
		}
	}

	/**
	 * Count one event.
	 * @param nowNanos the current {@link System#nanoTime()}
	 */
	void mark(long nowNanos) {
		long second = Math.floorDiv(nowNanos, SECOND);
		int bucket = (int) Math.floorMod(second, BUCKETS);
		long current = this.seconds.get(bucket);
		if (current != second && this.seconds.compareAndSet(bucket, current, second)) {
			this.counts.set(bucket, 0);
		}
		this.counts.incrementAndGet(bucket);
	}

	/**
	 * Return the average number of events per second over the last complete seconds.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return events per second
	 */
	double perSecond(long nowNanos) {
		long second = Math.floorDiv(nowNanos, SECOND);
		long total = 0;
		for (int back = 1; back <= AVERAGED; back++) {
			int bucket = (int) Math.floorMod(second - back, BUCKETS);
			if (this.seconds.get(bucket) == second - back) {
				total += this.counts.get(bucket);
			}
		}
		return total / (double) AVERAGED;
	}

}
