package io.connectplatform.mongodb.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.ReadConcernLevel;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

/**
 * Driver settings that Spring Boot has no property for, and the switches of Connect
 * MongoDB. Every setting left unset keeps the value of the connection string
 * ({@code spring.mongodb.uri}), or the driver's default when the connection string has
 * none; a setting that is set wins over the same option in the connection string.
 *
 * @author Connect MongoDB team
 */
@ConfigurationProperties(ConnectMongoProperties.PREFIX)
public class ConnectMongoProperties {

	/**
	 * The prefix of these properties.
	 */
	public static final String PREFIX = "connect.mongodb";

	/**
	 * Logical name of the application, sent to the server in the handshake and shown in
	 * its logs, slow query log and profiler. At most 128 bytes in UTF-8.
	 */
	private @Nullable String applicationName;

	/**
	 * Whether reads are retried once after a network error or a failover.
	 */
	private @Nullable Boolean retryReads;

	/**
	 * Whether writes are retried once after a network error or a failover.
	 */
	private @Nullable Boolean retryWrites;

	/**
	 * Compressors to offer the server, in order of preference. 'snappy' needs
	 * org.xerial.snappy:snappy-java and 'zstd' needs com.github.luben:zstd-jni on the
	 * class path.
	 */
	private List<Compressor> compressors = new ArrayList<>();

	/**
	 * Read concern level of operations, unless an operation says otherwise.
	 */
	private @Nullable ReadConcernLevel readConcern;

	/**
	 * How often each server is checked by the driver's monitor. Must be positive.
	 */
	private @Nullable Duration heartbeatFrequency;

	/**
	 * Width of the latency window: among eligible servers, only those whose round-trip
	 * time is within this of the fastest one are selected. Zero or positive.
	 */
	private @Nullable Duration localThreshold;

	private final ConnectionPool pool = new ConnectionPool();

	private final Timeouts timeouts = new Timeouts();

	private final DefaultReadPreference readPreference = new DefaultReadPreference();

	private final DefaultWriteConcern writeConcern = new DefaultWriteConcern();

	private final StableApi serverApi = new StableApi();

	private final Embedded embedded = new Embedded();

	private final HealthCheck health = new HealthCheck();

	public @Nullable String getApplicationName() {
		return this.applicationName;
	}

	public void setApplicationName(@Nullable String applicationName) {
		this.applicationName = applicationName;
	}

	public @Nullable Boolean getRetryReads() {
		return this.retryReads;
	}

	public void setRetryReads(@Nullable Boolean retryReads) {
		this.retryReads = retryReads;
	}

	public @Nullable Boolean getRetryWrites() {
		return this.retryWrites;
	}

	public void setRetryWrites(@Nullable Boolean retryWrites) {
		this.retryWrites = retryWrites;
	}

	public List<Compressor> getCompressors() {
		return this.compressors;
	}

	public void setCompressors(List<Compressor> compressors) {
		this.compressors = compressors;
	}

	public @Nullable ReadConcernLevel getReadConcern() {
		return this.readConcern;
	}

	public void setReadConcern(@Nullable ReadConcernLevel readConcern) {
		this.readConcern = readConcern;
	}

	public @Nullable Duration getHeartbeatFrequency() {
		return this.heartbeatFrequency;
	}

	public void setHeartbeatFrequency(@Nullable Duration heartbeatFrequency) {
		this.heartbeatFrequency = heartbeatFrequency;
	}

	public @Nullable Duration getLocalThreshold() {
		return this.localThreshold;
	}

	public void setLocalThreshold(@Nullable Duration localThreshold) {
		this.localThreshold = localThreshold;
	}

	public ConnectionPool getPool() {
		return this.pool;
	}

	public Timeouts getTimeouts() {
		return this.timeouts;
	}

	public DefaultReadPreference getReadPreference() {
		return this.readPreference;
	}

	public DefaultWriteConcern getWriteConcern() {
		return this.writeConcern;
	}

	public StableApi getServerApi() {
		return this.serverApi;
	}

	public Embedded getEmbedded() {
		return this.embedded;
	}

	public HealthCheck getHealth() {
		return this.health;
	}

