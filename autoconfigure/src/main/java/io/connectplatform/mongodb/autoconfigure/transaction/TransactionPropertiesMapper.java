package io.connectplatform.mongodb.autoconfigure.transaction;

import java.time.Duration;

import com.mongodb.ReadConcern;
import com.mongodb.ReadConcernLevel;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import io.connectplatform.mongodb.autoconfigure.BackOffProperties;
import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;
import io.connectplatform.mongodb.transaction.MongoTransactionSettings;
import io.connectplatform.mongodb.transaction.TransactionRetryPolicy;

import org.springframework.util.backoff.ExponentialBackOff;

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
		BackOffProperties.requirePositive(PREFIX + "max-retry-time", properties.getMaxRetryTime(), "120s");
		ConnectMongoTransactionsProperties.Backoff backoff = properties.getBackoff();
		ExponentialBackOff backOff = BackOffProperties.exponential(PREFIX + "backoff.", backoff.getInitialInterval(),
				backoff.getMultiplier(), backoff.getMaxInterval(), backoff.getJitter());
		return new TransactionRetryPolicy(properties.getMaxAttempts(), properties.getMaxRetryTime(), backOff);
	}

	static MongoTransactionSettings defaults(ConnectMongoTransactionsProperties properties) {
		ReadConcernLevel readConcern = properties.getReadConcern();
		if (readConcern != ReadConcernLevel.LOCAL && readConcern != ReadConcernLevel.MAJORITY
				&& readConcern != ReadConcernLevel.SNAPSHOT) {
			throw new InvalidMongoPropertyException(PREFIX + "read-concern", readConcern.getValue(),
					"a transaction supports only the read concerns local, majority and snapshot",
					"Set " + PREFIX + "read-concern to snapshot (the default), majority or local.");
		}
		MongoTransactionSettings.Builder builder = MongoTransactionSettings.builder()
			.readConcern(new ReadConcern(properties.getReadConcern()))
			.writeConcern(writeConcern(properties.getWriteConcern()))
			.readPreference(ReadPreference.valueOf(properties.getReadPreference().getDriverName()))
			.readOnly(properties.isReadOnly());
		Duration maxCommitTime = properties.getMaxCommitTime();
		if (maxCommitTime != null) {
			BackOffProperties.requirePositive(PREFIX + "max-commit-time", maxCommitTime, "2s");
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

}
