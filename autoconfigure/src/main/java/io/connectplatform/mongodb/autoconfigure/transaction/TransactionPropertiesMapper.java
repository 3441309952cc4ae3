package io.connectplatform.mongodb.autoconfigure.transaction;

import java.time.Duration;

import com.mongodb.ReadConcern;
import com.mongodb.ReadConcernLevel;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;
import io.connectplatform.mongodb.transaction.MongoTransactionOptions;
import io.connectplatform.mongodb.transaction.TransactionRetryPolicy;

/**
 * Turns {@link ConnectMongoTransactionsProperties} into the retry policy and the default
 * options, refusing values that cannot work with an {@link InvalidMongoPropertyException}.
 *
 * @author Connect MongoDB team
 */
final class TransactionPropertiesMapper {

	private static final String PREFIX = ConnectMongoTransactionsProperties.PREFIX + ".";

	private TransactionPropertiesMapper() {
	}

	static TransactionRetryPolicy retryPolicy(ConnectMongoTransactionsProperties properties) {
		if (properties.getMaxAttempts() < 1) {
			throw new InvalidMongoPropertyException(PREFIX + "max-attempts", properties.getMaxAttempts(),
					"it must be 1 or more", "Set " + PREFIX + "max-attempts to 1 (no retry) or more (default 10).");
		}
		requirePositive("max-retry-time", properties.getMaxRetryTime(), "120s");
		ConnectMongoTransactionsProperties.Backoff backoff = properties.getBackoff();
		requirePositive("backoff.initial-interval", backoff.getInitialInterval(), "10ms");
		if (!(backoff.getMultiplier() >= 1)) {
			throw new InvalidMongoPropertyException(PREFIX + "backoff.multiplier", backoff.getMultiplier(),
					"it must be 1 or more", "Set " + PREFIX + "backoff.multiplier to 1 (a fixed wait) or more (default 2).");
		}
		if (backoff.getMaxInterval().compareTo(backoff.getInitialInterval()) < 0) {
			throw new InvalidMongoPropertyException(PREFIX + "backoff.max-interval", backoff.getMaxInterval(),
					"it must not be shorter than backoff.initial-interval (" + backoff.getInitialInterval() + ")",
					"Set " + PREFIX + "backoff.max-interval to at least " + PREFIX + "backoff.initial-interval.");
		}
		if (backoff.getJitter().isNegative()) {
			throw new InvalidMongoPropertyException(PREFIX + "backoff.jitter", backoff.getJitter(),
					"it must not be negative", "Set " + PREFIX + "backoff.jitter to 0 or more (default 5ms).");
		}
		return new TransactionRetryPolicy(properties.getMaxAttempts(), properties.getMaxRetryTime(),
				TransactionRetryPolicy.exponentialBackOff(backoff.getInitialInterval(), backoff.getMultiplier(),
						backoff.getMaxInterval(), backoff.getJitter()));
	}

	static MongoTransactionOptions defaults(ConnectMongoTransactionsProperties properties) {
		ReadConcernLevel readConcern = properties.getReadConcern();
		if (readConcern != ReadConcernLevel.LOCAL && readConcern != ReadConcernLevel.MAJORITY
				&& readConcern != ReadConcernLevel.SNAPSHOT) {
			throw new InvalidMongoPropertyException(PREFIX + "read-concern", readConcern.getValue(),
					"a transaction supports only the read concerns local, majority and snapshot",
					"Set " + PREFIX + "read-concern to snapshot (the default), majority or local.");
		}
		MongoTransactionOptions.Builder builder = MongoTransactionOptions.builder()
			.readConcern(new ReadConcern(properties.getReadConcern()))
			.writeConcern(writeConcern(properties.getWriteConcern()))
			.readPreference(ReadPreference.valueOf(properties.getReadPreference().getDriverName()))
			.readOnly(properties.isReadOnly());
		Duration maxCommitTime = properties.getMaxCommitTime();
		if (maxCommitTime != null) {
			requirePositive("max-commit-time", maxCommitTime, "unset");
			builder.maxCommitTime(maxCommitTime);
		}
		return builder.build();
	}

	private static WriteConcern writeConcern(String w) {
		String value = w.trim();
		if ("majority".equals(value)) {
			return WriteConcern.MAJORITY;
		}
		try {
			int members = Integer.parseInt(value);
			if (members >= 1) {
				return new WriteConcern(members);
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new InvalidMongoPropertyException(PREFIX + "write-concern", w,
				"a transaction's commit must be acknowledged: 'majority' or a number of members of at least 1",
				"Set " + PREFIX + "write-concern to 'majority' (the default) or a number such as 1.");
	}

	private static void requirePositive(String property, Duration value, String defaultValue) {
		if (value.isNegative() || value.toMillis() < 1) {
			throw new InvalidMongoPropertyException(PREFIX + property, value, "it must be at least 1ms",
					"Set " + PREFIX + property + " to a positive duration such as 100ms (default " + defaultValue + ").");
		}
	}

}
