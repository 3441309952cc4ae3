package io.connectplatform.mongodb.transaction;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;

/**
 * The retries left to one body, or to one commit: attempts, time until the deadline, and the
 * wait before the next attempt. Not thread-safe; one per retry loop.
 *
 * @author Connect MongoDB team
 */
final class RetryBudget {

	private final TransactionRetryPolicy policy;

	private final RetryClock clock;

	private final long startNanos;

	private final long deadlineNanos;

	private @Nullable BackOffExecution backOff;

	RetryBudget(TransactionRetryPolicy policy, RetryClock clock, long startNanos, long deadlineNanos) {
		this.policy = policy;
		this.clock = clock;
		this.startNanos = startNanos;
		this.deadlineNanos = deadlineNanos;
	}

	/**
	 * Wait before another attempt, if the budget allows one.
	 * @param attemptsMade the attempts made so far
	 * @return {@code true} after waiting, {@code false} at once when no attempt is left or
	 * the wait would end past the deadline
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean awaitRetry(int attemptsMade) throws InterruptedException {
		if (attemptsMade >= this.policy.maxAttempts()) {
			return false;
		}
		if (this.backOff == null) {
			this.backOff = this.policy.backOff().start();
		}
		long wait = this.backOff.nextBackOff();
		if (wait == BackOffExecution.STOP
				|| this.clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait) >= this.deadlineNanos) {
			return false;
		}
		this.clock.sleep(wait);
		return true;
	}

	/**
	 * Say how much of the budget was used, for an exception message.
	 * @param attempts the attempts made
	 * @return for example {@code "gave up after 3 attempts in 412 ms (max-attempts 10,
	 * max-retry-time PT2M)"}
	 */
	String describe(int attempts) {
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(this.clock.nanoTime() - this.startNanos);
		return "gave up after " + attempts + ((attempts == 1) ? " attempt" : " attempts") + " in " + elapsedMillis
				+ " ms (max-attempts " + this.policy.maxAttempts() + ", max-retry-time " + this.policy.maxRetryTime()
				+ ")";
	}

	/**
	 * Return the deadline of a loop starting now.
	 * @param policy the policy
	 * @param startNanos the start, from {@link RetryClock#nanoTime()}
	 * @return the deadline
	 */
	static long deadline(TransactionRetryPolicy policy, long startNanos) {
		Duration maxRetryTime = policy.maxRetryTime();
		long max = (maxRetryTime.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) ? Long.MAX_VALUE / 2
				: maxRetryTime.toNanos();
		return startNanos + max;
	}

	/**
	 * Time and sleep, replaced in tests.
	 */
	interface RetryClock {

		/**
		 * The system's clock and {@link Thread#sleep(long)}.
		 */
		RetryClock SYSTEM = new RetryClock() {

			@Override
			public long nanoTime() {
				return System.nanoTime();
			}

			@Override
			public void sleep(long millis) throws InterruptedException {
				Thread.sleep(millis);
			}

		};

		/**
		 * Return the current value of a monotonic clock.
		 * @return nanoseconds
		 */
		long nanoTime();

		/**
		 * Wait.
		 * @param millis how long
		 * @throws InterruptedException if interrupted
		 */
		void sleep(long millis) throws InterruptedException;

	}

}
