package io.connectplatform.mongodb.core.validation;

import org.bson.BsonBinaryReader;
import org.bson.BsonType;
import org.bson.ByteBuf;
import org.bson.io.ByteBufferBsonInput;
import org.jspecify.annotations.Nullable;

/**
 * Checks the nesting depth and field names of an encoded document by walking its bytes,
 * without decoding it: names are read, scalar values skipped.
 *
 * @author Connect MongoDB team
 */
final class DocumentStructure {

	private DocumentStructure() {
	}

	/**
	 * Check a document: it must not nest deeper than {@code maxNestingDepth} (the document
	 * itself is level 1) and no field name may be empty or start with {@code $}, except
	 * the {@code $ref}, {@code $id} and {@code $db} fields of a DBRef below the top level.
	 * @param bytes the encoded document, consumed and released
	 * @param maxNestingDepth the nesting limit, at least 1
	 * @return the first problem found, or {@code null} if there is none
	 */
	static @Nullable StructureViolation check(ByteBuf bytes, int maxNestingDepth) {
		try (BsonBinaryReader reader = new BsonBinaryReader(new ByteBufferBsonInput(bytes))) {
			readDocument(reader, 1, maxNestingDepth);
			return null;
		}
		catch (StructureViolation violation) {
			return violation;
		}
	}

	private static void readDocument(BsonBinaryReader reader, int depth, int maxNestingDepth) {
		reader.readStartDocument();
		while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
			String name = reader.readName();
			if (isInvalidName(name, depth)) {
				throw new StructureViolation(ValidationRule.FIELD_NAME, depth).at(name);
			}
			try {
				readValue(reader, depth, maxNestingDepth);
			}
			catch (StructureViolation violation) {
				throw violation.at(name);
			}
		}
		reader.readEndDocument();
	}

	private static void readArray(BsonBinaryReader reader, int depth, int maxNestingDepth) {
		reader.readStartArray();
		int index = 0;
		while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
			try {
				readValue(reader, depth, maxNestingDepth);
			}
			catch (StructureViolation violation) {
				throw violation.at(Integer.toString(index));
			}
			index++;
		}
		reader.readEndArray();
	}

	private static void readValue(BsonBinaryReader reader, int depth, int maxNestingDepth) {
		BsonType type = reader.getCurrentBsonType();
		if (type == BsonType.DOCUMENT || type == BsonType.ARRAY) {
			if (depth >= maxNestingDepth) {
				throw new StructureViolation(ValidationRule.NESTING_DEPTH, depth + 1);
			}
			if (type == BsonType.DOCUMENT) {
				readDocument(reader, depth + 1, maxNestingDepth);
			}
			else {
				readArray(reader, depth + 1, maxNestingDepth);
			}
		}
		else {
			reader.skipValue();
		}
	}

	private static boolean isInvalidName(String name, int depth) {
		if (name.isEmpty()) {
			return true;
		}
		if (name.charAt(0) != '$') {
			return false;
		}
		return depth == 1 || !(name.equals("$ref") || name.equals("$id") || name.equals("$db"));
	}

}
