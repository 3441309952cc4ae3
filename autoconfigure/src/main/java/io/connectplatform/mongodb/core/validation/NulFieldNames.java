package io.connectplatform.mongodb.core.validation;

import java.util.Map;

import org.bson.BsonDocument;
import org.bson.BsonDocumentWriter;
import org.bson.BsonValue;
import org.bson.codecs.Codec;
import org.bson.codecs.EncoderContext;
import org.jspecify.annotations.Nullable;

/**
 * Finds the field name containing a NUL character that made encoding to BSON bytes fail.
 * Only used once encoding has failed: it encodes the entity again into a
 * {@link BsonDocument}, which accepts such names, and searches it.
 *
 * @author Connect MongoDB team
 */
final class NulFieldNames {

	private NulFieldNames() {
	}

	/**
	 * Encode the entity into a {@link BsonDocument} and look for a field name containing
	 * NUL.
	 * @param <T> the type of the entity
	 * @param collection the collection, for the message
	 * @param entity the entity
	 * @param codec its codec
	 * @param context the encoder context
	 * @return the rejection, naming the field and the document's {@code _id}, or
	 * {@code null} if no field name contains NUL
	 */
	static <T> @Nullable Rejection check(String collection, T entity, Codec<T> codec, EncoderContext context) {
		BsonDocument document = new BsonDocument();
		codec.encode(new BsonDocumentWriter(document), entity, context);
		String path = find(document);
		if (path == null) {
			return null;
		}
		return new Rejection(ValidationRule.FIELD_NAME,
				Messages.document(collection, document.get("_id")) + " has field " + Messages.quote(path)
						+ " whose name contains a NUL character, which BSON cannot store; rename the field");
	}

	private static @Nullable String find(BsonDocument document) {
		for (Map.Entry<String, BsonValue> entry : document.entrySet()) {
			String name = entry.getKey();
			if (name.indexOf('\0') >= 0) {
				return name;
			}
			String inner = find(entry.getValue());
			if (inner != null) {
				return name + "." + inner;
			}
		}
		return null;
	}

	private static @Nullable String find(BsonValue value) {
		if (value.isDocument()) {
			return find(value.asDocument());
		}
		if (value.isArray()) {
			int index = 0;
			for (BsonValue element : value.asArray()) {
				String inner = find(element);
				if (inner != null) {
					return index + "." + inner;
				}
				index++;
			}
		}
		return null;
	}

}
