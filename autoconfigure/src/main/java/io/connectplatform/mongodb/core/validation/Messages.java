package io.connectplatform.mongodb.core.validation;

import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.jspecify.annotations.Nullable;

/**
 * Renders the parts of rejection messages: names, paths and {@code _id} values, escaped
 * and shortened. Never renders any other value of a document.
 *
 * @author Connect MongoDB team
 */
final class Messages {

	static final String PROPERTY_PREFIX = "connect.mongodb.validation.";

	private static final int MAX_ID_LENGTH = 64;

	private static final int MAX_NAME_LENGTH = 200;

	private static final String ELLIPSIS = "...";

	private static final String ID_JSON_PREFIX = "{\"_id\": ";

	private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

	private Messages() {
	}

	/**
	 * Describe the document a message is about.
	 * @param collection the collection
	 * @param id the document's {@code _id}, or {@code null} if it has none
	 * @return text such as {@code Document with _id 42 for collection 'orders'}
	 */
	static String document(String collection, @Nullable BsonValue id) {
		String forCollection = " for collection " + quote(collection);
		return (id != null) ? "Document with _id " + id(id) + forCollection : "Document" + forCollection;
	}

	/**
	 * Render an {@code _id} as relaxed extended JSON, shortened to about 64 characters.
	 * @param id the {@code _id}
	 * @return text such as {@code 42}, {@code "order-1"} or
	 * {@code {"$oid": "65a1..."}}
	 */
	static String id(BsonValue id) {
		String json = new BsonDocument("_id", id).toJson(RELAXED);
		String value = (json.startsWith(ID_JSON_PREFIX) && json.endsWith("}"))
				? json.substring(ID_JSON_PREFIX.length(), json.length() - 1) : json;
		return (value.length() > MAX_ID_LENGTH) ? value.substring(0, MAX_ID_LENGTH) + ELLIPSIS : value;
	}

	/**
	 * Quote a name or path, showing NUL as {@code \0} and keeping, if it is very long, its
	 * end.
	 * @param name the name or path
	 * @return the name in single quotes
	 */
	static String quote(String name) {
		String shown = name.replace("\0", "\\0");
		if (shown.length() > MAX_NAME_LENGTH) {
			shown = ELLIPSIS + shown.substring(shown.length() - MAX_NAME_LENGTH);
		}
		return "'" + shown + "'";
	}

}
