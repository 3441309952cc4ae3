package io.connectplatform.mongodb.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientException;
import com.mongodb.ServerApiVersion;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoProperties.Compressor;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoProperties.ConnectionPool;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoProperties.DefaultReadPreference;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoProperties.ReadPreferenceMode;
import io.connectplatform.mongodb.autoconfigure.support.MongoConnectionStrings;
import io.connectplatform.mongodb.internal.MongoUriSanitizer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.ClassUtils;

/**
 * Checks {@link ConnectMongoProperties}, alone and against the connection string, before
 * a client is built, and throws an {@link InvalidMongoPropertyException} that names the
 * first property that cannot work.
 *
 * @author Connect MongoDB team
 */
final class ConnectMongoPropertiesValidator {

	private static final String PREFIX = ConnectMongoProperties.PREFIX + ".";

	/**
	 * The driver's default maximum pool size, which applies when neither the properties
	 * nor the connection string set one.
	 */
	private static final int DEFAULT_MAX_POOL_SIZE = 100;

	private static final Duration MIN_MAX_STALENESS = Duration.ofSeconds(90);

	private static final List<ChronoUnit> DISPLAY_UNITS = List.of(ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES,
			ChronoUnit.SECONDS, ChronoUnit.MILLIS, ChronoUnit.MICROS);

	private static final Duration IDLE_WRITE_PERIOD = Duration.ofSeconds(10);

	private static final Duration DEFAULT_HEARTBEAT_FREQUENCY = Duration.ofSeconds(10);

	private static final int MAX_APPLICATION_NAME_BYTES = 128;

	private ConnectMongoPropertiesValidator() {
	}

	/**
	 * Validate the properties.
	 * @param properties the properties
	 * @param connectionString the connection string whose options unset properties keep
	 * @throws InvalidMongoPropertyException for the first value that cannot work
	 */
	static void validate(ConnectMongoProperties properties, ConnectionString connectionString) {
		validateApplicationName(properties.getApplicationName());
		validatePool(properties.getPool(), connectionString);
		nonNegative("timeouts.connect", properties.getTimeouts().getConnect());
		nonNegative("timeouts.read", properties.getTimeouts().getRead());
		positive("timeouts.server-selection", properties.getTimeouts().getServerSelection());
		nonNegative("timeouts.operation", properties.getTimeouts().getOperation());
		positive("heartbeat-frequency", properties.getHeartbeatFrequency());
		nonNegative("local-threshold", properties.getLocalThreshold());
		validateReadPreference(properties.getReadPreference(), connectionString,
				heartbeatFrequency(properties, connectionString));
		validateWriteConcern(properties.getWriteConcern(), connectionString);
		validateServerApi(properties.getServerApi());
		validateCompressors(properties.getCompressors());
		positive("health.timeout", properties.getHealth().getTimeout());
	}

	private static void validateApplicationName(@Nullable String name) {
		if (name != null && name.getBytes(StandardCharsets.UTF_8).length > MAX_APPLICATION_NAME_BYTES) {
			throw invalid("application-name", name, "it is longer than 128 bytes in UTF-8",
					"Shorten it to at most 128 bytes.");
		}
	}

	private static void validatePool(ConnectionPool pool, ConnectionString connectionString) {
		nonNegative("pool.min-size", pool.getMinSize());
		nonNegative("pool.max-size", pool.getMaxSize());
		nonNegative("pool.max-idle-time", pool.getMaxIdleTime());
		nonNegative("pool.max-life-time", pool.getMaxLifeTime());
		positive("pool.max-wait-time", pool.getMaxWaitTime());
		if (pool.getMaxConnecting() != null && pool.getMaxConnecting() <= 0) {
			throw invalid("pool.max-connecting", pool.getMaxConnecting(), "it must be at least 1",
					"Set it to a number of at least 1, such as 2 (the driver's default).");
		}
		int min = firstNonNull(pool.getMinSize(), connectionString.getMinConnectionPoolSize(), 0);
		int max = firstNonNull(pool.getMaxSize(), connectionString.getMaxConnectionPoolSize(), DEFAULT_MAX_POOL_SIZE);
		if (min > max) {
			String reason = "the minimum pool size (" + min + ") is above the maximum pool size (" + max + ")"
					+ ((max == 0) ? "; even with 0 (no limit) the driver requires the minimum to be at most the maximum"
							: "");
			String action = "Set '" + PREFIX + "pool.min-size' to at most '" + PREFIX
					+ "pool.max-size' (the maximum is 100 when neither it nor the connection string's maxPoolSize is set).";
			if (pool.getMinSize() != null) {
				throw invalid("pool.min-size", min, reason, action);
			}
			if (pool.getMaxSize() != null) {
				throw invalid("pool.max-size", max, reason, action);
			}
			throw new InvalidMongoPropertyException(MongoConnectionStrings.URI_PROPERTY,
					MongoUriSanitizer.sanitize(connectionString), reason + " in the connection string",
					"Lower minPoolSize in the connection string, or raise maxPoolSize there or with '" + PREFIX
							+ "pool.max-size'.");
		}
	}

