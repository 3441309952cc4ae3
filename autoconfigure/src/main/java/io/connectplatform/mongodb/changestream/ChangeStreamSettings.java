package io.connectplatform.mongodb.changestream;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The container's settings, and the defaults of its listeners.
 *
 * @param saveEvery also save the token after this many handled events, or 0 to save it
 * only at the end of each server batch (always done) and on stop
 * @param saveInterval also save it when this long has passed since the last save and an
 * event is unsaved, or {@code null} to save by count only
 * @param maxAttempts how many times an event is tried, counting the first; at least 1
 * @param onError what to do with an event that failed in every attempt
 * @param onHistoryLost what to do when the server can no longer resume a stream
 * @param backOff the wait between attempts of an event, and between restarts of a stream
 * (each series starts afresh)
 * @param maxRestarts how many restarts in a row (without a successful read in between) a
 * stream may make before its listener fails, or {@code null} for no limit
 * @param maxAwaitTime how long the server waits for events before answering an empty
 * batch; positive
 * @param shutdownTimeout how long stopping may take before workers are interrupted;
 * positive
 * @param deadLetterCollection the collection of skipped events, in the default database,
 * or {@code null} for none
 * @author Connect MongoDB team
 */
public record ChangeStreamSettings(int saveEvery, @Nullable Duration saveInterval, int maxAttempts,
		ListenerErrorPolicy onError, HistoryLostPolicy onHistoryLost, BackOff backOff, @Nullable Integer maxRestarts,
		Duration maxAwaitTime, Duration shutdownTimeout, @Nullable String deadLetterCollection) {

	/**
	 * The defaults: save the token once per server batch, 3 attempts, stop on a failed event, fail on a lost
	 * history, back off from 100 ms doubling up to 30 s, restart forever, 1 s server wait,
	 * 10 s to shut down, no dead letters.
	 */
	public static final ChangeStreamSettings DEFAULTS = new ChangeStreamSettings(0, null, 3, ListenerErrorPolicy.STOP,
			HistoryLostPolicy.FAIL, defaultBackOff(), null, Duration.ofSeconds(1), Duration.ofSeconds(10), null);

	/**
	 * Check the arguments.
	 */
	public ChangeStreamSettings {
		Assert.isTrue(saveEvery >= 0, () -> "'saveEvery' must not be negative, but was " + saveEvery);
		Assert.isTrue(saveInterval == null || saveInterval.toMillis() > 0,
				() -> "'saveInterval' must be at least 1ms, but was " + saveInterval);
		Assert.isTrue(maxAttempts >= 1, () -> "'maxAttempts' must be at least 1, but was " + maxAttempts);
		Assert.notNull(onError, "'onError' must not be null");
		Assert.notNull(onHistoryLost, "'onHistoryLost' must not be null");
		Assert.notNull(backOff, "'backOff' must not be null");
		Assert.isTrue(maxRestarts == null || maxRestarts >= 0,
				() -> "'maxRestarts' must not be negative, but was " + maxRestarts);
		Assert.isTrue(maxAwaitTime != null && maxAwaitTime.toMillis() > 0,
				() -> "'maxAwaitTime' must be at least 1ms, but was " + maxAwaitTime);
		Assert.isTrue(shutdownTimeout != null && shutdownTimeout.toMillis() > 0,
				() -> "'shutdownTimeout' must be at least 1ms, but was " + shutdownTimeout);
	}

	private static BackOff defaultBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
		backOff.setMaxInterval(30_000);
		backOff.setJitter(50);
		return backOff;
	}

}
