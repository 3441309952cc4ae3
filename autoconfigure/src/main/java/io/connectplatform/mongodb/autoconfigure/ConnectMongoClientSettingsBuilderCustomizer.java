package io.connectplatform.mongodb.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCompressor;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.ServerApi;
import com.mongodb.ServerApiVersion;
import com.mongodb.Tag;
import com.mongodb.TagSet;
import com.mongodb.TaggableReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.event.ClusterListener;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoProperties.Compressor;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoProperties.ConnectionPool;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoProperties.Timeouts;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.core.Ordered;

/**
 * Applies {@code connect.mongodb.*} to the client settings. Runs after Boot's standard
 * customizer has applied the connection string, so a property that is set wins over the
 * same option in the connection string, and one that is unset leaves it alone. Composite
 * settings (read preference, write concern) are merged part by part with the connection
 * string's.
 *
 * @author Connect MongoDB team
 */
final class ConnectMongoClientSettingsBuilderCustomizer implements MongoClientSettingsBuilderCustomizer, Ordered {

	/**
	 * The order: after Boot's standard customizer (order 0).
	 */
	static final int DEFAULT_ORDER = ConnectMongoAutoConfiguration.SETTINGS_CUSTOMIZER_ORDER;

	private final ConnectMongoProperties properties;

	private final ConnectionString connectionString;

	private final List<ClusterListener> clusterListeners;

	/**
	 * Create a new customizer.
	 * @param properties the properties to apply
	 * @param connectionString the connection string whose options unset properties keep
	 * @param clusterListeners cluster listeners to add
	 */
	ConnectMongoClientSettingsBuilderCustomizer(ConnectMongoProperties properties,
			ConnectionString connectionString, List<ClusterListener> clusterListeners) {
		this.properties = properties;
		this.connectionString = connectionString;
		this.clusterListeners = List.copyOf(clusterListeners);
	}

