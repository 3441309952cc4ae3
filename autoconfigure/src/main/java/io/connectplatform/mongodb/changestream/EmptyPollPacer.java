package io.connectplatform.mongodb.changestream;

import java.util.concurrent.TimeUnit;

/**
 * Paces the polls of a change stream whose server answers an empty poll at once instead of
 * waiting {@code maxAwaitTime} (the embedded server does): no pause after the first empty
 * poll, then 1, 2, 4 … ms, at most {@value #MAX_PAUSE_MILLIS} ms, and none again once an
 * event comes. So a busy stream is read within a millisecond or two and an idle one costs
 * about ten polls a second. A poll that itself took as long as the pause (a server that
 * waits) is never followed by one.
 *
 * @author Connect MongoDB team
 */
final class EmptyPollPacer {

	/**
	 * The longest pause between two empty polls.
	 */
	static final long MAX_PAUSE_MILLIS = 100;

	private int emptyPolls;

	/**
	 * Return how long to wait before the next poll, after one that found nothing.
	 * @param pollNanos how long the empty poll took
	 * @return the pause in milliseconds, {@code 0} for none
	 */
	long pauseAfterEmptyPoll(long pollNanos) {
		int previous = this.emptyPolls;
		if (previous < Integer.MAX_VALUE) {
			this.emptyPolls = previous + 1;
		}
		long pause = (previous == 0) ? 0 : Math.min(MAX_PAUSE_MILLIS, 1L << Math.min(previous - 1, 7));
		return Math.max(0, pause - TimeUnit.NANOSECONDS.toMillis(pollNanos));
	}

	/**
	 * Note that a poll returned an event: the next empty poll is followed by no pause.
	 */
	void eventReceived() {
		this.emptyPolls = 0;
	}

}
