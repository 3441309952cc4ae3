package io.connectplatform.mongodb.changestream;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Settings for tests: short back-off, so that retries and restarts happen quickly.
 */
final class TestSettings {

	private TestSettings() {
	}

	static ChangeStreamSettings of(int saveEvery, int maxAttempts, ListenerErrorPolicy onError,
			@Nullable String deadLetterCollection, Duration shutdownTimeout) {
		return new ChangeStreamSettings(saveEvery, null, maxAttempts, onError, HistoryLostPolicy.FAIL, backOff(), null,
				Duration.ofMillis(200), shutdownTimeout, deadLetterCollection);
	}

	static ChangeStreamSettings saving(int saveEvery, @Nullable Duration saveInterval) {
		return new ChangeStreamSettings(saveEvery, saveInterval, 3, ListenerErrorPolicy.STOP, HistoryLostPolicy.FAIL,
				backOff(), null, Duration.ofMillis(200), Duration.ofSeconds(10), null);
	}

	static ChangeStreamSettings restarting(@Nullable Integer maxRestarts) {
		return new ChangeStreamSettings(1, null, 3, ListenerErrorPolicy.STOP, HistoryLostPolicy.FAIL, backOff(),
				maxRestarts, Duration.ofMillis(200), Duration.ofSeconds(10), null);
	}

	private static ExponentialBackOff backOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(20, 2.0);
		backOff.setMaxInterval(500);
		return backOff;
	}

	static ChangeStreamSettings fast() {
		return of(1, 3, ListenerErrorPolicy.STOP, null, Duration.ofSeconds(10));
	}

}
