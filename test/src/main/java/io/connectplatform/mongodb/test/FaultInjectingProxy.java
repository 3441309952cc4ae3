package io.connectplatform.mongodb.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A TCP proxy on the loopback interface in front of one target address that can delay,
 * stall, drop and refuse connections, to test how clients cope with a slow, hung or
 * vanished server.
 * <p>
 * Each connection is forwarded by two daemon threads, one per direction. Closing the
 * proxy closes every connection and stops all of its threads.
 *
 * @author Connect MongoDB team
 */
public final class FaultInjectingProxy implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(FaultInjectingProxy.class);

	private static final int BUFFER_SIZE = 16 * 1024;

	private static final int CONNECT_TIMEOUT_MILLIS = 2000;

	private static final long ACCEPT_RETRY_DELAY_MILLIS = 100;

	private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;

	private final InetSocketAddress target;

	private final InetSocketAddress address;

	private final ExecutorService executor;

	private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();

	private final AtomicLong acceptedConnections = new AtomicLong();

	private final Object monitor = new Object();

	private @Nullable ServerSocket serverSocket;

	private Duration latency = Duration.ZERO;

	private boolean stalled;

	private boolean closed;

	private FaultInjectingProxy(InetSocketAddress target, ServerSocket serverSocket) {
		this.target = target;
		this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverSocket.getLocalPort());
		this.executor = Executors.newCachedThreadPool(new DaemonThreadFactory("fault-injecting-proxy-"
				+ this.address.getPort() + "-"));
		this.serverSocket = serverSocket;
	}

	/**
	 * Start a proxy on a free port of the loopback interface.
	 * @param target the address to forward connections to
	 * @return the running proxy, accepting connections
	 */
	public static FaultInjectingProxy start(InetSocketAddress target) {
		Assert.notNull(target, "'target' must not be null");
		Assert.isTrue(!target.isUnresolved(), () -> "'target' must be a resolved address, but was " + target);
		ServerSocket serverSocket = listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		FaultInjectingProxy proxy = new FaultInjectingProxy(target, serverSocket);
		proxy.startAccepting(serverSocket);
		return proxy;
	}

	/**
	 * Return the address the proxy listens on.
	 * @return the loopback address with the proxy's port
	 */
	public InetSocketAddress getAddress() {
		return this.address;
	}

	/**
	 * Return the port the proxy listens on; it stays the same when the proxy stops and
	 * starts accepting connections.
	 * @return the port
	 */
	public int getPort() {
		return this.address.getPort();
	}

	/**
	 * Return the address connections are forwarded to.
	 * @return the target address
	 */
	public InetSocketAddress getTarget() {
		return this.target;
	}

	/**
	 * Delay the data forwarded in either direction by the given latency, so that a
	 * request and its response take at least twice as long. Data already waiting is
	 * forwarded according to the new latency.
	 * @param latency the delay, {@link Duration#ZERO} for none
	 */
	public void setLatency(Duration latency) {
		Assert.notNull(latency, "'latency' must not be null");
		Assert.isTrue(!latency.isNegative(), () -> "'latency' must not be negative, but was " + latency);
		synchronized (this.monitor) {
			this.latency = latency;
			this.monitor.notifyAll();
		}
	}

	/**
	 * Return the latency added to forwarded data.
	 * @return the latency, {@link Duration#ZERO} for none
	 */
	public Duration getLatency() {
		synchronized (this.monitor) {
			return this.latency;
		}
	}

	/**
	 * Stop forwarding data while keeping every connection open, as a hung server would.
	 * New connections are still accepted but stall as well.
	 * @see #resume()
	 */
	public void stall() {
		synchronized (this.monitor) {
			this.stalled = true;
		}
	}

	/**
	 * Forward data again after {@link #stall()}, including the data that was held back.
	 */
	public void resume() {
		synchronized (this.monitor) {
			this.stalled = false;
			this.monitor.notifyAll();
		}
	}

	/**
	 * Return whether forwarding is stalled.
	 * @return {@code true} between {@link #stall()} and {@link #resume()}
	 */
	public boolean isStalled() {
		synchronized (this.monitor) {
			return this.stalled;
		}
	}

	/**
	 * Close every open connection on both sides, as if the network had dropped them. New
	 * connections are still accepted (unless {@link #refuseConnections() refused}).
	 * @return the number of connections that were dropped
	 */
	public int dropConnections() {
		List<ProxiedConnection> open = new ArrayList<>(this.connections);
		open.forEach(ProxiedConnection::close);
		if (!open.isEmpty() && logger.isDebugEnabled()) {
			logger.debug("Dropped " + open.size() + " connection(s) of " + this);
		}
		return open.size();
	}

	/**
	 * Stop listening, so that new connection attempts are refused. Open connections keep
	 * working until they are {@link #dropConnections() dropped}.
	 * @see #acceptConnections()
	 */
	public void refuseConnections() {
		synchronized (this.monitor) {
			assertOpen();
			ServerSocket serverSocket = this.serverSocket;
			if (serverSocket != null) {
				closeQuietly(serverSocket);
				this.serverSocket = null;
			}
		}
	}

	/**
	 * Listen again, on the same port, after {@link #refuseConnections()}. Does nothing if
	 * the proxy is already listening.
	 * @throws UncheckedIOException if the port cannot be bound again
	 */
	public void acceptConnections() {
		synchronized (this.monitor) {
			assertOpen();
			if (this.serverSocket == null) {
				ServerSocket serverSocket = listen(this.address);
				this.serverSocket = serverSocket;
				startAccepting(serverSocket);
			}
		}
	}

	/**
	 * Return whether the proxy listens for new connections.
	 * @return {@code false} after {@link #refuseConnections()} or {@link #close()}
	 */
	public boolean isAcceptingConnections() {
		synchronized (this.monitor) {
			return this.serverSocket != null;
		}
	}

	/**
	 * Return how many connections the proxy has accepted since it started.
	 * @return the number of accepted connections
	 */
	public long acceptedConnections() {
		return this.acceptedConnections.get();
	}

	/**
	 * Return how many proxied connections are open.
	 * @return the number of open connections
	 */
	public int openConnections() {
		return this.connections.size();
	}

	/**
	 * Stop listening, close every connection and wait for the proxy's threads to end.
	 * Closing a closed proxy does nothing.
	 */
	@Override
	public void close() {
		synchronized (this.monitor) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			ServerSocket serverSocket = this.serverSocket;
			if (serverSocket != null) {
				closeQuietly(serverSocket);
				this.serverSocket = null;
			}
			this.monitor.notifyAll();
		}
		dropConnections();
		this.executor.shutdownNow();
		try {
			if (!this.executor.awaitTermination(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				logger.warn("Threads of " + this + " did not end within " + SHUTDOWN_TIMEOUT_SECONDS + " seconds");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return "FaultInjectingProxy(" + this.address.getHostString() + ":" + this.address.getPort() + " -> "
				+ this.target.getHostString() + ":" + this.target.getPort() + ")";
	}

	private void assertOpen() {
		Assert.state(!this.closed, "Proxy has been closed");
	}

	private void startAccepting(ServerSocket serverSocket) {
		try {
			this.executor.execute(() -> accept(serverSocket));
		}
		catch (RejectedExecutionException ex) {
			closeQuietly(serverSocket);
		}
	}

	private void accept(ServerSocket serverSocket) {
		while (!serverSocket.isClosed()) {
			Socket client;
			try {
				client = serverSocket.accept();
			}
			catch (IOException ex) {
				if (!serverSocket.isClosed()) {
					logger.warn("Failed to accept a connection on " + this + ": " + ex.getMessage());
					if (!pauseAfterFailedAccept()) {
						return;
					}
				}
				continue;
			}
			ProxiedConnection connection = new ProxiedConnection(client);
			synchronized (this.monitor) {
				if (this.closed) {
					closeQuietly(client);
					return;
				}
				this.acceptedConnections.incrementAndGet();
				this.connections.add(connection);
			}
			execute(connection, connection::open);
		}
	}

	private static boolean pauseAfterFailedAccept() {
		try {
			Thread.sleep(ACCEPT_RETRY_DELAY_MILLIS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void execute(ProxiedConnection connection, Runnable task) {
		try {
			this.executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			connection.close();
		}
	}

	/**
	 * Wait until data received at the given time may be forwarded.
	 * @param connection the connection the data belongs to
	 * @param receivedAt when the data was received, in {@link System#nanoTime()} terms
	 * @return {@code true} to forward the data, {@code false} if the connection was
	 * closed meanwhile
	 * @throws InterruptedException if the thread was interrupted while waiting
	 */
	private boolean awaitForwarding(ProxiedConnection connection, long receivedAt) throws InterruptedException {
		synchronized (this.monitor) {
			while (!this.closed && !connection.isClosed()) {
				if (this.stalled) {
					this.monitor.wait();
					continue;
				}
				long remaining = receivedAt + this.latency.toNanos() - System.nanoTime();
				if (remaining <= 0) {
					return true;
				}
				TimeUnit.NANOSECONDS.timedWait(this.monitor, remaining);
			}
			return false;
		}
	}

	private static ServerSocket listen(InetSocketAddress address) {
		ServerSocket serverSocket = null;
		try {
			serverSocket = new ServerSocket();
			serverSocket.setReuseAddress(true);
			serverSocket.bind(address);
			return serverSocket;
		}
		catch (IOException ex) {
			if (serverSocket != null) {
				closeQuietly(serverSocket);
			}
			throw new UncheckedIOException("Failed to listen on " + address, ex);
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			logger.debug("Failed to close " + closeable + ": " + ex.getMessage());
		}
	}

	/**
	 * A connection from a client, forwarded to the target.
	 */
	private final class ProxiedConnection {

		private final Socket client;

		private @Nullable Socket upstream;

		private volatile boolean closed;

		ProxiedConnection(Socket client) {
			this.client = client;
		}

		boolean isClosed() {
			return this.closed;
		}

		/**
		 * Connect to the target, then forward data both ways until either side closes.
		 */
		void open() {
			Socket upstream = new Socket();
			try {
				this.client.setTcpNoDelay(true);
				upstream.setTcpNoDelay(true);
				upstream.connect(FaultInjectingProxy.this.target, CONNECT_TIMEOUT_MILLIS);
			}
			catch (IOException ex) {
				logger.debug("Failed to connect to " + FaultInjectingProxy.this.target + ": " + ex.getMessage());
				closeQuietly(upstream);
				close();
				return;
			}
			synchronized (this) {
				if (this.closed) {
					closeQuietly(upstream);
					return;
				}
				this.upstream = upstream;
			}
			execute(this, () -> forward(upstream, this.client));
			forward(this.client, upstream);
		}

		private void forward(Socket from, Socket to) {
			byte[] buffer = new byte[BUFFER_SIZE];
			try {
				InputStream input = from.getInputStream();
				OutputStream output = to.getOutputStream();
				int read = input.read(buffer);
				while (read != -1 && awaitForwarding(this, System.nanoTime())) {
					output.write(buffer, 0, read);
					output.flush();
					read = input.read(buffer);
				}
			}
			catch (IOException ex) {
				if (!this.closed && logger.isDebugEnabled()) {
					logger.debug("Connection " + from.getRemoteSocketAddress() + " closed: " + ex.getMessage());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				close();
			}
		}

		/**
		 * Close both sides of this connection. Closing it again does nothing.
		 */
		void close() {
			Socket upstream;
			synchronized (this) {
				if (this.closed) {
					return;
				}
				this.closed = true;
				upstream = this.upstream;
			}
			closeQuietly(this.client);
			if (upstream != null) {
				closeQuietly(upstream);
			}
			FaultInjectingProxy.this.connections.remove(this);
			synchronized (FaultInjectingProxy.this.monitor) {
				FaultInjectingProxy.this.monitor.notifyAll();
			}
		}

	}

	/**
	 * Creates the daemon threads of one proxy.
	 */
	private static final class DaemonThreadFactory implements ThreadFactory {

		private final String prefix;

		private final AtomicInteger count = new AtomicInteger();

		DaemonThreadFactory(String prefix) {
			this.prefix = prefix;
		}

		@Override
		public Thread newThread(Runnable runnable) {
			Thread thread = new Thread(runnable, this.prefix + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
