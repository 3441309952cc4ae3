package io.connectplatform.mongodb.balancing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterConnectionMode;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerConnectionState;
import com.mongodb.connection.ServerDescription;
import com.mongodb.event.ClusterDescriptionChangedEvent;
import com.mongodb.event.ClusterListener;
import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import com.mongodb.event.ConnectionCheckOutFailedEvent;
import com.mongodb.event.ConnectionPoolListener;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Keeps one {@link ServerStatistics} and one Resilience4j {@link CircuitBreaker} per
 * server, fed by the driver's command, connection-pool and cluster events. The breakers
 * come from the application's {@link CircuitBreakerRegistry}, named
 * {@code mongodb:<host:port>} with the configuration {@code mongodb-server}. Every breaker
 * transition is logged in one line and published as a {@link ServerCircuitEvent}.
 *
 * @author Connect MongoDB team
 */
public final class ServerStatisticsRegistry implements CommandListener, ConnectionPoolListener, ClusterListener {

	private static final Log logger = LogFactory.getLog(ServerStatisticsRegistry.class);

	private static final String GET_MORE = "getMore";

	private final CircuitBreakerRegistry circuitBreakers;

	private final BalancingSettings settings;

	private final BalancingObserver observer;

	private final ApplicationEventPublisher eventPublisher;

	private final Map<ServerAddress, ServerStatistics> servers = new ConcurrentHashMap<>();

	private final AtomicBoolean checkedConfiguredServers = new AtomicBoolean();

	private volatile ClusterDescription cluster = new ClusterDescription(ClusterConnectionMode.MULTIPLE,
			ClusterType.UNKNOWN, List.of());

