package io.connectplatform.mongodb.transaction;

import java.time.Duration;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How long and how often a transaction is retried, and how long to wait in between.
 *
 * @param maxAttempts the most attempts of a body, counting the first, and separately the
 * most attempts of one commit; at least 1
 * @param maxRetryTime how long after the first attempt started a retry may still begin;
 * positive
 * @param backOff the wait between attempts
 * @author Connect MongoDB team
 */
public record TransactionRetryPolicy(int maxAttempts, Duration maxRetryTime, BackOff backOff) {

	/**
	 * The defaults: 10 attempts within the specification's 120 seconds, waiting from 10 ms
	 * (doubling, with jitter) up to 1 second.
	 */
	public static final TransactionRetryPolicy DEFAULT = new TransactionRetryPolicy(10, Duration.ofSeconds(120),
			exponentialBackOff(Duration.ofMillis(10), 2.0, Duration.ofSeconds(1), Duration.ofMillis(5)));

	/**
	 * Check the arguments.
	 */
	public TransactionRetryPolicy {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
		}
		if (maxRetryTime == null || maxRetryTime.isNegative() || maxRetryTime.isZero()) {
			throw new IllegalArgumentException("maxRetryTime must be positive, got " + maxRetryTime);
		}
		if (backOff == null) {
			throw new IllegalArgumentException("backOff must not be null");
		}
	}

	/**
	 * Create an exponential back-off with jitter, as Spring's {@link ExponentialBackOff}
	 * computes it: the wait starts at {@code initialInterval}, grows by {@code multiplier},
	 * never exceeds {@code maxInterval}, and is randomised by up to {@code jitter} (scaled as
	 * the wait grows).
	 * @param initialInterval the first wait, at least 1 ms
	 * @param multiplier the growth of each wait, at least 1
	 * @param maxInterval the longest wait, at least {@code initialInterval}
	 * @param jitter the randomisation, zero or more
	 * @return the back-off
	 */
	public static ExponentialBackOff exponentialBackOff(Duration initialInterval, double multiplier,
			Duration maxInterval, Duration jitter) {
		if (initialInterval.toMillis() < 1) {
			throw new IllegalArgumentException("initialInterval must be at least 1ms, got " + initialInterval);
		}
		if (!(multiplier >= 1)) {
			throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
		}
		if (maxInterval.compareTo(initialInterval) < 0) {
			throw new IllegalArgumentException(
					"maxInterval must be at least initialInterval (" + initialInterval + "), got " + maxInterval);
		}
		if (jitter.isNegative()) {
			throw new IllegalArgumentException("jitter must not be negative, got " + jitter);
		}
		ExponentialBackOff backOff = new ExponentialBackOff(initialInterval.toMillis(), multiplier);
		backOff.setMaxInterval(maxInterval.toMillis());
		backOff.setJitter(jitter.toMillis());
		return backOff;
	}

}
