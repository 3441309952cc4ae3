package io.connectplatform.mongodb.embedded;

import java.net.InetSocketAddress;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import org.springframework.util.Assert;

/**
 * An in-memory MongoDB server (mongo-java-server with its memory backend and the oplog
 * enabled, so change streams work) listening on a TCP port. The data lives in memory and
 * is gone when the server is closed, unless other servers still share its
 * {@link SharedMemoryBackend backend}.
 *
 * @author Connect MongoDB team
 */
public final class EmbeddedMongoServer implements AutoCloseable {

	private final MongoServer server;

	private final InetSocketAddress address;

	private EmbeddedMongoServer(MongoServer server, InetSocketAddress address) {
		this.server = server;
		this.address = address;
	}

	/**
	 * Start a server with a fresh memory backend.
	 * @param host the host name or address to bind to
	 * @param port the port to bind to, {@code 0} for a free one
	 * @return the running server
	 */
	public static EmbeddedMongoServer start(String host, int port) {
		assertHostAndPort(host, port);
		MemoryBackend backend = new MemoryBackend();
		backend.enableOplog();
		return start(host, port, backend);
	}

	/**
	 * Start a server on a backend that other servers may share. The server retains the
	 * backend and releases it when it is closed, so the data stays available to the
	 * other servers until the last of them is closed.
	 * @param host the host name or address to bind to
	 * @param port the port to bind to, {@code 0} for a free one
	 * @param backend the shared backend to serve
	 * @return the running server
	 * @throws IllegalStateException if the backend has already been closed
	 */
	public static EmbeddedMongoServer start(String host, int port, SharedMemoryBackend backend) {
		assertHostAndPort(host, port);
		Assert.notNull(backend, "'backend' must not be null");
		return start(host, port, backend.lease());
	}

	private static void assertHostAndPort(String host, int port) {
		Assert.hasText(host, "'host' must not be empty");
		Assert.isTrue(port >= 0 && port <= 65535, () -> "'port' must be between 0 and 65535, but was " + port);
	}

	private static EmbeddedMongoServer start(String host, int port, MongoBackend backend) {
		MongoServer server = new MongoServer(backend);
		try {
			server.bind(host, port);
		}
		catch (Exception ex) {
			// Netty may rethrow a checked BindException that MongoServer does not clean up
			server.shutdownNow();
			throw ex;
		}
		return new EmbeddedMongoServer(server, server.getLocalAddress());
	}

	/**
	 * Return the address the server listens on.
	 * @return the bound address, with the actual port
	 */
	public InetSocketAddress getAddress() {
		return this.address;
	}

	/**
	 * Return the port the server listens on.
	 * @return the bound port
	 */
	public int getPort() {
		return this.address.getPort();
	}

	/**
	 * Return a connection string for this server, without a database.
	 * @return a connection string such as {@code mongodb://localhost:27017}
	 */
	public String getConnectionString() {
		return "mongodb://" + this.address.getHostString() + ":" + this.address.getPort();
	}

	/**
	 * Stop the server, closing every client connection and dropping the data (of a shared
	 * backend only when no other server uses it any more).
	 */
	@Override
	public void close() {
		this.server.shutdownNow();
	}

	@Override
	public String toString() {
		return "EmbeddedMongoServer(" + getConnectionString() + ")";
	}

}
