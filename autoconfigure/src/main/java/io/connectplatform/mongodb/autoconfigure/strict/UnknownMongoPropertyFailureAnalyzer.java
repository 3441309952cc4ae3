package io.connectplatform.mongodb.autoconfigure.strict;

import io.connectplatform.mongodb.autoconfigure.strict.UnknownMongoPropertyException.UnknownKey;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link UnknownMongoPropertyException} into a failure analysis that names each
 * unknown key, where it was set and the nearest valid key.
 *
 * @author Connect MongoDB team
 */
class UnknownMongoPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnknownMongoPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownMongoPropertyException cause) {
		StringBuilder description = new StringBuilder((cause.getKeys().size() == 1)
				? "A property under 'connect.mongodb.' is not a Connect MongoDB property:"
				: "Properties under 'connect.mongodb.' are not Connect MongoDB properties:");
		for (UnknownKey key : cause.getKeys()) {
			description.append(String.format("%n%n    Property: %s", key.name()));
			if (key.origin() != null) {
				description.append(String.format("%n    Origin: %s", key.origin()));
			}
			if (key.nearest() != null) {
				description.append(String.format("%n    Nearest valid property: %s", key.nearest()));
			}
		}
		String action = "Correct the property's name (the nearest valid one is shown above) or remove it; the "
				+ "README's \"Properties\" section lists them all. To let unknown keys under 'connect.mongodb.' "
				+ "through, set '" + StrictPropertiesVerifier.ENABLED_PROPERTY + "' to false.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

}
