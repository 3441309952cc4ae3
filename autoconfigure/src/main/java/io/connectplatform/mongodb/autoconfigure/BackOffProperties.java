package io.connectplatform.mongodb.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Checks the {@code backoff.*} properties that several features share (initial interval,
 * multiplier, maximum interval, jitter) and turns them into Spring's
 * {@link ExponentialBackOff}; a value that cannot work throws an
 * {@link InvalidMongoPropertyException} naming the property.
 *
 * @author Connect MongoDB team
 */
public final class BackOffProperties {

	private BackOffProperties() {
	}

	/**
	 * Check the values of a {@code backoff} group and build the back-off.
	 * @param prefix the prefix of the group's properties, ending with a dot, such as
	 * {@code connect.mongodb.transactions.backoff.}
	 * @param initialInterval the first wait, at least 1 ms
	 * @param multiplier the growth of each wait, at least 1
	 * @param maxInterval the longest wait, at least {@code initialInterval}
	 * @param jitter the randomisation, zero or more
	 * @return the back-off
	 */
	public static ExponentialBackOff exponential(String prefix, Duration initialInterval, double multiplier,
			Duration maxInterval, Duration jitter) {
		requirePositive(prefix + "initial-interval", initialInterval, "100ms");
		if (!(multiplier >= 1)) {
			throw new InvalidMongoPropertyException(prefix + "multiplier", multiplier, "it must be 1 or more",
					"Set " + prefix + "multiplier to 1 (a fixed wait) or more, such as 2.");
		}
		if (maxInterval.compareTo(initialInterval) < 0) {
			throw new InvalidMongoPropertyException(prefix + "max-interval", maxInterval,
					"it must not be shorter than " + prefix + "initial-interval (" + initialInterval + ")",
					"Set " + prefix + "max-interval to at least " + prefix + "initial-interval.");
		}
		if (jitter.isNegative()) {
			throw new InvalidMongoPropertyException(prefix + "jitter", jitter, "it must not be negative",
					"Set " + prefix + "jitter to 0 or more, such as 10ms.");
		}
		ExponentialBackOff backOff = new ExponentialBackOff(initialInterval.toMillis(), multiplier);
		backOff.setMaxInterval(maxInterval.toMillis());
		backOff.setJitter(jitter.toMillis());
		return backOff;
	}

	/**
	 * Check that a duration property is at least 1 ms.
	 * @param property the full name of the property
	 * @param value its value
	 * @param example a value to suggest, such as {@code "5s"}
	 * @throws InvalidMongoPropertyException if the value is missing, negative or under 1 ms
	 */
	public static void requirePositive(String property, @Nullable Duration value, String example) {
		if (value == null || value.isNegative() || value.toMillis() < 1) {
			throw new InvalidMongoPropertyException(property, value, "it must be at least 1ms",
					"Set " + property + " to a positive duration such as " + example + ".");
		}
	}

}
