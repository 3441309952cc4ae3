package io.connectplatform.mongodb.transaction;

import java.util.List;

/**
 * Told of every transaction's outcome and of every retry; for example to record metrics.
 * Calls come on the thread of the transaction and must be quick and must not throw.
 *
 * @author Connect MongoDB team
 */
public interface MongoTransactionObserver {

	/**
	 * An observer that does nothing.
	 */
	MongoTransactionObserver NONE = new MongoTransactionObserver() {
	};

	/**
	 * Return an observer that tells each of the given observers, in order.
	 * @param observers the observers
	 * @return {@link #NONE} for none, the observer itself for one, or a composite
	 */
	static MongoTransactionObserver of(List<MongoTransactionObserver> observers) {
		if (observers.isEmpty()) {
			return NONE;
		}
		if (observers.size() == 1) {
			return observers.get(0);
		}
		List<MongoTransactionObserver> all = List.copyOf(observers);
		return new MongoTransactionObserver() {

			@Override
			public void completed(Outcome outcome, long durationNanos) {
				all.forEach((each) -> each.completed(outcome, durationNanos));
			}

			@Override
			public void retried(RetryReason reason) {
				all.forEach((each) -> each.retried(reason));
			}

		};
	}

	/**
	 * Called when a transaction has ended: one call per server transaction, so a body run
	 * three times reports three outcomes. A body run without a transaction reports nothing.
	 * @param outcome how it ended
	 * @param durationNanos from start to end, in nanoseconds
	 */
	default void completed(Outcome outcome, long durationNanos) {
	}

	/**
	 * Called just before a retry, after the back-off.
	 * @param reason why the retry happens
	 */
	default void retried(RetryReason reason) {
	}

	/**
	 * How a transaction ended.
	 */
	enum Outcome {

		/**
		 * The commit succeeded.
		 */
		COMMITTED("committed"),

		/**
		 * The transaction was rolled back: the body threw or asked for a rollback.
		 */
		ABORTED("aborted"),

		/**
		 * The commit failed.
		 */
		FAILED("failed");

		private final String tagValue;

		Outcome(String tagValue) {
			this.tagValue = tagValue;
		}

		/**
		 * Return the value of the {@code outcome} tag.
		 * @return the tag value
		 */
		public String tagValue() {
			return this.tagValue;
		}

	}

	/**
	 * Why a transaction, or its commit, is retried.
	 */
	enum RetryReason {

		/**
		 * An error carried the {@code TransientTransactionError} label: the whole body runs
		 * again in a new transaction.
		 */
		TRANSIENT("transient"),

		/**
		 * The commit failed with the {@code UnknownTransactionCommitResult} label: only the
		 * commit is sent again.
		 */
		UNKNOWN_COMMIT_RESULT("unknown-commit-result");

		private final String tagValue;

		RetryReason(String tagValue) {
			this.tagValue = tagValue;
		}

		/**
		 * Return the value of the {@code reason} tag.
		 * @return the tag value
		 */
		public String tagValue() {
			return this.tagValue;
		}

	}

}