	private static void validateReadPreference(DefaultReadPreference readPreference, ConnectionString connectionString,
			Duration heartbeatFrequency) {
		ReadPreferenceMode mode = readPreference.getMode();
		boolean primary = (mode != null) ? mode == ReadPreferenceMode.PRIMARY
				: connectionString.getReadPreference() == null
						|| "primary".equals(connectionString.getReadPreference().getName());
		String modeSource = (mode != null) ? "'" + PREFIX + "read-preference.mode' is 'primary'"
				: "the read preference is primary (the default, or the connection string's)";
		if (primary && !readPreference.getTagSets().isEmpty()) {
			throw invalid("read-preference.tag-sets", readPreference.getTagSets(),
					"tag sets cannot be used with a primary read preference, and " + modeSource,
					"Remove the tag sets, or set '" + PREFIX
							+ "read-preference.mode' to secondary, secondary-preferred, primary-preferred or nearest.");
		}
		Duration maxStaleness = readPreference.getMaxStaleness();
		if (maxStaleness != null) {
			if (primary) {
				throw invalid("read-preference.max-staleness", maxStaleness,
						"max staleness cannot be used with a primary read preference, and " + modeSource,
						"Remove it, or set '" + PREFIX
								+ "read-preference.mode' to secondary, secondary-preferred, primary-preferred or nearest.");
			}
			if (maxStaleness.compareTo(MIN_MAX_STALENESS) < 0) {
				throw invalid("read-preference.max-staleness", maxStaleness, "it must be at least 90 seconds",
						"Set it to 90s or more.");
			}
			Duration minimum = heartbeatFrequency.plus(IDLE_WRITE_PERIOD);
			if (maxStaleness.compareTo(minimum) < 0) {
				throw invalid("read-preference.max-staleness", maxStaleness,
						"it must be at least the heartbeat frequency plus 10 seconds (" + format(minimum) + ")",
						"Set it to " + format(minimum) + " or more, or lower '" + PREFIX + "heartbeat-frequency'.");
			}
		}
		for (Map<String, String> tagSet : readPreference.getTagSets()) {
			if (tagSet.keySet().stream().anyMatch(String::isBlank)) {
				throw invalid("read-preference.tag-sets", readPreference.getTagSets(), "a tag name is empty",
						"Give every tag a name, such as [{dc: east}].");
			}
		}
	}

	private static void validateWriteConcern(ConnectMongoProperties.DefaultWriteConcern writeConcern,
			ConnectionString connectionString) {
		String w = writeConcern.getW();
		if (w != null && !"majority".equals(w) && !isNonNegativeInteger(w)) {
			throw invalid("write-concern.w", w, "it is neither a number of at least 0 nor 'majority'",
					"Set it to 'majority', or to the number of members that must acknowledge a write, such as 1.");
		}
		nonNegative("write-concern.wtimeout", writeConcern.getWtimeout());
		com.mongodb.WriteConcern fromUri = connectionString.getWriteConcern();
		Object effectiveW = (w != null) ? w : (fromUri != null) ? fromUri.getWObject() : null;
		Boolean journal = (writeConcern.getJournal() != null) ? writeConcern.getJournal()
				: (fromUri != null) ? fromUri.getJournal() : null;
		if (Boolean.TRUE.equals(journal) && ("0".equals(effectiveW) || Integer.valueOf(0).equals(effectiveW))) {
			String reason = "an unacknowledged write concern (w=0) cannot wait for the journal (journal=true)";
			String action = "Set '" + PREFIX + "write-concern.w' to 1 or more or 'majority', or '" + PREFIX
					+ "write-concern.journal' to false.";
			if (w != null) {
				throw invalid("write-concern.w", w, reason, action);
			}
			throw invalid("write-concern.journal", true, reason, action);
		}
	}

