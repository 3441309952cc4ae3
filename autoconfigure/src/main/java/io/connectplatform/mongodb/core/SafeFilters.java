package io.connectplatform.mongodb.core;

import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonNumber;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Filters that are safe to build from untrusted values. The driver's
 * {@code Filters.eq("name", value)} renders as {@code {name: value}}, so a value that came from
 * user JSON such as {@code {"$ne": null}} is read by the server as an operator and matches
 * every document. These filters compare such a value with an explicit operator
 * ({@code {name: {$eq: value}}}), so it is compared literally and matches only a document that
 * stores exactly that sub-document. A value that cannot be read as an operator or a pattern (a
 * string, number, boolean, date, {@code ObjectId}, {@code UUID}, enum or scalar {@code BsonValue})
 * keeps the plain form {@code {name: value}}, which means the same and which every server plans
 * as a simple equality (the embedded server finds an {@code _id} through its index only in this
 * form).
 *
 * @author Connect MongoDB team
 */
public final class SafeFilters {

	private SafeFilters() {
	}

	/**
	 * Match documents whose field equals the value, compared literally.
	 * @param field the field, which must not start with {@code $} in any segment
	 * @param value the value, possibly untrusted
	 * @return the filter
	 */
	public static Bson eq(String field, @Nullable Object value) {
		checkField(field);
		return new Document(field, literal(value));
	}

	/**
	 * Match the document whose {@code _id} equals the value, compared literally.
	 * @param id the id, possibly untrusted
	 * @return the filter
	 */
	public static Bson id(Object id) {
		Assert.notNull(id, "'id' must not be null");
		return new Document("_id", literal(id));
	}

	/**
	 * Return the value itself when the server cannot read it as anything but a value, else
	 * the value under {@code $eq}.
	 */
	private static @Nullable Object literal(@Nullable Object value) {
		return (value == null || isScalar(value)) ? value : new Document("$eq", value);
	}

	private static boolean isScalar(Object value) {
		return value instanceof String || value instanceof Number || value instanceof Boolean
				|| value instanceof Character || value instanceof ObjectId || value instanceof UUID
				|| value instanceof Date || value instanceof Temporal || value instanceof Enum<?>
				|| value instanceof BsonObjectId || value instanceof BsonString || value instanceof BsonNumber
				|| value instanceof BsonBoolean || value instanceof BsonDateTime;
	}

	/**
	 * Match documents whose field equals any of the values, each compared literally. As
	 * {@code $in} matches a regular expression value as a pattern, values that hold one (such
	 * as {@code {"$regex": ".*", "$options": ""}} read by {@code Document.parse}) are
	 * compared with {@code $eq} instead.
	 * @param field the field, which must not start with {@code $} in any segment
	 * @param values the values, possibly untrusted
	 * @return the filter
	 */
	public static Bson in(String field, Collection<?> values) {
		checkField(field);
		Assert.notNull(values, "'values' must not be null");
		if (values.stream().noneMatch(SafeFilters::isRegularExpression)) {
			return new Document(field, new Document("$in", new ArrayList<>(values)));
		}
		List<Document> alternatives = new ArrayList<>(values.size());
		for (Object value : values) {
			alternatives.add(new Document(field, new Document("$eq", value)));
		}
		return new Document("$or", alternatives);
	}

	private static boolean isRegularExpression(@Nullable Object value) {
		return value instanceof Pattern || value instanceof BsonRegularExpression;
	}

	static void checkField(String field) {
		Assert.hasLength(field, "'field' must not be empty");
		int start = 0;
		while (start <= field.length()) {
			int end = field.indexOf('.', start);
			if (end < 0) {
				end = field.length();
			}
			if (end == start || field.charAt(start) == '$') {
				throw new IllegalArgumentException("'field' must be a field path whose segments are not empty and do"
						+ " not start with '$', but was '" + field + "'");
			}
			start = end + 1;
		}
		Assert.isTrue(field.indexOf('\0') < 0, "'field' must not contain a NUL character");
	}

}
