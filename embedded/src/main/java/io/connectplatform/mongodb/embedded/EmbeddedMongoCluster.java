package io.connectplatform.mongodb.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.util.Assert;

/**
 * One or more {@link EmbeddedMongoServer}s serving the same data: a single-node replica set
 * or standalone server, or several {@code mongos} routers of a sharded cluster over one
 * in-memory backend.
 *
 * @author Connect MongoDB team
 */
public final class EmbeddedMongoCluster implements AutoCloseable {

	private final List<EmbeddedMongoServer> servers;

	private final EmbeddedMongoSettings settings;

	private EmbeddedMongoCluster(List<EmbeddedMongoServer> servers, EmbeddedMongoSettings settings) {
		this.servers = List.copyOf(servers);
		this.settings = settings;
	}

	/**
	 * Start the servers.
	 * @param host the host name or address to bind to
	 * @param port the port of the first server, the next ones on the following ports;
	 * {@code 0} for free ports
	 * @param servers how many servers, at least 1; more than one only as routers
	 * ({@link EmbeddedTopology#SHARDED})
	 * @param settings the topology and behaviour of the servers
	 * @return the running servers
	 */
	public static EmbeddedMongoCluster start(String host, int port, int servers, EmbeddedMongoSettings settings) {
		Assert.isTrue(servers >= 1, () -> "'servers' must be at least 1, but was " + servers);
		Assert.notNull(settings, "'settings' must not be null");
		Assert.isTrue(servers == 1 || settings.topology() == EmbeddedTopology.SHARDED,
				"Several servers can only share their data as the routers of a sharded cluster");
		SharedMemoryBackend backend = SharedMemoryBackend.create(settings);
		List<EmbeddedMongoServer> started = new ArrayList<>();
		try {
			for (int i = 0; i < servers; i++) {
				started.add(EmbeddedMongoServer.start(host, (port != 0) ? port + i : 0, backend));
			}
		}
		catch (RuntimeException ex) {
			started.forEach(EmbeddedMongoServer::close);
			backend.close();
			throw ex;
		}
		return new EmbeddedMongoCluster(started, settings);
	}

	/**
	 * Return the servers.
	 * @return the running servers, the first one first
	 */
	public List<EmbeddedMongoServer> getServers() {
		return this.servers;
	}

	/**
	 * Return the topology and behaviour of the servers.
	 * @return the settings
	 */
	public EmbeddedMongoSettings getSettings() {
		return this.settings;
	}

	/**
	 * Return whether the servers present themselves as {@code mongos} routers.
	 * @return {@code true} for routers
	 */
	public boolean isRouters() {
		return this.settings.topology() == EmbeddedTopology.SHARDED;
	}

	/**
	 * Return a connection string listing every server, without a database.
	 * @return a connection string such as {@code mongodb://localhost:27017,localhost:27018}
	 */
	public String getConnectionString() {
		return this.servers.stream()
			.map(EmbeddedMongoServer::getHostAndPort)
			.collect(Collectors.joining(",", "mongodb://", ""));
	}

	/**
	 * Stop every server; the shared data is dropped with the last one.
	 */
	@Override
	public void close() {
		this.servers.forEach(EmbeddedMongoServer::close);
	}

	@Override
	public String toString() {
		return "EmbeddedMongoCluster(" + getConnectionString() + ", " + this.settings.topology() + ")";
	}

}
