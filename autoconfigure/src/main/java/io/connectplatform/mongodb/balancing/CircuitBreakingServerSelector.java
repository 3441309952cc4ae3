package io.connectplatform.mongodb.balancing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ServerDescription;
import com.mongodb.selector.ServerSelector;

/**
 * A {@link ServerSelector} for {@code ClusterSettings}: among the servers the driver found
 * eligible for an operation, it drops those whose circuit breaker is open and lets a
 * {@link BalancingStrategy strategy} choose one of the others.
 * <p>
 * Rules, in order:
 * <ol>
 * <li>With a single eligible server it changes nothing: that is a replica-set write or
 * primary read (the primary), a cursor's {@code getMore} (its server), or the last
 * reachable router; there is no choice to make and the driver's own errors tell best.</li>
 * <li>A half-open server that still has trial permits gets the operation, taking one
 * permit: real operations are its trial calls. An open server whose wait should be over
 * is asked for a permit (at most every 100ms), which moves it to half-open. Permits are
 * taken only for the server returned, and every command sent to it records an outcome.</li>
 * <li>Servers whose breaker is closed (or disabled, or metrics-only) are the candidates;
 * open and forced-open ones are dropped.</li>
 * <li>With no candidate left, {@link WhenAllOpen#FAIL_FAST} throws an
 * {@link AllServersCircuitOpenException}; {@link WhenAllOpen#IGNORE_BREAKERS} makes every
 * eligible server a candidate again. An empty list is never returned.</li>
 * <li>The strategy chooses one candidate, which is returned alone, so the driver's latency
 * window and random choice that follow have nothing left to change.</li>
 * </ol>
 * A selection allocates two small arrays and the returned list, and takes no lock except
 * the weighted strategy's short one.
 *
 * @author Connect MongoDB team
 */
public final class CircuitBreakingServerSelector implements ServerSelector {

	private final ServerStatisticsRegistry registry;

	private final BalancingSettings settings;

	private final SelectionStrategy strategy;

	private final BalancingObserver observer;

	/**
	 * Create a selector.
	 * @param registry the statistics and breakers of the servers
	 * @param observer told of every choice
	 */
	public CircuitBreakingServerSelector(ServerStatisticsRegistry registry, BalancingObserver observer) {
		this.registry = registry;
		this.settings = registry.getSettings();
		this.strategy = SelectionStrategy.of(this.settings);
		this.observer = observer;
	}

	@Override
	public List<ServerDescription> select(ClusterDescription clusterDescription) {
		List<ServerDescription> eligible = clusterDescription.getServerDescriptions();
		int size = eligible.size();
		if (size <= 1) {
			return eligible;
		}
		ServerDescription[] servers = new ServerDescription[size];
		ServerStatistics[] statistics = new ServerStatistics[size];
		int count = 0;
		long now = System.nanoTime();
		for (int i = 0; i < size; i++) {
			ServerDescription server = eligible.get(i);
			ServerStatistics candidate = this.registry.statistics(server.getAddress());
			switch (candidate.getState()) {
				case CLOSED, DISABLED, METRICS_ONLY -> {
					servers[count] = server;
					statistics[count++] = candidate;
				}
				case HALF_OPEN -> {
					if (candidate.tryStartTrial()) {
						return chosen(server, candidate);
					}
				}
				case OPEN -> {
					if (candidate.tryLeaveOpen(now)) {
						return chosen(server, candidate);
					}
				}
				case FORCED_OPEN -> {
					// never chosen while others are available
				}
			}
		}
		if (count == 0) {
			if (this.settings.getWhenAllOpen() == WhenAllOpen.FAIL_FAST) {
				throw new AllServersCircuitOpenException(names(eligible));
			}
			for (int i = 0; i < size; i++) {
				servers[i] = eligible.get(i);
				statistics[i] = this.registry.statistics(servers[i].getAddress());
			}
			count = size;
		}
		int index = (count == 1) ? 0 : this.strategy.choose(servers, statistics, count);
		return chosen(servers[index], statistics[index]);
	}

	private List<ServerDescription> chosen(ServerDescription server, ServerStatistics statistics) {
		this.observer.serverSelected(statistics, this.settings.getStrategy());
		return Collections.singletonList(server);
	}

	private static List<String> names(List<ServerDescription> servers) {
		List<String> names = new ArrayList<>(servers.size());
		servers.forEach((server) -> names.add(ServerStatistics.name(server.getAddress())));
		return names;
	}

	@Override
	public String toString() {
		return "CircuitBreakingServerSelector(" + this.settings.getStrategy().tagValue() + ")";
	}

}
