package io.connectplatform.mongodb.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.mongodb.ConnectionString;
import org.jspecify.annotations.Nullable;

/**
 * Masks the secrets of a MongoDB connection string (the password, and the values of
 * options that carry credentials) so that it can be logged or shown. Works on strings the
 * driver cannot parse too, and errs on the side of masking too much.
 *
 * @author Connect MongoDB team
 */
public final class MongoUriSanitizer {

	/**
	 * What a masked secret is replaced with.
	 */
	public static final String MASK = "****";

	private static final Set<String> SECRET_OPTIONS = Set.of("authmechanismproperties", "tlscertificatekeyfilepassword",
			"sslpemkeypassword", "password", "secret", "token");

	private MongoUriSanitizer() {
	}

	/**
	 * Return the connection string with its secrets masked.
	 * @param connectionString the connection string
	 * @return the sanitized form, such as {@code mongodb://app:****@db1:27017/orders}
	 */
	public static String sanitize(ConnectionString connectionString) {
		return sanitize(connectionString.getConnectionString());
	}

	/**
	 * Return the connection string with its secrets masked.
	 * @param uri a connection string, possibly malformed
	 * @return the sanitized form
	 */
	public static String sanitize(String uri) {
		StringBuilder result = new StringBuilder(uri.length());
		int copied = 0;
		for (int[] secret : secrets(uri)) {
			result.append(uri, copied, secret[0]).append(MASK);
			copied = secret[1];
		}
		return result.append(uri, copied, uri.length()).toString();
	}

	/**
	 * Mask, in a message such as the driver's explanation of a bad connection string,
	 * every secret of the connection string.
	 * @param message the message, possibly quoting the connection string
	 * @param uri the connection string the message speaks of
	 * @return the message with the secrets masked
	 */
	public static @Nullable String sanitizeMessage(@Nullable String message, String uri) {
		if (message == null) {
			return null;
		}
		String result = message.replace(uri, sanitize(uri));
		for (int[] secret : secrets(uri)) {
			result = result.replace(uri.substring(secret[0], secret[1]), MASK);
		}
		return result;
	}

	/**
	 * Find the secrets of a connection string, in order.
	 * @param uri the connection string
	 * @return the start (inclusive) and end (exclusive) of each secret
	 */
	private static List<int[]> secrets(String uri) {
		List<int[]> secrets = new ArrayList<>();
		int schemeEnd = uri.indexOf("://");
		int start = (schemeEnd >= 0) ? schemeEnd + 3 : 0;
		int at = uri.lastIndexOf('@');
		if (at > start) {
			int colon = uri.indexOf(':', start);
			if (colon >= 0 && colon < at) {
				addSecret(secrets, colon + 1, at);
			}
		}
		int query = uri.indexOf('?', Math.max(at, start));
		int optionStart = query + 1;
		while (query >= 0 && optionStart < uri.length()) {
			int optionEnd = nextSeparator(uri, optionStart);
			int equals = uri.indexOf('=', optionStart);
			if (equals > optionStart && equals < optionEnd && SECRET_OPTIONS
				.contains(uri.substring(optionStart, equals).toLowerCase(Locale.ROOT))) {
				addSecret(secrets, equals + 1, optionEnd);
			}
			optionStart = optionEnd + 1;
		}
		return secrets;
	}

	private static int nextSeparator(String uri, int from) {
		for (int i = from; i < uri.length(); i++) {
			char c = uri.charAt(i);
			if (c == '&' || c == ';') {
				return i;
			}
		}
		return uri.length();
	}

	private static void addSecret(List<int[]> secrets, int start, int end) {
		if (end > start) {
			secrets.add(new int[] { start, end });
		}
	}

}
