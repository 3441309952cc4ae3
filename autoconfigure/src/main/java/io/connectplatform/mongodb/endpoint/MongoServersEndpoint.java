package io.connectplatform.mongodb.endpoint;

import java.util.List;

import com.mongodb.connection.ServerDescription;
import io.connectplatform.mongodb.balancing.BalancingSettings;
import io.connectplatform.mongodb.balancing.ServerStatistics;
import io.connectplatform.mongodb.balancing.ServerStatisticsRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code mongodbservers} actuator endpoint: each MongoDB server the driver knows, with
 * its type, zone, weight, circuit-breaker state and the statistics balancing uses.
 *
 * @author Connect MongoDB team
 */
@Endpoint(id = "mongodbservers")
public class MongoServersEndpoint {

	private final ServerStatisticsRegistry registry;

	/**
	 * Create the endpoint.
	 * @param registry the servers' statistics and breakers
	 */
	public MongoServersEndpoint(ServerStatisticsRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Describe the servers.
	 * @return the balancing strategy and every known server
	 */
	@ReadOperation
	public MongoServersDescriptor servers() {
		BalancingSettings settings = this.registry.getSettings();
		List<ServerDescriptor> servers = this.registry.servers().stream().map((server) -> {
			ServerDescription description = server.getDescription();
			CircuitBreakerDescriptor breaker = new CircuitBreakerDescriptor(server.getCircuitBreaker().getName(),
					server.getState().name(), rate(server.getCircuitBreaker().getMetrics().getFailureRate()),
					rate(server.getCircuitBreaker().getMetrics().getSlowCallRate()));
			return new ServerDescriptor(server.getName(), (description != null) ? description.getType().name() : null,
					settings.zoneOf(server.getName(), description), server.getWeight(), breaker,
					round(server.getErrorRate()), round(server.getWeightedLatencyMillis()), server.getInFlight(),
					round(server.getRequestsPerSecond()));
		}).toList();
		return new MongoServersDescriptor(settings.getStrategy().tagValue(),
				this.registry.getClusterDescription().getType().name(), servers);
	}

	private static @Nullable Double round(double value) {
		return Double.isNaN(value) ? null : Math.round(value * 1000) / 1000.0;
	}

	private static @Nullable Double rate(float percentage) {
		return (percentage < 0) ? null : round(percentage / 100.0);
	}

	/**
	 * The servers and how they are balanced.
	 *
	 * @param strategy the balancing strategy
	 * @param clusterType the type of the cluster
	 * @param servers the servers, by name
	 */
	public record MongoServersDescriptor(String strategy, String clusterType, List<ServerDescriptor> servers) {
	}

	/**
	 * One server.
	 *
	 * @param address {@code host:port}
	 * @param type the server's type, or {@code null} before the driver described it
	 * @param zone the server's zone, if known
	 * @param weight the server's weight
	 * @param circuitBreaker the server's circuit breaker
	 * @param errorRate the weighted share of commands that failed because the server was
	 * unwell
	 * @param weightedLatencyMillis the weighted latency, or {@code null} before the first
	 * answer
	 * @param inFlight commands not answered yet
	 * @param requestsPerSecond commands started per second lately
	 */
	public record ServerDescriptor(String address, @Nullable String type, @Nullable String zone, int weight,
			CircuitBreakerDescriptor circuitBreaker, @Nullable Double errorRate, @Nullable Double weightedLatencyMillis,
			int inFlight, @Nullable Double requestsPerSecond) {
	}

	/**
	 * A server's circuit breaker.
	 *
	 * @param name the breaker's name in the Resilience4j registry
	 * @param state the breaker's state
	 * @param failureRate the failure rate of the breaker's window, or {@code null} before
	 * its minimum number of calls
	 * @param slowCallRate the slow-call rate of the breaker's window, or {@code null}
	 * before its minimum number of calls
	 */
	public record CircuitBreakerDescriptor(String name, String state, @Nullable Double failureRate,
			@Nullable Double slowCallRate) {
	}

}
