package io.connectplatform.mongodb.core.validation;

import org.jspecify.annotations.Nullable;

/**
 * What a check found wrong, for {@link MongoValidator} to report and throw.
 *
 * @param rule the rule that was broken
 * @param message the message for the exception
 * @author Connect MongoDB team
 */
record Rejection(ValidationRule rule, String message) {

	/**
	 * Create the exception for this rejection.
	 * @param collection the collection, or {@code null} if not known
	 * @param cause the failure that revealed the problem, or {@code null}
	 * @return the exception
	 */
	MongoValidationException toException(@Nullable String collection, @Nullable Throwable cause) {
		return new MongoValidationException(this.rule, collection, this.message, cause);
	}

}
