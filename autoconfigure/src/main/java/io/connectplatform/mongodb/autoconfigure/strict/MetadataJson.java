package io.connectplatform.mongodb.autoconfigure.strict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A small, strict JSON reader for configuration metadata files: objects become maps,
 * arrays lists, strings strings, numbers {@link Double}s, and {@code true}, {@code false}
 * and {@code null} themselves. Boot's {@code BasicJsonParser} splits on brackets and
 * commas without regard to strings, and descriptions here hold both ({@code [{dc: east}]});
 * Jackson is not always on the class path; and Boot's {@code spring-boot-configuration-metadata}
 * reader, tried, cost about 30 ms of every start (it builds short descriptions with a
 * {@code BreakIterator}) against a few for this one.
 *
 * @author Connect MongoDB team
 */
final class MetadataJson {

	private final String text;

	private int position;

	private MetadataJson(String text) {
		this.text = text;
	}

	/**
	 * Parse a JSON text.
	 * @param text the text
	 * @return the value
	 * @throws IllegalArgumentException if the text is not JSON
	 */
	static @Nullable Object parse(String text) {
		MetadataJson reader = new MetadataJson(text);
		Object value = reader.value();
		reader.skipWhitespace();
		if (reader.position != text.length()) {
			throw reader.error("end of input");
		}
		return value;
	}

	private @Nullable Object value() {
		skipWhitespace();
		char next = peek();
		switch (next) {
			case '{':
				return object();
			case '[':
				return array();
			case '"':
				return string();
			case 't':
				return literal("true", Boolean.TRUE);
			case 'f':
				return literal("false", Boolean.FALSE);
			case 'n':
				return literal("null", null);
			default:
				return number();
		}
	}

	private Map<String, @Nullable Object> object() {
		Map<String, @Nullable Object> result = new LinkedHashMap<>();
		expect('{');
		skipWhitespace();
		if (peek() == '}') {
			this.position++;
			return result;
		}
		do {
			skipWhitespace();
			String key = string();
			skipWhitespace();
			expect(':');
			result.put(key, value());
			skipWhitespace();
		}
		while (consume(','));
		expect('}');
		return result;
	}

	private List<@Nullable Object> array() {
		List<@Nullable Object> result = new ArrayList<>();
		expect('[');
		skipWhitespace();
		if (peek() == ']') {
			this.position++;
			return result;
		}
		do {
			result.add(value());
			skipWhitespace();
		}
		while (consume(','));
		expect(']');
		return result;
	}

	private String string() {
		expect('"');
		StringBuilder result = new StringBuilder();
		while (true) {
			char next = next();
			if (next == '"') {
				return result.toString();
			}
			if (next != '\\') {
				result.append(next);
				continue;
			}
			char escaped = next();
			switch (escaped) {
				case 'b' -> result.append('\b');
				case 'f' -> result.append('\f');
				case 'n' -> result.append('\n');
				case 'r' -> result.append('\r');
				case 't' -> result.append('\t');
				case 'u' -> {
					if (this.position + 4 > this.text.length()) {
						throw error("four hex digits");
					}
					result.append((char) Integer.parseInt(this.text.substring(this.position, this.position + 4), 16));
					this.position += 4;
				}
				default -> result.append(escaped);
			}
		}
	}

	private Double number() {
		int start = this.position;
		while (this.position < this.text.length() && "+-0123456789.eE".indexOf(this.text.charAt(this.position)) >= 0) {
			this.position++;
		}
		if (start == this.position) {
			throw error("a value");
		}
		return Double.valueOf(this.text.substring(start, this.position));
	}

	private @Nullable Object literal(String word, @Nullable Object value) {
		if (!this.text.startsWith(word, this.position)) {
			throw error(word);
		}
		this.position += word.length();
		return value;
	}

	private void skipWhitespace() {
		while (this.position < this.text.length() && Character.isWhitespace(this.text.charAt(this.position))) {
			this.position++;
		}
	}

	private char peek() {
		if (this.position >= this.text.length()) {
			throw error("more input");
		}
		return this.text.charAt(this.position);
	}

	private char next() {
		char next = peek();
		this.position++;
		return next;
	}

	private boolean consume(char expected) {
		if (this.position < this.text.length() && this.text.charAt(this.position) == expected) {
			this.position++;
			return true;
		}
		return false;
	}

	private void expect(char expected) {
		if (!consume(expected)) {
			throw error("'" + expected + "'");
		}
	}

	private IllegalArgumentException error(String expected) {
		return new IllegalArgumentException("Invalid JSON at offset " + this.position + ": expected " + expected);
	}

}
