package io.connectplatform.mongodb.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.util.Assert;

/**
 * One or more {@link EmbeddedMongoServer}s serving the same data: a single server with its
 * own backend, or several servers over one {@link SharedMemoryBackend}, presented as
 * {@code mongos} routers of a sharded cluster when asked.
 *
 * @author Connect MongoDB team
 */
public final class EmbeddedMongoCluster implements AutoCloseable {

	private final List<EmbeddedMongoServer> servers;

	private final boolean routers;

	private EmbeddedMongoCluster(List<EmbeddedMongoServer> servers, boolean routers) {
		this.servers = List.copyOf(servers);
		this.routers = routers;
	}

	/**
	 * Start the servers.
	 * @param host the host name or address to bind to
	 * @param port the port of the first server, the next ones on the following ports;
	 * {@code 0} for free ports
	 * @param servers how many servers, at least 1; more than one only as routers
	 * @param routers whether the servers present themselves as {@code mongos} routers
	 * @return the running servers
	 */
	public static EmbeddedMongoCluster start(String host, int port, int servers, boolean routers) {
		Assert.isTrue(servers >= 1, () -> "'servers' must be at least 1, but was " + servers);
		Assert.isTrue(servers == 1 || routers, "Several servers can only share their data as routers");
		if (servers == 1 && !routers) {
			return new EmbeddedMongoCluster(List.of(EmbeddedMongoServer.start(host, port)), false);
		}
		SharedMemoryBackend backend = routers ? SharedMemoryBackend.router() : SharedMemoryBackend.standalone();
		List<EmbeddedMongoServer> started = new ArrayList<>();
		try {
			for (int i = 0; i < servers; i++) {
				started.add(EmbeddedMongoServer.start(host, (port != 0) ? port + i : 0, backend));
			}
		}
		catch (RuntimeException ex) {
			started.forEach(EmbeddedMongoServer::close);
			throw ex;
		}
		return new EmbeddedMongoCluster(started, routers);
	}

	/**
	 * Return the servers.
	 * @return the running servers, the first one first
	 */
	public List<EmbeddedMongoServer> getServers() {
		return this.servers;
	}

	/**
	 * Return whether the servers present themselves as {@code mongos} routers.
	 * @return {@code true} for routers
	 */
	public boolean isRouters() {
		return this.routers;
	}

	/**
	 * Return a connection string listing every server, without a database.
	 * @return a connection string such as {@code mongodb://localhost:27017,localhost:27018}
	 */
	public String getConnectionString() {
		return this.servers.stream()
			.map((server) -> server.getAddress().getHostString() + ":" + server.getPort())
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
		return "EmbeddedMongoCluster(" + getConnectionString() + ", routers: " + this.routers + ")";
	}

}
