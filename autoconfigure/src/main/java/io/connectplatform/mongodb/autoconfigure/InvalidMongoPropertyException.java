package io.connectplatform.mongodb.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Thrown at startup when a MongoDB property has a value that cannot work. Carries the
 * property, its value (with any credentials already masked) and what to write instead, for
 * {@link InvalidMongoPropertyFailureAnalyzer}, which also names where the value came from
 * (file and line, environment variable, command line).
 * <p>
 * A Boot {@link InvalidConfigurationPropertyValueException}, so code that handles Boot's
 * configuration errors handles this one too; {@link #getName()} is {@link #getProperty()}
 * and {@link #getValue()} is the sanitized value.
 *
 * @author Connect MongoDB team
 */
@SuppressWarnings("serial")
public class InvalidMongoPropertyException extends InvalidConfigurationPropertyValueException {

	private final String action;

	private final String message;

	/**
	 * Create a new exception.
	 * @param property the full name of the offending property
	 * @param value the offending value, already sanitized, or {@code null} when unset
	 * @param reason why the value cannot work
	 * @param action what to write instead
	 */
	public InvalidMongoPropertyException(String property, @Nullable Object value, String reason, String action) {
		super(property, (value != null) ? String.valueOf(value) : null, reason);
		this.action = action;
		this.message = buildMessage(property, value, reason);
	}

	private static String buildMessage(String property, @Nullable Object value, String reason) {
		String shown = (value != null) ? "'" + value + "'" : "(unset)";
		return "Invalid value " + shown + " for property '" + property + "': " + reason;
	}

	@Override
	public String getMessage() {
		return this.message;
	}

	/**
	 * Return the full name of the offending property; the same as {@link #getName()}.
	 * @return the property name
	 */
	public String getProperty() {
		return getName();
	}

	/**
	 * Return the offending value, sanitized.
	 * @return the value, or {@code null} when the property was unset
	 */
	@Override
	public @Nullable String getValue() {
		return (String) super.getValue();
	}

	/**
	 * Return what to write instead.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
