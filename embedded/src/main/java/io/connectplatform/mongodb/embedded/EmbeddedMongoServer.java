package io.connectplatform.mongodb.embedded;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An in-memory MongoDB server listening on a TCP port: mongo-java-server's memory backend
 * and wire protocol, extended by our own backend into what its
 * {@link EmbeddedTopology} presents (a single-node replica set by default). The data lives
 * in memory and is gone when the server is closed, unless other servers still share its
 * backend.
 *
 * @author Connect MongoDB team
 */
public final class EmbeddedMongoServer implements AutoCloseable {

	private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;

	private final SharedMemoryBackend shared;

	private final MongoBackend backend;

	private final EventLoopGroup bosses;

	private final EventLoopGroup workers;

	private final ChannelGroup channels;

	private final InetSocketAddress address;

	private final String clientHost;

	private volatile @Nullable Channel listener;

	private EmbeddedMongoServer(SharedMemoryBackend shared, MongoBackend backend, EventLoopGroup bosses,
			EventLoopGroup workers, ChannelGroup channels, Channel listener, String host) {
		this.shared = shared;
		this.backend = backend;
		this.bosses = bosses;
		this.workers = workers;
		this.channels = channels;
		this.listener = listener;
		this.address = (InetSocketAddress) listener.localAddress();
		this.clientHost = clientHost(host);
	}

	/**
	 * Start a single-node replica set with a fresh backend.
	 * @param host the host name or address to bind to
	 * @param port the port to bind to, {@code 0} for a free one
	 * @return the running server
	 */
	public static EmbeddedMongoServer start(String host, int port) {
		return start(host, port, EmbeddedMongoSettings.defaults());
	}

	/**
	 * Start a server with a fresh backend.
	 * @param host the host name or address to bind to
	 * @param port the port to bind to, {@code 0} for a free one
	 * @param settings its topology and behaviour
	 * @return the running server
	 */
	public static EmbeddedMongoServer start(String host, int port, EmbeddedMongoSettings settings) {
		assertHostAndPort(host, port);
		// the server holds the only lease: closing it closes the backend
		return start(host, port, SharedMemoryBackend.create(settings));
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
	static EmbeddedMongoServer start(String host, int port, SharedMemoryBackend backend) {
		assertHostAndPort(host, port);
		Assert.notNull(backend, "'backend' must not be null");
		MongoBackend lease = backend.lease();
		EventLoopGroup bosses = new MultiThreadIoEventLoopGroup(1,
				new DefaultThreadFactory("embedded-mongo-boss", true), NioIoHandler.newFactory());
		EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0,
				new DefaultThreadFactory("embedded-mongo-worker", true), NioIoHandler.newFactory());
		ChannelGroup channels = new DefaultChannelGroup("embedded-mongo-connections", workers.next());
		try {
			Channel listener = new ServerBootstrap().group(bosses, workers)
				.channel(NioServerSocketChannel.class)
				.option(ChannelOption.SO_BACKLOG, 100)
				.childOption(ChannelOption.TCP_NODELAY, Boolean.TRUE)
				.childHandler(new ChannelInitializer<SocketChannel>() {

					@Override
					protected void initChannel(SocketChannel channel) {
						channel.pipeline()
							.addLast(new MongoWireReplyEncoder(), new MongoWireMessageEncoder(), new WireDecoder(),
									new CommandDispatcher(lease, backend, channels), new MongoExceptionHandler());
					}

				})
				.bind(new InetSocketAddress(host, port))
				.syncUninterruptibly()
				.channel();
			EmbeddedMongoServer server = new EmbeddedMongoServer(backend, lease, bosses, workers, channels, listener,
					host);
			server.advertise(server.getHostAndPort());
			return server;
		}
		catch (Exception ex) { // Netty throws a BindException it does not declare
			shutdown(bosses, workers);
			lease.close();
			throw ex;
		}
	}

	private static void assertHostAndPort(String host, int port) {
		Assert.hasText(host, "'host' must not be empty");
		Assert.isTrue(port >= 0 && port <= 65535, () -> "'port' must be between 0 and 65535, but was " + port);
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
	 * Return the backend this server serves.
	 * @return the backend, perhaps shared with other servers
	 */
	SharedMemoryBackend getBackend() {
		return this.shared;
	}

	/**
	 * Return the number of transactions open on the data this server serves (shared
	 * with the other servers of its cluster, if any).
	 * @return the number of open transactions
	 */
	public int getActiveTransactions() {
		return this.shared.getActiveTransactions();
	}

	/**
	 * Return the host and port clients connect to: the bound host (or {@code localhost} if
	 * the server listens on every address) and the bound port.
	 * @return an address such as {@code localhost:27017}
	 */
	public String getHostAndPort() {
		return this.clientHost + ":" + getPort();
	}

	/**
	 * Return a connection string for this server, without a database.
	 * @return a connection string such as {@code mongodb://localhost:27017}
	 */
	public String getConnectionString() {
		return "mongodb://" + getHostAndPort();
	}

	/**
	 * Say under which address clients reach this server, when they go through something
	 * in front of it such as a proxy: a replica set member names itself in its
	 * {@code hello} reply, and the driver then connects to that name.
	 * @param hostAndPort the address, such as {@code localhost:50001}
	 */
	public void advertise(String hostAndPort) {
		Assert.hasText(hostAndPort, "'hostAndPort' must not be empty");
		this.shared.identity().advertise(getPort(), hostAndPort);
	}

	/**
	 * Stop accepting connections; open connections keep working.
	 */
	public void stopListening() {
		Channel listener = this.listener;
		this.listener = null;
		if (listener != null) {
			listener.close().syncUninterruptibly();
		}
	}

	/**
	 * Stop the server, closing every client connection and dropping the data (of a shared
	 * backend only when no other server uses it any more).
	 */
	@Override
	public void close() {
		stopListening();
		this.channels.close().syncUninterruptibly();
		shutdown(this.bosses, this.workers);
		this.backend.close();
	}

	private static void shutdown(EventLoopGroup bosses, EventLoopGroup workers) {
		bosses.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		workers.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		bosses.terminationFuture().syncUninterruptibly();
		workers.terminationFuture().syncUninterruptibly();
	}

	private static String clientHost(String host) {
		try {
			return InetAddress.getByName(host).isAnyLocalAddress() ? "localhost" : host;
		}
		catch (UnknownHostException ex) {
			return host;
		}
	}

	@Override
	public String toString() {
		return "EmbeddedMongoServer(" + getConnectionString() + ", " + this.shared.getSettings().topology() + ")";
	}

}