	/**
	 * A wire-protocol compressor.
	 */
	public enum Compressor {

		/**
		 * Snappy: fast, moderate ratio; needs org.xerial.snappy:snappy-java.
		 */
		SNAPPY,

		/**
		 * Zlib: slower, better ratio; built into the JDK.
		 */
		ZLIB,

		/**
		 * Zstandard: fast with a good ratio; needs com.github.luben:zstd-jni.
		 */
		ZSTD

	}

	/**
	 * A read preference mode.
	 */
	public enum ReadPreferenceMode {

		/**
		 * Read from the primary only.
		 */
		PRIMARY("primary"),

		/**
		 * Read from the primary, or a secondary when no primary is available.
		 */
		PRIMARY_PREFERRED("primaryPreferred"),

		/**
		 * Read from secondaries only.
		 */
		SECONDARY("secondary"),

		/**
		 * Read from a secondary, or the primary when no secondary is available.
		 */
		SECONDARY_PREFERRED("secondaryPreferred"),

		/**
		 * Read from any member within the latency window.
		 */
		NEAREST("nearest");

		private final String driverName;

		ReadPreferenceMode(String driverName) {
			this.driverName = driverName;
		}

		/**
		 * Return the name the driver and the connection string use for this mode.
		 * @return the driver's name, such as {@code secondaryPreferred}
		 */
		public String getDriverName() {
			return this.driverName;
		}

	}

	/**
	 * Connection pool settings, per server.
	 */
	public static class ConnectionPool {

		/**
		 * Minimum number of connections kept open to each server. At most 'max-size'.
		 */
		private @Nullable Integer minSize;

		/**
		 * Maximum number of connections to each server, in use or idle. 0 means no limit.
		 */
		private @Nullable Integer maxSize;

		/**
		 * How long a connection may stay idle in the pool before it is closed. 0 means no
		 * limit.
		 */
		private @Nullable Duration maxIdleTime;

		/**
		 * How long a connection may live before it is closed, in use or not. 0 means no
		 * limit.
		 */
		private @Nullable Duration maxLifeTime;

		/**
		 * Maximum number of connections a pool may be establishing at once. Must be
		 * positive.
		 */
		private @Nullable Integer maxConnecting;

		/**
		 * How long an operation waits for a connection when the pool is exhausted. Must
		 * be positive.
		 */
		private @Nullable Duration maxWaitTime;

		public @Nullable Integer getMinSize() {
			return this.minSize;
		}

		public void setMinSize(@Nullable Integer minSize) {
			this.minSize = minSize;
		}

		public @Nullable Integer getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(@Nullable Integer maxSize) {
			this.maxSize = maxSize;
		}

		public @Nullable Duration getMaxIdleTime() {
			return this.maxIdleTime;
		}

		public void setMaxIdleTime(@Nullable Duration maxIdleTime) {
			this.maxIdleTime = maxIdleTime;
		}

		public @Nullable Duration getMaxLifeTime() {
			return this.maxLifeTime;
		}

		public void setMaxLifeTime(@Nullable Duration maxLifeTime) {
			this.maxLifeTime = maxLifeTime;
		}

		public @Nullable Integer getMaxConnecting() {
			return this.maxConnecting;
		}

		public void setMaxConnecting(@Nullable Integer maxConnecting) {
			this.maxConnecting = maxConnecting;
		}

		public @Nullable Duration getMaxWaitTime() {
			return this.maxWaitTime;
		}

		public void setMaxWaitTime(@Nullable Duration maxWaitTime) {
			this.maxWaitTime = maxWaitTime;
		}

	}

	/**
	 * Timeouts.
	 */
	public static class Timeouts {

		/**
		 * How long opening a socket to a server may take. 0 means no limit.
		 */
		private @Nullable Duration connect;

		/**
		 * How long a socket read may block. 0 means no limit. Ignored by operations that
		 * run under 'operation'.
		 */
		private @Nullable Duration read;

		/**
		 * How long an operation waits for a suitable server before it fails. Must be
		 * positive.
		 */
		private @Nullable Duration serverSelection;

