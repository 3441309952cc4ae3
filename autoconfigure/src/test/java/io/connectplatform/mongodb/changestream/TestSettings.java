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
		ExponentialBackOff backOff = new ExponentialBackOff(20, 2.0);
		backOff.setMaxInterval(500);
		return new ChangeStreamSettings(saveEvery, null, maxAttempts, onError, HistoryLostPolicy.FAIL, backOff, null,
				Duration.ofMillis(200), shutdownTimeout, deadLetterCollection);
	}

	static ChangeStreamSettings fast() {
		return of(1, 3, ListenerErrorPolicy.STOP, null, Duration.ofSeconds(10));
	}

}
