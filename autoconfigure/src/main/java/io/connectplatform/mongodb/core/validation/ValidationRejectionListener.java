package io.connectplatform.mongodb.core.validation;

import org.jspecify.annotations.Nullable;

/**
 * Told about each rejection by a {@link MongoValidator}, once, just before the
 * {@link MongoValidationException} is thrown; for example to count rejections.
 *
 * @author Connect MongoDB team
 */
@FunctionalInterface
public interface ValidationRejectionListener {

	/**
	 * A listener that does nothing.
	 */
	ValidationRejectionListener NONE = (rule, collection) -> {
	};

	/**
	 * Called when input is rejected. Should be quick and not throw; if it throws, the
	 * failure is added as suppressed to the validation exception.
	 * @param rule the rule that was broken
	 * @param collection the collection the input was meant for, or {@code null} if not
	 * known
	 */
	void rejected(ValidationRule rule, @Nullable String collection);

}
