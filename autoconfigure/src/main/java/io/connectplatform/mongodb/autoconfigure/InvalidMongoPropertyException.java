package io.connectplatform.mongodb.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when a MongoDB property has a value that cannot work. Carries the
 * property, its value (with any credentials already masked) and what to write instead, for
 * {@link InvalidMongoPropertyFailureAnalyzer}.
 *
 * @author Connect MongoDB team
 */
public class InvalidMongoPropertyException extends RuntimeException {

	private final String property;

	private final @Nullable String value;

	private final String reason;

	private final String action;

	/**
	 * Create a new exception.
	 * @param property the full name of the offending property
	 * @param value the offending value, already sanitized, or {@code null} when unset
	 * @param reason why the value cannot work
	 * @param action what to write instead
	 */
	public InvalidMongoPropertyException(String property, @Nullable Object value, String reason, String action) {
		super(buildMessage(property, value, reason));
		this.property = property;
		this.value = (value != null) ? String.valueOf(value) : null;
		this.reason = reason;
		this.action = action;
	}

	private static String buildMessage(String property, @Nullable Object value, String reason) {
		String shown = (value != null) ? "'" + value + "'" : "(unset)";
		return "Invalid value " + shown + " for property '" + property + "': " + reason;
	}

	/**
	 * Return the full name of the offending property.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return the offending value, sanitized.
	 * @return the value, or {@code null} when the property was unset
	 */
	public @Nullable String getValue() {
		return this.value;
	}

	/**
	 * Return why the value cannot work.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * Return what to write instead.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
