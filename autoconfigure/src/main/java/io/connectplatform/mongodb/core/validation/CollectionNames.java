package io.connectplatform.mongodb.core.validation;

import org.jspecify.annotations.Nullable;

/**
 * Checks collection names: not empty, no NUL or {@code $}, not starting with
 * {@code system.}.
 *
 * @author Connect MongoDB team
 */
final class CollectionNames {

	private static final String SYSTEM_PREFIX = "system.";

	private CollectionNames() {
	}

	/**
	 * Check a collection name.
	 * @param name the name
	 * @return the rejection, or {@code null} if the name is valid
	 */
	static @Nullable Rejection check(String name) {
		String problem = problem(name);
		if (problem == null) {
			return null;
		}
		return new Rejection(ValidationRule.COLLECTION_NAME, "Invalid collection name " + Messages.quote(name) + ": "
				+ problem + "; choose a name without '$' or NUL that does not start with '" + SYSTEM_PREFIX + "'");
	}

	private static @Nullable String problem(String name) {
		if (name.isEmpty()) {
			return "it is empty";
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '\0') {
				return "it contains a NUL character";
			}
			if (c == '$') {
				return "it contains '$'";
			}
		}
		if (name.startsWith(SYSTEM_PREFIX)) {
			return "names starting with '" + SYSTEM_PREFIX + "' are reserved for MongoDB's own collections";
		}
		return null;
	}

}