	/**
	 * Create a registry.
	 * @param circuitBreakers where the breakers come from; it should hold a configuration
	 * named {@value BalancingSettings#CIRCUIT_BREAKER_CONFIG}, or else the registry's
	 * default configuration applies
	 * @param settings the balancing settings (for weights and zones)
	 * @param observer told when a server is added
	 * @param eventPublisher publishes the {@link ServerCircuitEvent}s
	 */
	public ServerStatisticsRegistry(CircuitBreakerRegistry circuitBreakers, BalancingSettings settings,
			BalancingObserver observer, ApplicationEventPublisher eventPublisher) {
		this.circuitBreakers = circuitBreakers;
		this.settings = settings;
		this.observer = observer;
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Return the settings servers are balanced with.
	 * @return the settings
	 */
	public BalancingSettings getSettings() {
		return this.settings;
	}

	/**
	 * Return the statistics of a server, starting them (and the server's breaker) when it
	 * is first seen.
	 * @param address the server's address
	 * @return the statistics
	 */
	public ServerStatistics statistics(ServerAddress address) {
		ServerStatistics statistics = this.servers.get(address);
		return (statistics != null) ? statistics : this.servers.computeIfAbsent(address, this::create);
	}

	/**
	 * Return the statistics of the servers the driver currently knows, by name.
	 * @return the statistics, sorted by {@code host:port}
	 */
	public List<ServerStatistics> servers() {
		List<ServerStatistics> current = new ArrayList<>();
		for (ServerDescription server : this.cluster.getServerDescriptions()) {
			current.add(statistics(server.getAddress()));
		}
		current.sort(Comparator.comparing(ServerStatistics::getName));
		return current;
	}

	/**
	 * Return the cluster as the driver last described it.
	 * @return the cluster description
	 */
	public ClusterDescription getClusterDescription() {
		return this.cluster;
	}

	private ServerStatistics create(ServerAddress address) {
		String name = ServerStatistics.name(address);
		String breakerName = BalancingSettings.CIRCUIT_BREAKER_PREFIX + name;
		CircuitBreaker breaker = this.circuitBreakers.getConfiguration(BalancingSettings.CIRCUIT_BREAKER_CONFIG)
			.map((config) -> this.circuitBreakers.circuitBreaker(breakerName, config))
			.orElseGet(() -> this.circuitBreakers.circuitBreaker(breakerName));
		ServerStatistics statistics = new ServerStatistics(address, breaker, this.settings.weightOf(name));
		breaker.getEventPublisher().onStateTransition((event) -> transitioned(statistics, event));
		this.observer.serverAdded(statistics);
		return statistics;
	}

	private void transitioned(ServerStatistics server, CircuitBreakerOnStateTransitionEvent event) {
		CircuitBreaker.State from = event.getStateTransition().getFromState();
		CircuitBreaker.State to = event.getStateTransition().getToState();
		server.transitioned(to, System.nanoTime());
		String reason = reason(server.getCircuitBreaker(), from, to);
		String line = "Circuit breaker of MongoDB server " + server.getName() + " " + from + " -> " + to + ": "
				+ reason;
		if (to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN) {
			logger.warn(line);
		}
		else {
			logger.info(line);
		}
		try {
			this.eventPublisher.publishEvent(ServerCircuitEvent.of(this, server.getName(), from, to, reason));
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of circuit breaker events of MongoDB server " + server.getName() + " failed", ex);
		}
	}

	private static String reason(CircuitBreaker breaker, CircuitBreaker.State from, CircuitBreaker.State to) {
		CircuitBreakerConfig config = breaker.getCircuitBreakerConfig();
		return switch (to) {
			case OPEN -> ((from == CircuitBreaker.State.HALF_OPEN) ? "trial operations failed: " : "") + rates(breaker);
			case HALF_OPEN -> "the wait in the open state is over; up to "
					+ config.getPermittedNumberOfCallsInHalfOpenState() + " trial operations will be routed to it";
			case CLOSED -> (from == CircuitBreaker.State.HALF_OPEN) ? "trial operations succeeded"
					: "the breaker was reset";
			case FORCED_OPEN -> "the breaker was forced open";
			case DISABLED -> "the breaker was disabled";
			case METRICS_ONLY -> "the breaker only records metrics";
		};
	}

	private static String rates(CircuitBreaker breaker) {
		CircuitBreaker.Metrics metrics = breaker.getMetrics();
		CircuitBreakerConfig config = breaker.getCircuitBreakerConfig();
		return String.format(Locale.ROOT,
				"failure rate %.1f%% (threshold %.1f%%), slow-call rate %.1f%% (threshold %.1f%%, slower than %dms) over %d calls",
				Math.max(0, metrics.getFailureRate()), config.getFailureRateThreshold(),
				Math.max(0, metrics.getSlowCallRate()), config.getSlowCallRateThreshold(),
				config.getSlowCallDurationThreshold().toMillis(), metrics.getNumberOfBufferedCalls());
	}

	@Override
	public void commandStarted(CommandStartedEvent event) {
		statistics(event.getConnectionDescription().getServerAddress()).commandStarted(System.nanoTime());
	}

	@Override
	public void commandSucceeded(CommandSucceededEvent event) {
		statistics(event.getConnectionDescription().getServerAddress())
			.commandSucceeded(event.getElapsedTime(TimeUnit.NANOSECONDS), isTimed(event.getCommandName()));
	}

	@Override
	public void commandFailed(CommandFailedEvent event) {
		statistics(event.getConnectionDescription().getServerAddress()).commandFailed(
				event.getElapsedTime(TimeUnit.NANOSECONDS), event.getThrowable(), isTimed(event.getCommandName()));
	}

	/**
	 * Return whether a command's duration says how fast the server is: not for
	 * {@code getMore}, which on a tailable cursor or change stream waits for data on purpose.
	 * @param commandName the command
	 * @return {@code true} if the duration counts
	 */
	private static boolean isTimed(String commandName) {
		return !GET_MORE.equals(commandName);
	}

	@Override
	public void connectionCheckOutFailed(ConnectionCheckOutFailedEvent event) {
		if (event.getReason() == ConnectionCheckOutFailedEvent.Reason.CONNECTION_ERROR) {
			ServerAddress address = event.getServerId().getAddress();
			statistics(address).connectionFailed(event.getElapsedTime(TimeUnit.NANOSECONDS),
					new MongoSocketOpenException("Could not open a connection to " + ServerStatistics.name(address),
							address));
		}
	}

	@Override
	public void clusterDescriptionChanged(ClusterDescriptionChangedEvent event) {
		ClusterDescription description = event.getNewDescription();
		this.cluster = description;
		boolean allKnown = !description.getServerDescriptions().isEmpty();
		for (ServerDescription server : description.getServerDescriptions()) {
			statistics(server.getAddress()).setDescription(server);
			allKnown &= server.getState() == ServerConnectionState.CONNECTED;
		}
		if (allKnown && this.checkedConfiguredServers.compareAndSet(false, true)) {
			warnAboutUnknownServers(description);
		}
	}

	private void warnAboutUnknownServers(ClusterDescription description) {
		Set<String> known = new HashSet<>();
		description.getServerDescriptions().forEach((server) -> known.add(ServerStatistics.name(server.getAddress())));
		Set<String> configured = new HashSet<>(this.settings.getWeights().keySet());
		configured.addAll(this.settings.getZones().keySet());
		configured.removeAll(known);
		if (!configured.isEmpty()) {
			logger.warn("Balancing weights or zones name servers the driver does not know: " + configured
					+ "; it knows " + known + " (names are host:port as in the connection string)");
		}
	}

}
