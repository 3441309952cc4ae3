package io.connectplatform.mongodb.autoconfigure.changestream;

import java.time.Duration;

import com.mongodb.MongoNamespace;
import io.connectplatform.mongodb.autoconfigure.BackOffProperties;
import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;
import io.connectplatform.mongodb.changestream.ChangeStreamSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Maps {@link ConnectMongoChangeStreamsProperties} to {@link ChangeStreamSettings}, refusing
 * values that cannot work with an {@link InvalidMongoPropertyException}.
 *
 * @author Connect MongoDB team
 */
final class ChangeStreamPropertiesMapper {

	private static final String PREFIX = ConnectMongoChangeStreamsProperties.PREFIX + ".";

	private ChangeStreamPropertiesMapper() {
	}

	static ChangeStreamSettings settings(ConnectMongoChangeStreamsProperties properties) {
		if (properties.getSaveEvery() < 0) {
			throw new InvalidMongoPropertyException(PREFIX + "save-every", properties.getSaveEvery(),
					"it must not be negative", "Set " + PREFIX
							+ "save-every to 0 (once per server batch, the default), 1 (after each event) or more.");
		}
		Duration saveInterval = properties.getSaveInterval();
		if (saveInterval != null) {
			BackOffProperties.requirePositive(PREFIX + "save-interval", saveInterval,
					"5s, or remove it to save by count only");
		}
		if (properties.getMaxAttempts() < 1) {
			throw new InvalidMongoPropertyException(PREFIX + "max-attempts", properties.getMaxAttempts(),
					"it must be 1 or more", "Set " + PREFIX + "max-attempts to 1 (no retry) or more (default 3).");
		}
		Integer maxRestarts = properties.getMaxRestarts();
		if (maxRestarts != null && maxRestarts < 0) {
			throw new InvalidMongoPropertyException(PREFIX + "max-restarts", maxRestarts, "it must not be negative",
					"Set " + PREFIX + "max-restarts to 0 or more, or remove it to restart forever.");
		}
		BackOffProperties.requirePositive(PREFIX + "max-await-time", properties.getMaxAwaitTime(),
				"1s (the default)");
		BackOffProperties.requirePositive(PREFIX + "shutdown-timeout", properties.getShutdownTimeout(),
				"10s (the default)");
		String deadLetterCollection = properties.getDeadLetterCollection();
		if (deadLetterCollection != null) {
			checkCollection("dead-letter-collection", deadLetterCollection);
		}
		ConnectMongoChangeStreamsProperties.Backoff backoff = properties.getBackoff();
		ExponentialBackOff backOff = BackOffProperties.exponential(PREFIX + "backoff.", backoff.getInitialInterval(),
				backoff.getMultiplier(), backoff.getMaxInterval(), backoff.getJitter());
		return new ChangeStreamSettings(properties.getSaveEvery(), saveInterval, properties.getMaxAttempts(),
				properties.getOnError(), properties.getOnHistoryLost(),
				backOff,
				maxRestarts, properties.getMaxAwaitTime(), properties.getShutdownTimeout(), deadLetterCollection);
	}

	static String checkCollection(String property, String collection) {
		String reason = null;
		try {
			MongoNamespace.checkCollectionNameValidity(collection);
		}
		catch (IllegalArgumentException ex) {
			reason = ex.getMessage();
		}
		if (reason == null && (collection.contains("$") || collection.indexOf('\0') >= 0)) {
			reason = "it contains '$' or NUL";
		}
		if (reason == null && collection.startsWith("system.")) {
			reason = "'system.' collections belong to the server";
		}
		if (reason != null) {
			throw new InvalidMongoPropertyException(PREFIX + property, collection,
					"it is not a valid collection name (" + reason + ")", "Set " + PREFIX + property
							+ " to a collection name without '$' or NUL, such as 'connect_resume_tokens'.");
		}
		return collection;
	}

}