	@Override
	public void customize(MongoClientSettings.Builder builder) {
		PropertyMapper map = PropertyMapper.get();
		map.from(this.properties.getApplicationName()).to(builder::applicationName);
		map.from(this.properties.getRetryReads()).to(builder::retryReads);
		map.from(this.properties.getRetryWrites()).to(builder::retryWrites);
		map.from(this.properties.getCompressors())
			.when((compressors) -> !compressors.isEmpty())
			.as(ConnectMongoClientSettingsBuilderCustomizer::compressors)
			.to(builder::compressorList);
		map.from(this.properties.getReadConcern()).as(ReadConcern::new).to(builder::readConcern);
		map.from(readPreference()).to(builder::readPreference);
		map.from(writeConcern()).to(builder::writeConcern);
		map.from(serverApi()).to(builder::serverApi);
		map.from(this.properties.getTimeouts().getOperation())
			.to((timeout) -> builder.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS));
		applyPool(builder, this.properties.getPool());
		applyTimeouts(builder, this.properties.getTimeouts());
		builder.applyToClusterSettings((cluster) -> {
			map.from(this.properties.getTimeouts().getServerSelection())
				.to((timeout) -> cluster.serverSelectionTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS));
			map.from(this.properties.getLocalThreshold())
				.to((threshold) -> cluster.localThreshold(threshold.toMillis(), TimeUnit.MILLISECONDS));
			this.clusterListeners.forEach(cluster::addClusterListener);
		});
		builder.applyToServerSettings((server) -> map.from(this.properties.getHeartbeatFrequency())
			.to((frequency) -> server.heartbeatFrequency(frequency.toMillis(), TimeUnit.MILLISECONDS)));
	}

	private void applyPool(MongoClientSettings.Builder builder, ConnectionPool pool) {
		PropertyMapper map = PropertyMapper.get();
		builder.applyToConnectionPoolSettings((settings) -> {
			map.from(pool.getMaxSize()).to(settings::maxSize);
			map.from(pool.getMinSize()).to(settings::minSize);
			map.from(pool.getMaxConnecting()).to(settings::maxConnecting);
			map.from(pool.getMaxIdleTime()).as(Duration::toMillis)
				.to((millis) -> settings.maxConnectionIdleTime(millis, TimeUnit.MILLISECONDS));
			map.from(pool.getMaxLifeTime()).as(Duration::toMillis)
				.to((millis) -> settings.maxConnectionLifeTime(millis, TimeUnit.MILLISECONDS));
			map.from(pool.getMaxWaitTime()).as(Duration::toMillis)
				.to((millis) -> settings.maxWaitTime(millis, TimeUnit.MILLISECONDS));
		});
	}

	private void applyTimeouts(MongoClientSettings.Builder builder, Timeouts timeouts) {
		PropertyMapper map = PropertyMapper.get();
		builder.applyToSocketSettings((socket) -> {
			map.from(timeouts.getConnect()).as(Duration::toMillis)
				.to((millis) -> socket.connectTimeout(millis, TimeUnit.MILLISECONDS));
			map.from(timeouts.getRead()).as(Duration::toMillis)
				.to((millis) -> socket.readTimeout(millis, TimeUnit.MILLISECONDS));
		});
	}

	private @Nullable ReadPreference readPreference() {
		ConnectMongoProperties.DefaultReadPreference properties = this.properties.getReadPreference();
		if (properties.getMode() == null && properties.getTagSets().isEmpty() && properties.getMaxStaleness() == null) {
			return null;
		}
		ReadPreference fromUri = this.connectionString.getReadPreference();
		String mode = (properties.getMode() != null) ? properties.getMode().getDriverName()
				: (fromUri != null) ? fromUri.getName() : "primary";
		if ("primary".equals(mode)) {
			return ReadPreference.primary();
		}
		TaggableReadPreference taggableFromUri = (fromUri instanceof TaggableReadPreference taggable) ? taggable : null;
		List<TagSet> tagSets = !properties.getTagSets().isEmpty() ? tagSets(properties.getTagSets())
				: (taggableFromUri != null) ? taggableFromUri.getTagSetList() : List.of();
		Long maxStalenessMillis = (properties.getMaxStaleness() != null)
				? Long.valueOf(properties.getMaxStaleness().toMillis())
				: (taggableFromUri != null) ? taggableFromUri.getMaxStaleness(TimeUnit.MILLISECONDS) : null;
		return (maxStalenessMillis != null)
				? ReadPreference.valueOf(mode, tagSets, maxStalenessMillis, TimeUnit.MILLISECONDS)
				: ReadPreference.valueOf(mode, tagSets);
	}

	private static List<TagSet> tagSets(List<Map<String, String>> tagSets) {
		return tagSets.stream()
			.map((tags) -> new TagSet(tags.entrySet().stream().map((tag) -> new Tag(tag.getKey(), tag.getValue())).toList()))
			.toList();
	}

	private @Nullable WriteConcern writeConcern() {
		ConnectMongoProperties.DefaultWriteConcern properties = this.properties.getWriteConcern();
		if (properties.getW() == null && properties.getJournal() == null && properties.getWtimeout() == null) {
			return null;
		}
		WriteConcern fromUri = this.connectionString.getWriteConcern();
		WriteConcern writeConcern = (fromUri != null) ? fromUri : WriteConcern.ACKNOWLEDGED;
		String w = properties.getW();
		if (w != null) {
			WriteConcern base = "majority".equals(w) ? WriteConcern.MAJORITY : new WriteConcern(Integer.parseInt(w));
			writeConcern = copyJournalAndTimeout(writeConcern, base);
		}
		if (properties.getJournal() != null) {
			writeConcern = writeConcern.withJournal(properties.getJournal());
		}
		if (properties.getWtimeout() != null) {
			writeConcern = writeConcern.withWTimeout(properties.getWtimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		return writeConcern;
	}

	private static WriteConcern copyJournalAndTimeout(WriteConcern from, WriteConcern to) {
		WriteConcern result = to;
		if (from.getJournal() != null) {
			result = result.withJournal(from.getJournal());
		}
		Integer wtimeout = from.getWTimeout(TimeUnit.MILLISECONDS);
		if (wtimeout != null) {
			result = result.withWTimeout(wtimeout, TimeUnit.MILLISECONDS);
		}
		return result;
	}

	private @Nullable ServerApi serverApi() {
		ConnectMongoProperties.StableApi properties = this.properties.getServerApi();
		if (properties.getVersion() == null) {
			return null;
		}
		ServerApi.Builder serverApi = ServerApi.builder().version(ServerApiVersion.findByValue(properties.getVersion()));
		PropertyMapper map = PropertyMapper.get();
		map.from(properties.getStrict()).to(serverApi::strict);
		map.from(properties.getDeprecationErrors()).to(serverApi::deprecationErrors);
		return serverApi.build();
	}

	private static List<MongoCompressor> compressors(List<Compressor> compressors) {
		return compressors.stream().map((compressor) -> switch (compressor) {
			case SNAPPY -> MongoCompressor.createSnappyCompressor();
			case ZLIB -> MongoCompressor.createZlibCompressor();
			case ZSTD -> MongoCompressor.createZstdCompressor();
		}).toList();
	}

	@Override
	public int getOrder() {
		return DEFAULT_ORDER;
	}

}