	private static boolean isNonNegativeInteger(String value) {
		try {
			return Integer.parseInt(value) >= 0;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static void validateServerApi(ConnectMongoProperties.StableApi serverApi) {
		String version = serverApi.getVersion();
		if (version == null) {
			if (serverApi.getStrict() != null || serverApi.getDeprecationErrors() != null) {
				String property = (serverApi.getStrict() != null) ? "server-api.strict" : "server-api.deprecation-errors";
				throw invalid(property, (serverApi.getStrict() != null) ? serverApi.getStrict()
						: serverApi.getDeprecationErrors(), "it needs a declared Server API version",
						"Set '" + PREFIX + "server-api.version' too, such as '1'.");
			}
			return;
		}
		try {
			ServerApiVersion.findByValue(version);
		}
		catch (MongoClientException ex) {
			throw invalid("server-api.version", version, "it is not a Server API version this driver knows",
					"Set it to '1'.");
		}
	}

	private static void validateCompressors(List<Compressor> compressors) {
		requireClass(compressors, Compressor.SNAPPY, "org.xerial.snappy.Snappy", "org.xerial.snappy:snappy-java");
		requireClass(compressors, Compressor.ZSTD, "com.github.luben.zstd.Zstd", "com.github.luben:zstd-jni");
	}

	private static void requireClass(List<Compressor> compressors, Compressor compressor, String className,
			String dependency) {
		if (compressors.contains(compressor) && !ClassUtils.isPresent(className, null)) {
			throw invalid("compressors",
					compressors.stream().map((each) -> each.name().toLowerCase(Locale.ROOT)).toList(),
					compressor.name().toLowerCase(Locale.ROOT) + " compression needs " + dependency + ", which is not on the class path",
					"Add the dependency " + dependency + ", or remove " + compressor.name().toLowerCase(Locale.ROOT)
							+ " from the list (zlib needs no extra dependency).");
		}
	}

	private static void nonNegative(String property, @Nullable Integer value) {
		if (value != null && value < 0) {
			throw invalid(property, value, "it must not be negative", "Set it to 0 or more.");
		}
	}

	private static void nonNegative(String property, @Nullable Duration value) {
		if (value != null && (value.isNegative() || (!value.isZero() && value.toMillis() == 0))) {
			throw invalid(property, value, "a duration here must be 0 (no limit) or at least 1ms",
					"Set it to 0 or a positive duration of at least 1ms, such as 10s.");
		}
	}

	private static void positive(String property, @Nullable Duration value) {
		if (value != null && value.toMillis() < 1) {
			throw invalid(property, value, "a duration here must be at least 1ms",
					"Set it to a positive duration of at least 1ms, such as 10s.");
		}
	}

	private static Duration heartbeatFrequency(ConnectMongoProperties properties, ConnectionString connectionString) {
		if (properties.getHeartbeatFrequency() != null) {
			return properties.getHeartbeatFrequency();
		}
		Integer fromUri = connectionString.getHeartbeatFrequency();
		return (fromUri != null) ? Duration.ofMillis(fromUri) : DEFAULT_HEARTBEAT_FREQUENCY;
	}

	private static int firstNonNull(@Nullable Integer first, @Nullable Integer second, int fallback) {
		return (first != null) ? first : (second != null) ? second : fallback;
	}

	/**
	 * Format a duration in the largest unit that shows it exactly, as a user would write
	 * it: {@code -5s} rather than {@code PT-5S}.
	 * @param duration the duration
	 * @return the formatted duration
	 */
	static String format(Duration duration) {
		if (duration.isZero()) {
			return "0";
		}
		for (ChronoUnit unit : DISPLAY_UNITS) {
			Duration one = unit.getDuration();
			if (duration.toNanos() % one.toNanos() == 0) {
				return DurationStyle.SIMPLE.print(duration, unit);
			}
		}
		return DurationStyle.SIMPLE.print(duration, ChronoUnit.NANOS);
	}

	private static InvalidMongoPropertyException invalid(String property, Object value, String reason, String action) {
		Object shown = (value instanceof Duration duration) ? format(duration) : value;
		return new InvalidMongoPropertyException(PREFIX + property, shown, reason, action);
	}

}