		/**
		 * Time limit of a whole operation (the driver's timeoutMS): server selection,
		 * connection checkout, retries and server execution together. 0 means no limit.
		 */
		private @Nullable Duration operation;

		public @Nullable Duration getConnect() {
			return this.connect;
		}

		public void setConnect(@Nullable Duration connect) {
			this.connect = connect;
		}

		public @Nullable Duration getRead() {
			return this.read;
		}

		public void setRead(@Nullable Duration read) {
			this.read = read;
		}

		public @Nullable Duration getServerSelection() {
			return this.serverSelection;
		}

		public void setServerSelection(@Nullable Duration serverSelection) {
			this.serverSelection = serverSelection;
		}

		public @Nullable Duration getOperation() {
			return this.operation;
		}

		public void setOperation(@Nullable Duration operation) {
			this.operation = operation;
		}

	}

	/**
	 * Default read preference.
	 */
	public static class DefaultReadPreference {

		/**
		 * Which members reads go to.
		 */
		private @Nullable ReadPreferenceMode mode;

		/**
		 * Replica-set member tag sets, tried in order, such as [{dc: east, use:
		 * reporting}, {dc: west}]. Not allowed with mode 'primary'.
		 */
		private List<Map<String, String>> tagSets = new ArrayList<>();

		/**
		 * How far a secondary may lag behind the primary to be read from. At least 90
		 * seconds; not allowed with mode 'primary'.
		 */
		private @Nullable Duration maxStaleness;

		public @Nullable ReadPreferenceMode getMode() {
			return this.mode;
		}

		public void setMode(@Nullable ReadPreferenceMode mode) {
			this.mode = mode;
		}

		public List<Map<String, String>> getTagSets() {
			return this.tagSets;
		}

		public void setTagSets(List<Map<String, String>> tagSets) {
			this.tagSets = tagSets;
		}

		public @Nullable Duration getMaxStaleness() {
			return this.maxStaleness;
		}

		public void setMaxStaleness(@Nullable Duration maxStaleness) {
			this.maxStaleness = maxStaleness;
		}

	}

	/**
	 * Default write concern.
	 */
	public static class DefaultWriteConcern {

		/**
		 * How many members must acknowledge a write: a number of at least 0 or
		 * 'majority'.
		 */
		private @Nullable String w;

		/**
		 * Whether a write is acknowledged only once it is in the on-disk journal.
		 */
		private @Nullable Boolean journal;

		/**
		 * How long the server waits for the acknowledgements 'w' asks for. 0 means no
		 * limit.
		 */
		private @Nullable Duration wtimeout;

		public @Nullable String getW() {
			return this.w;
		}

		public void setW(@Nullable String w) {
			this.w = w;
		}

		public @Nullable Boolean getJournal() {
			return this.journal;
		}

		public void setJournal(@Nullable Boolean journal) {
			this.journal = journal;
		}

		public @Nullable Duration getWtimeout() {
			return this.wtimeout;
		}

		public void setWtimeout(@Nullable Duration wtimeout) {
			this.wtimeout = wtimeout;
		}

	}

	/**
	 * Stable API (Server API) declared to the server.
	 */
	public static class StableApi {

		/**
		 * Server API version to declare, such as '1'. Unset declares none.
		 */
		private @Nullable String version;

		/**
		 * Whether the server rejects commands outside the declared API version.
		 */
		private @Nullable Boolean strict;

		/**
		 * Whether the server rejects commands deprecated in the declared API version.
		 */
		private @Nullable Boolean deprecationErrors;

		public @Nullable String getVersion() {
			return this.version;
		}

		public void setVersion(@Nullable String version) {
			this.version = version;
		}

		public @Nullable Boolean getStrict() {
			return this.strict;
		}

		public void setStrict(@Nullable Boolean strict) {
			this.strict = strict;
		}

		public @Nullable Boolean getDeprecationErrors() {
			return this.deprecationErrors;
		}

		public void setDeprecationErrors(@Nullable Boolean deprecationErrors) {
			this.deprecationErrors = deprecationErrors;
		}

	}

	/**
	 * The in-memory server for development and tests. Plain values only, so that these
	 * properties bind without the server ({@code connect-mongodb-embedded}) on the class
	 * path; the embedded auto-configuration maps them to the server's settings.
	 */
	public static class Embedded {

