package io.connectplatform.mongodb.autoconfigure.strict;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.origin.Origin;

/**
 * Thrown at startup when keys under {@code connect.mongodb.} that Connect MongoDB does not
 * know are set, such as a misspelt {@code connect.mongodb.pool.max-sise}. Carries each key,
 * where it was set and the nearest valid key, for the failure analysis. Never carries a
 * value.
 *
 * @author Connect MongoDB team
 */
@SuppressWarnings("serial")
public class UnknownMongoPropertyException extends RuntimeException {

	private final transient List<UnknownKey> keys;

	/**
	 * Create a new exception.
	 * @param keys the unknown keys, at least one
	 */
	public UnknownMongoPropertyException(List<UnknownKey> keys) {
		super(buildMessage(keys));
		this.keys = List.copyOf(keys);
	}

	private static String buildMessage(List<UnknownKey> keys) {
		return keys.stream()
			.map((key) -> "'" + key.name() + "'"
					+ ((key.nearest() != null) ? " (did you mean '" + key.nearest() + "'?)" : ""))
			.collect(Collectors.joining(", ",
					(keys.size() == 1) ? "Unknown property " : "Unknown properties ", ""));
	}

	/**
	 * Return the unknown keys, in the order they were found.
	 * @return the keys
	 */
	public List<UnknownKey> getKeys() {
		return this.keys;
	}

	/**
	 * A key that is not a Connect MongoDB property.
	 *
	 * @param name the key as the property source gives it, such as
	 * {@code connect.mongodb.pool.max-sise}
	 * @param origin where it was set (file and line, environment variable), when known
	 * @param nearest the valid key nearest to it, or {@code null} when none is known
	 */
	public record UnknownKey(String name, @Nullable Origin origin, @Nullable String nearest) {

	}

}
