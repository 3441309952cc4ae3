package io.connectplatform.mongodb.test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

import io.connectplatform.mongodb.embedded.EmbeddedMongoCluster;
import io.connectplatform.mongodb.embedded.EmbeddedMongoServer;
import io.connectplatform.mongodb.embedded.EmbeddedMongoSettings;
import io.connectplatform.mongodb.embedded.EmbeddedTopology;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.util.Assert;

/**
 * A JUnit extension that runs one or more embedded MongoDB servers over one shared
 * in-memory backend: a single-node replica set by default (sessions, transactions, change
 * streams), or a standalone server, or {@code mongos} routers; optionally behind
 * {@link FaultInjectingProxy fault-injecting proxies}. Test commands (the
 * {@code failCommand} fail point) are always enabled.
 * <p>
 * Register it with {@code @RegisterExtension}: on a static field the servers run once for
 * the whole test class, on an instance field once for each test.
 * <pre class="code">
 * &#064;RegisterExtension
 * static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create().servers(3).routers().withProxies();
 * </pre>
 *
 * @author Connect MongoDB team
 */
public final class EmbeddedMongoExtension
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

	private static final String HOST = "localhost";

	private final int servers;

	private final EmbeddedMongoSettings settings;

	private final boolean proxies;

	private final Object monitor = new Object();

	private @Nullable Deployment deployment;

	private @Nullable String owner;

	private EmbeddedMongoExtension(int servers, EmbeddedMongoSettings settings, boolean proxies) {
		this.servers = servers;
		this.settings = settings;
		this.proxies = proxies;
	}

	/**
	 * Create an extension running a single-node replica set without a proxy, with test
	 * commands enabled.
	 * @return a new extension
	 */
	public static EmbeddedMongoExtension create() {
		return new EmbeddedMongoExtension(1, EmbeddedMongoSettings.defaults().withTestCommands(true), false);
	}

	/**
	 * Return an extension like this one that runs the given number of servers, all
	 * serving the same data. To connect to several servers at once, combine this with
	 * {@link #routers()}.
	 * @param servers the number of servers, at least 1
	 * @return a new extension
	 */
	public EmbeddedMongoExtension servers(int servers) {
		Assert.isTrue(servers >= 1, () -> "'servers' must be at least 1, but was " + servers);
		return new EmbeddedMongoExtension(servers, this.settings, this.proxies);
	}

	/**
	 * Return an extension like this one whose servers present themselves as
	 * {@code mongos} routers, so that the driver sees a sharded cluster.
	 * @return a new extension
	 */
	public EmbeddedMongoExtension routers() {
		return topology(EmbeddedTopology.SHARDED);
	}

	/**
	 * Return an extension like this one whose server presents itself as a standalone
	 * server, where MongoDB runs no transactions.
	 * @return a new extension
	 */
	public EmbeddedMongoExtension standalone() {
		return topology(EmbeddedTopology.STANDALONE);
	}

	/**
	 * Return an extension like this one with the given topology.
	 * @param topology what the servers present themselves as
	 * @return a new extension
	 */
	public EmbeddedMongoExtension topology(EmbeddedTopology topology) {
		return new EmbeddedMongoExtension(this.servers, this.settings.withTopology(topology), this.proxies);
	}

	/**
	 * Return an extension like this one whose server aborts a transaction that stays open
	 * longer than the given time.
	 * @param lifetime the transaction lifetime, positive
	 * @return a new extension
	 */
	public EmbeddedMongoExtension transactionLifetime(Duration lifetime) {
		return new EmbeddedMongoExtension(this.servers, this.settings.withTransactionLifetime(lifetime),
				this.proxies);
	}

	/**
	 * Return an extension like this one that puts a {@link FaultInjectingProxy} in front
	 * of each server. Connection strings then point at the proxies, and a replica set
	 * member names the proxy's address as its own.
	 * @return a new extension
	 */
	public EmbeddedMongoExtension withProxies() {
		return new EmbeddedMongoExtension(this.servers, this.settings, true);
	}

	/**
	 * Return the number of servers this extension runs.
	 * @return the number of servers
	 */
	public int serverCount() {
		return this.servers;
	}

	/**
	 * Return whether the servers present themselves as {@code mongos} routers.
	 * @return {@code true} if the servers are routers
	 */
	public boolean isRouters() {
		return this.settings.topology() == EmbeddedTopology.SHARDED;
	}

	/**
	 * Return the topology and behaviour of the servers.
	 * @return the settings
	 */
	public EmbeddedMongoSettings getSettings() {
		return this.settings;
	}

	/**
	 * Return whether each server has a {@link FaultInjectingProxy} in front of it.
	 * @return {@code true} if proxies are enabled
	 */
	public boolean hasProxies() {
		return this.proxies;
	}

	/**
	 * Return a connection string listing every server (through its proxy if proxies are
	 * enabled), for example {@code mongodb://localhost:50001,localhost:50002}.
	 * @return the connection string, without a database
	 * @throws IllegalStateException if the servers are not running
	 */
	public String getConnectionString() {
		Deployment deployment = getDeployment();
		return deployment.addresses.stream()
			.map(EmbeddedMongoExtension::hostAndPort)
			.collect(Collectors.joining(",", "mongodb://", ""));
	}

	/**
	 * Return a connection string listing every server, with a database.
	 * @param database the database
	 * @return the connection string
	 * @throws IllegalStateException if the servers are not running
	 */
	public String getConnectionString(String database) {
		Assert.hasText(database, "'database' must not be empty");
		return getConnectionString() + "/" + database;
	}

	/**
	 * Return a connection string for one server alone (through its proxy if proxies are
	 * enabled), with {@code directConnection=true}.
	 * @param index the index of the server, from {@code 0}
	 * @return the connection string, without a database
	 * @throws IllegalStateException if the servers are not running
	 */
	public String getConnectionString(int index) {
		assertIndex(index);
		Deployment deployment = getDeployment();
		return "mongodb://" + hostAndPort(deployment.addresses.get(index)) + "/?directConnection=true";
	}

	/**
	 * Return one of the running servers.
	 * @param index the index of the server, from {@code 0}
	 * @return the server
	 * @throws IllegalStateException if the servers are not running
	 */
	public EmbeddedMongoServer server(int index) {
		assertIndex(index);
		return getDeployment().servers.get(index);
	}

	/**
	 * Return the proxy in front of one of the running servers.
	 * @param index the index of the server, from {@code 0}
	 * @return the proxy
	 * @throws IllegalStateException if proxies are not enabled or the servers are not
	 * running
	 */
	public FaultInjectingProxy proxy(int index) {
		Assert.state(this.proxies, "Proxies are not enabled; create the extension with withProxies()");
		assertIndex(index);
		return getDeployment().proxies.get(index);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		start(context);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		start(context);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		stop(context);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		stop(context);
	}

	@Override
	public String toString() {
		return "EmbeddedMongoExtension(servers: " + this.servers + ", " + this.settings.topology() + ", proxies: "
				+ this.proxies + ")";
	}

	private void assertIndex(int index) {
		Assert.isTrue(index >= 0 && index < this.servers,
				() -> "'index' must be between 0 and " + (this.servers - 1) + ", but was " + index);
	}

	private Deployment getDeployment() {
		synchronized (this.monitor) {
			Deployment deployment = this.deployment;
			Assert.state(deployment != null,
					"Servers are not running; register the extension with @RegisterExtension and use it during a test");
			return deployment;
		}
	}

	private void start(ExtensionContext context) {
		synchronized (this.monitor) {
			if (this.deployment == null) {
				this.deployment = Deployment.start(this.servers, this.settings, this.proxies);
				this.owner = context.getUniqueId();
			}
		}
	}

	private void stop(ExtensionContext context) {
		Deployment deployment;
		synchronized (this.monitor) {
			deployment = this.deployment;
			if (deployment == null || !context.getUniqueId().equals(this.owner)) {
				return;
			}
			this.deployment = null;
			this.owner = null;
		}
		deployment.close();
	}

	private static String hostAndPort(InetSocketAddress address) {
		return HOST + ":" + address.getPort();
	}

	/**
	 * The running servers and proxies.
	 */
	private static final class Deployment implements AutoCloseable {

		private final List<EmbeddedMongoServer> servers = new ArrayList<>();

		private final List<FaultInjectingProxy> proxies = new ArrayList<>();

		private final List<InetSocketAddress> addresses = new ArrayList<>();

		private final Deque<AutoCloseable> resources = new ArrayDeque<>();

		static Deployment start(int servers, EmbeddedMongoSettings settings, boolean proxies) {
			Assert.isTrue(servers == 1 || settings.topology() == EmbeddedTopology.SHARDED,
					"Several servers can only share their data as routers; call routers()");
			EmbeddedMongoCluster cluster = EmbeddedMongoCluster.start(HOST, 0, servers, settings);
			Deployment deployment = new Deployment();
			cluster.getServers().forEach(deployment.resources::push);
			try {
				for (EmbeddedMongoServer server : cluster.getServers()) {
					deployment.add(server, proxies);
				}
			}
			catch (RuntimeException ex) {
				try {
					deployment.close();
				}
				catch (RuntimeException closeFailure) {
					ex.addSuppressed(closeFailure);
				}
				throw ex;
			}
			return deployment;
		}

		private void add(EmbeddedMongoServer server, boolean proxies) {
			this.servers.add(server);
			if (proxies) {
				FaultInjectingProxy proxy = FaultInjectingProxy.start(server.getAddress());
				this.resources.push(proxy);
				this.proxies.add(proxy);
				this.addresses.add(proxy.getAddress());
				server.advertise(hostAndPort(proxy.getAddress()));
			}
			else {
				this.addresses.add(server.getAddress());
			}
		}

		/**
		 * Close every proxy and server, the last started first, even if closing one of
		 * them fails.
		 */
		@Override
		public void close() {
			List<Exception> failures = new ArrayList<>();
			while (!this.resources.isEmpty()) {
				AutoCloseable resource = this.resources.pop();
				try {
					resource.close();
				}
				catch (Exception ex) {
					failures.add(ex);
				}
			}
			if (!failures.isEmpty()) {
				IllegalStateException failure = new IllegalStateException("Failed to stop embedded MongoDB",
						failures.get(0));
				failures.subList(1, failures.size()).forEach(failure::addSuppressed);
				throw failure;
			}
		}

	}

}