		/**
		 * Whether to start an in-memory MongoDB server (mongo-java-server) and connect to
		 * it instead of 'spring.mongodb.uri'. Data is lost when the application stops.
		 */
		private boolean enabled;

		/**
		 * Address the in-memory server binds to.
		 */
		private String host = "localhost";

		/**
		 * Port of the in-memory server (of the first one; the others use the following
		 * ports). 0 picks free ports.
		 */
		private int port;

		/**
		 * Number of in-memory servers, all serving the same data. More than one needs the
		 * 'sharded' topology.
		 */
		private int servers = 1;

		/**
		 * What the in-memory server presents itself as: a single-node replica set (with
		 * sessions, transactions and change streams), a standalone server (no
		 * transactions), or the mongos routers of a sharded cluster.
		 */
		private Topology topology = Topology.REPLICA_SET;

		private boolean topologySet;

		/**
		 * Whether the in-memory server accepts test commands such as configureFailPoint,
		 * as MongoDB does with enableTestCommands. For tests that make the server fail on
		 * purpose; never needed by an application.
		 */
		private boolean testCommands;

		/**
		 * How long a transaction may stay open before the in-memory server aborts it, as
		 * MongoDB's transactionLifetimeLimitSeconds. Must be positive.
		 */
		private Duration transactionLifetime = Duration.ofSeconds(60);

		/**
		 * Whether the in-memory servers present themselves as mongos routers.
		 */
		private boolean routers;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getHost() {
			return this.host;
		}

		public void setHost(String host) {
			this.host = host;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public int getServers() {
			return this.servers;
		}

		public void setServers(int servers) {
			this.servers = servers;
		}

		public Topology getTopology() {
			return this.routers ? Topology.SHARDED : this.topology;
		}

		public void setTopology(Topology topology) {
			this.topology = topology;
			this.topologySet = true;
		}

		/**
		 * Return the topology that was set explicitly and that the deprecated
		 * {@code routers=true} contradicts.
		 * @return the contradicted topology, or {@code null} if there is no contradiction
		 */
		public @Nullable Topology contradictedTopology() {
			return (this.routers && this.topologySet && this.topology != Topology.SHARDED) ? this.topology
					: null;
		}

		public boolean isTestCommands() {
			return this.testCommands;
		}

		public void setTestCommands(boolean testCommands) {
			this.testCommands = testCommands;
		}

		public Duration getTransactionLifetime() {
			return this.transactionLifetime;
		}

		public void setTransactionLifetime(Duration transactionLifetime) {
			this.transactionLifetime = transactionLifetime;
		}

		/**
		 * Whether the in-memory servers present themselves as mongos routers.
		 * @return whether the topology is sharded
		 * @deprecated since 0.1.0 in favour of 'connect.mongodb.embedded.topology=sharded'
		 */
		@Deprecated(since = "0.1.0")
		@DeprecatedConfigurationProperty(replacement = "connect.mongodb.embedded.topology",
				reason = "The embedded server has a topology: replica-set, standalone or sharded")
		public boolean isRouters() {
			return this.routers;
		}

		/**
		 * Set whether the in-memory servers present themselves as mongos routers.
		 * @param routers whether the topology is sharded
		 * @deprecated since 0.1.0 in favour of 'connect.mongodb.embedded.topology=sharded'
		 */
		@Deprecated(since = "0.1.0")
		public void setRouters(boolean routers) {
			this.routers = routers;
		}

		/**
		 * What the in-memory server presents itself as.
		 */
		public enum Topology {

			/**
			 * A single-node replica set: sessions, transactions and change streams.
			 */
			REPLICA_SET,

			/**
			 * A standalone server: no transactions.
			 */
			STANDALONE,

			/**
			 * The {@code mongos} routers of a sharded cluster, one per server.
			 */
			SHARDED

		}

	}

	/**
	 * The MongoDB health indicator.
	 */
	public static class HealthCheck {

		/**
		 * How long the health check's ping may take before the indicator reports DOWN.
		 * Must be positive.
		 */
		private Duration timeout = Duration.ofSeconds(2);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
