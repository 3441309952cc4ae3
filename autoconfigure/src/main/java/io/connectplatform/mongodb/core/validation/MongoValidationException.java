package io.connectplatform.mongodb.core.validation;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Thrown when a {@link MongoValidator} rejects input before it is sent to the server. The
 * message names the collection and document {@code _id} when known, what is wrong and
 * what to do, but never any other value of the document.
 *
 * @author Connect MongoDB team
 */
public class MongoValidationException extends InvalidDataAccessApiUsageException {

	private final ValidationRule rule;

	private final @Nullable String collection;

	/**
	 * Create a new exception.
	 * @param rule the rule that was broken
	 * @param collection the collection the input was meant for, or {@code null} if not
	 * known
	 * @param message the detail message
	 */
	public MongoValidationException(ValidationRule rule, @Nullable String collection, String message) {
		this(rule, collection, message, null);
	}

	/**
	 * Create a new exception.
	 * @param rule the rule that was broken
	 * @param collection the collection the input was meant for, or {@code null} if not
	 * known
	 * @param message the detail message
	 * @param cause the failure that revealed the problem, or {@code null}
	 */
	public MongoValidationException(ValidationRule rule, @Nullable String collection, String message,
			@Nullable Throwable cause) {
		super(message, cause);
		this.rule = rule;
		this.collection = collection;
	}

	/**
	 * Return the rule that was broken.
	 * @return the rule
	 */
	public ValidationRule getRule() {
		return this.rule;
	}

	/**
	 * Return the collection the input was meant for.
	 * @return the collection name, or {@code null} if not known (always for
	 * {@link ValidationRule#COLLECTION_NAME}, as the name itself was rejected)
	 */
	public @Nullable String getCollection() {
		return this.collection;
	}

}
