package io.connectplatform.mongodb.core.validation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.bson.BsonSerializationException;
import org.bson.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * Checks the nesting depth and field names of an encoded document by walking its bytes,
 * without decoding it: field names are compared as bytes and values skipped by their
 * length, so a valid document costs no allocation (a name becomes a {@code String} only to
 * describe a violation). This runs on every entity a template writes.
 *
 * @author Connect MongoDB team
 */
final class DocumentStructure {

	private static final byte END = 0;

	private static final byte DOCUMENT = 0x03;

	private static final byte ARRAY = 0x04;

	private static final byte DOLLAR = '$';

	private DocumentStructure() {
	}

	/**
	 * Check a document: it must not nest deeper than {@code maxNestingDepth} (the document
	 * itself is level 1) and no field name may be empty or start with {@code $}, except
	 * the {@code $ref}, {@code $id} and {@code $db} fields of a DBRef below the top level.
	 * Array elements are named by their index and not checked.
	 * @param bytes the encoded document, released when checked
	 * @param maxNestingDepth the nesting limit, at least 1
	 * @return the first problem found, or {@code null} if there is none
	 * @throws BsonSerializationException if the bytes are not BSON
	 */
	static @Nullable StructureViolation check(ByteBuf bytes, int maxNestingDepth) {
		try {
			ByteBuffer buffer = bytes.asNIO().duplicate().order(ByteOrder.LITTLE_ENDIAN);
			walk(buffer, buffer.position(), 1, maxNestingDepth, false);
			return null;
		}
		catch (StructureViolation violation) {
			return violation;
		}
		catch (IndexOutOfBoundsException ex) {
			throw new BsonSerializationException("The document is not valid BSON: it ends too early");
		}
		finally {
			bytes.release();
		}
	}

	/**
	 * Walk the document or array that starts at {@code start}.
	 */
	private static void walk(ByteBuffer bytes, int start, int depth, int maxNestingDepth, boolean array) {
		int position = start + 4;
		byte type;
		while ((type = bytes.get(position++)) != END) {
			int nameStart = position;
			while (bytes.get(position) != END) {
				position++;
			}
			int nameEnd = position++;
			if (!array && isInvalidName(bytes, nameStart, nameEnd, depth)) {
				throw new StructureViolation(ValidationRule.FIELD_NAME, depth).at(name(bytes, nameStart, nameEnd));
			}
			try {
				position = skipValue(bytes, type, position, depth, maxNestingDepth);
			}
			catch (StructureViolation violation) {
				throw violation.at(name(bytes, nameStart, nameEnd));
			}
		}
	}

	/**
	 * Skip a value of the given type, checking sub-documents and arrays.
	 * @return the position after the value
	 */
	private static int skipValue(ByteBuffer bytes, byte type, int position, int depth, int maxNestingDepth) {
		return switch (type) {
			case DOCUMENT, ARRAY -> {
				if (depth >= maxNestingDepth) {
					throw new StructureViolation(ValidationRule.NESTING_DEPTH, depth + 1);
				}
				walk(bytes, position, depth + 1, maxNestingDepth, type == ARRAY);
				yield position + bytes.getInt(position);
			}
			// double, date-time, timestamp, int64
			case 0x01, 0x09, 0x11, 0x12 -> position + 8;
			// string, JavaScript, symbol: int32 length, then the bytes
			case 0x02, 0x0D, 0x0E -> position + 4 + bytes.getInt(position);
			// binary: int32 length, subtype, then the bytes
			case 0x05 -> position + 5 + bytes.getInt(position);
			// undefined, null, min key, max key
			case 0x06, 0x0A, (byte) 0xFF, 0x7F -> position;
			case 0x07 -> position + 12;
			case 0x08 -> position + 1;
			// regular expression: two C strings
			case 0x0B -> skipCString(bytes, skipCString(bytes, position));
			// DB pointer: string, then an object id
			case 0x0C -> position + 4 + bytes.getInt(position) + 12;
			// JavaScript with scope: an int32 length that counts itself
			case 0x0F -> position + bytes.getInt(position);
			case 0x10 -> position + 4;
			case 0x13 -> position + 16;
			default -> throw new BsonSerializationException("The document is not valid BSON: unknown type " + type);
		};
	}

	private static int skipCString(ByteBuffer bytes, int position) {
		int at = position;
		while (bytes.get(at) != END) {
			at++;
		}
		return at + 1;
	}

	private static boolean isInvalidName(ByteBuffer bytes, int start, int end, int depth) {
		if (start == end) {
			return true;
		}
		if (bytes.get(start) != DOLLAR) {
			return false;
		}
		return depth == 1 || !(is(bytes, start, end, "$ref") || is(bytes, start, end, "$id")
				|| is(bytes, start, end, "$db"));
	}

	private static boolean is(ByteBuffer bytes, int start, int end, String ascii) {
		if (end - start != ascii.length()) {
			return false;
		}
		for (int i = 0; i < ascii.length(); i++) {
			if (bytes.get(start + i) != ascii.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private static String name(ByteBuffer bytes, int start, int end) {
		byte[] name = new byte[end - start];
		bytes.get(start, name);
		return new String(name, StandardCharsets.UTF_8);
	}

}
