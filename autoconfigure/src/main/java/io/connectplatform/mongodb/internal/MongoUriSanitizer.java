package io.connectplatform.mongodb.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

	private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"|'([^']+)'");

	private static final String[] SCHEMES = { "mongodb+srv", "mongodb" };

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
	 * every secret of the connection string: as written, percent-decoded, and any quoted
	 * fragment of one (the driver quotes the part of a password it cannot decode).
	 * @param message the message, possibly quoting the connection string
	 * @param uri the connection string the message speaks of
	 * @return the message with the secrets masked
	 */
	public static @Nullable String sanitizeMessage(@Nullable String message, String uri) {
		if (message == null) {
			return null;
		}
		List<String> secrets = new ArrayList<>();
		for (int[] secret : secrets(uri)) {
			String raw = uri.substring(secret[0], secret[1]);
			secrets.add(raw);
			String decoded = decode(raw);
			if (decoded != null && !decoded.equals(raw)) {
				secrets.add(decoded);
			}
		}
		String result = message.replace(uri, sanitize(uri));
		for (String secret : secrets) {
			result = result.replace(secret, MASK);
		}
		return maskQuotedFragments(result, secrets);
	}

	/**
	 * Mask, in a message that may quote connection strings (such as a driver exception's
	 * message), the secrets of every {@code mongodb://} or {@code mongodb+srv://}
	 * connection string it contains. A connection string is taken to end at the next white
	 * space, quote or angle bracket. Cheap for a message that quotes none.
	 * @param message the message, possibly quoting connection strings
	 * @return the message with the secrets masked
	 */
	public static @Nullable String sanitizeMessage(@Nullable String message) {
		if (message == null) {
			return null;
		}
		int start = nextConnectionString(message, 0);
		if (start < 0) {
			return message;
		}
		StringBuilder result = new StringBuilder(message.length());
		int copied = 0;
		while (start >= 0) {
			int end = connectionStringEnd(message, start);
			result.append(message, copied, start).append(sanitize(message.substring(start, end)));
			copied = end;
			start = nextConnectionString(message, end);
		}
		return result.append(message, copied, message.length()).toString();
	}

	private static int nextConnectionString(String message, int from) {
		for (int i = message.indexOf("://", from); i >= 0; i = message.indexOf("://", i + 3)) {
			for (String scheme : SCHEMES) {
				int start = i - scheme.length();
				if (start >= from && message.regionMatches(true, start, scheme, 0, scheme.length())) {
					return start;
				}
			}
		}
		return -1;
	}

	private static int connectionStringEnd(String message, int start) {
		for (int i = start; i < message.length(); i++) {
			char c = message.charAt(i);
			if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '`' || c == '<' || c == '>') {
				return i;
			}
		}
		return message.length();
	}

	private static @Nullable String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String maskQuotedFragments(String message, List<String> secrets) {
		Matcher matcher = QUOTED.matcher(message);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String fragment = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
			boolean secret = secrets.stream().anyMatch((candidate) -> candidate.contains(fragment));
			String quote = matcher.group().substring(0, 1);
			matcher.appendReplacement(result, Matcher.quoteReplacement(secret ? quote + MASK + quote : matcher.group()));
		}
		return matcher.appendTail(result).toString();
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
		int at = userInfoEnd(uri, start);
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

	/**
	 * Find the {@code @} that ends the user information: the last one before the query
	 * (which starts at the first {@code ?} after the first {@code /}), so that a {@code @}
	 * in an option value never counts, while a malformed password containing {@code @},
	 * {@code :} or {@code /} is still masked whole. Option names never contain a
	 * {@code @}, so one before the first {@code =} of the query belongs to a password that
	 * contains a {@code ?}.
	 * @param uri the connection string
	 * @param start where the authority starts
	 * @return the index of the {@code @}, or {@code -1}
	 */
	private static int userInfoEnd(String uri, int start) {
		int slash = uri.indexOf('/', start);
		int query = (slash >= 0) ? uri.indexOf('?', slash) : -1;
		int limit = (query >= 0) ? query : uri.length();
		int at = uri.lastIndexOf('@', limit - 1);
		if (at >= start) {
			return at;
		}
		if (query >= 0) {
			int equals = uri.indexOf('=', query);
			at = uri.lastIndexOf('@', ((equals >= 0) ? equals : uri.length()) - 1);
			return (at > query) ? at : -1;
		}
		return -1;
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
