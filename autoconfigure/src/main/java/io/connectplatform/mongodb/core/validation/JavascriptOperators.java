package io.connectplatform.mongodb.core.validation;

import java.util.Map;

import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.jspecify.annotations.Nullable;

/**
 * Finds the operators that run JavaScript on the server ({@code $where},
 * {@code $function}, {@code $accumulator}) anywhere in a rendered filter, update or
 * pipeline stage, arrays included.
 *
 * @author Connect MongoDB team
 */
final class JavascriptOperators {

	private static final String ALLOW = "set " + Messages.PROPERTY_PREFIX
			+ "allow-server-side-javascript=true to allow it";

	private JavascriptOperators() {
	}

	/**
	 * Check a rendered filter, update or stage.
	 * @param subject what is checked, such as {@code Filter}, for the message
	 * @param collection the collection, for the message
	 * @param rendered the rendered filter, update or stage
	 * @return the rejection, or {@code null} if no JavaScript operator is used
	 */
	static @Nullable Rejection check(String subject, String collection, BsonDocument rendered) {
		String operator = find(rendered);
		return (operator != null) ? rejection(subject, collection, operator) : null;
	}

	/**
	 * Describe the use of a JavaScript operator.
	 * @param subject what uses it, such as {@code Filter}
	 * @param collection the collection
	 * @param operator the operator
	 * @return the rejection
	 */
	static Rejection rejection(String subject, String collection, String operator) {
		return new Rejection(ValidationRule.SERVER_SIDE_JAVASCRIPT,
				subject + " for collection " + Messages.quote(collection) + " uses " + operator
						+ ", which runs JavaScript on the server; rewrite it without JavaScript, or " + ALLOW);
	}

	/**
	 * Find the first JavaScript operator used as a key in the document, at any depth.
	 * @param document the document to search
	 * @return the operator, such as {@code $where}, or {@code null} if there is none
	 */
	static @Nullable String find(BsonDocument document) {
		for (Map.Entry<String, BsonValue> entry : document.entrySet()) {
			String key = entry.getKey();
			if (isJavascriptOperator(key)) {
				return key;
			}
			String found = find(entry.getValue());
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	private static @Nullable String find(BsonValue value) {
		if (value.isDocument()) {
			return find(value.asDocument());
		}
		if (value.isArray()) {
			for (BsonValue element : value.asArray()) {
				String found = find(element);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	private static boolean isJavascriptOperator(String key) {
		return key.length() > 1 && key.charAt(0) == '$'
				&& (key.equals("$where") || key.equals("$function") || key.equals("$accumulator"));
	}

}
