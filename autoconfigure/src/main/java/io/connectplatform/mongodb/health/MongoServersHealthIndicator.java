package io.connectplatform.mongodb.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.connectplatform.mongodb.balancing.ServerStatistics;
import io.connectplatform.mongodb.balancing.ServerStatisticsRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the circuit breakers of the MongoDB servers: UP while at least one known server's
 * breaker lets work through (with the open ones listed in the details), DOWN when every
 * known server's breaker is open. Sends nothing to the servers.
 *
 * @author Connect MongoDB team
 */
public class MongoServersHealthIndicator extends AbstractHealthIndicator {

	private final ServerStatisticsRegistry registry;

	/**
	 * Create a new indicator.
	 * @param registry the servers' statistics and breakers
	 */
	public MongoServersHealthIndicator(ServerStatisticsRegistry registry) {
		super("MongoDB server circuit breakers could not be checked");
		this.registry = registry;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<ServerStatistics> servers = this.registry.servers();
		Map<String, String> states = new LinkedHashMap<>();
		List<String> open = new ArrayList<>();
		for (ServerStatistics server : servers) {
			CircuitBreaker.State state = server.getState();
			states.put(server.getName(), state.name());
			if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
				open.add(server.getName());
			}
		}
		if (!servers.isEmpty() && open.size() == servers.size()) {
			builder.down();
		}
		else {
			builder.up();
		}
		builder.withDetail("strategy", this.registry.getSettings().getStrategy().tagValue())
			.withDetail("servers", states)
			.withDetail("open", open);
	}

}
