package io.connectplatform.mongodb.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.connectplatform.mongodb.transaction.MongoTransactionObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times every MongoDB transaction in {@value #TIMER_NAME}, tagged with its {@code outcome}
 * ({@code committed}, {@code aborted}, {@code failed}), and counts retries in
 * {@value #RETRIES_NAME}, tagged with the {@code reason} ({@code transient},
 * {@code unknown-commit-result}).
 *
 * @author Connect MongoDB team
 */
public final class TransactionMetrics implements MongoTransactionObserver {

	/**
	 * The name of the timer of transactions.
	 */
	public static final String TIMER_NAME = "connect.mongodb.transactions";

	/**
	 * The name of the counter of retries.
	 */
	public static final String RETRIES_NAME = "connect.mongodb.transactions.retries";

	private final Map<Outcome, Timer> timers = new EnumMap<>(Outcome.class);

	private final Map<RetryReason, Counter> retries = new EnumMap<>(RetryReason.class);

	/**
	 * Register the meters.
	 * @param registry the meter registry
	 */
	public TransactionMetrics(MeterRegistry registry) {
		for (Outcome outcome : Outcome.values()) {
			this.timers.put(outcome, Timer.builder(TIMER_NAME)
				.description("MongoDB transactions, from start to commit or abort; one per attempt")
				.tag("outcome", outcome.tagValue())
				.register(registry));
		}
		for (RetryReason reason : RetryReason.values()) {
			this.retries.put(reason, Counter.builder(RETRIES_NAME)
				.description("Retries of MongoDB transactions (whole body) and of their commits")
				.tag("reason", reason.tagValue())
				.register(registry));
		}
	}

	@Override
	public void completed(Outcome outcome, long durationNanos) {
		this.timers.get(outcome).record(durationNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void retried(RetryReason reason) {
		this.retries.get(reason).increment();
	}

}
