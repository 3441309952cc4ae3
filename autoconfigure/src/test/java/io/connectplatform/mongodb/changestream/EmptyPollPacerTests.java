package io.connectplatform.mongodb.changestream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EmptyPollPacer}, pure arithmetic: how the worker uses it against the
 * embedded server (which answers empty polls at once) is covered by the delivery tests of
 * {@link ChangeStreamListenerContainerTests}.
 *
 * @author Connect MongoDB team
 */
class EmptyPollPacerTests {

	@Test
	void pausesGrowFromNoneToAHundredMillisecondsOverEmptyPolls() {
		EmptyPollPacer pacer = new EmptyPollPacer();
		List<Long> pauses = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			pauses.add(pacer.pauseAfterEmptyPoll(0));
		}
		assertThat(pauses).containsExactly(0L, 1L, 2L, 4L, 8L, 16L, 32L, 64L, 100L, 100L, 100L, 100L);
	}

	@Test
	void anEventStartsOverWithNoPause() {
		EmptyPollPacer pacer = new EmptyPollPacer();
		for (int i = 0; i < 20; i++) {
			pacer.pauseAfterEmptyPoll(0);
		}
		pacer.eventReceived();
		assertThat(pacer.pauseAfterEmptyPoll(0)).isZero();
		assertThat(pacer.pauseAfterEmptyPoll(0)).isEqualTo(1);
	}

	@Test
	void thePollsOwnTimeCountsTowardsThePause() {
		EmptyPollPacer pacer = new EmptyPollPacer();
		for (int i = 0; i < 20; i++) {
			pacer.pauseAfterEmptyPoll(0);
		}
		assertThat(pacer.pauseAfterEmptyPoll(TimeUnit.MILLISECONDS.toNanos(30))).isEqualTo(70);
		assertThat(pacer.pauseAfterEmptyPoll(TimeUnit.SECONDS.toNanos(1))).isZero();
	}

}
