package io.connectplatform.mongodb.balancing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.mongodb.ServerAddress;
import com.mongodb.Tag;
import com.mongodb.TagSet;
import com.mongodb.connection.ClusterConnectionMode;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerConnectionState;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.context.ApplicationEvent;

/**
 * Cluster and server descriptions built with the driver's public builders, and a registry
 * with small circuit-breaker windows, for the selector's unit tests.
 *
 * @author Connect MongoDB team
 */
final class Servers {

	final List<ApplicationEvent> events = new ArrayList<>();

	final CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();

	final ServerStatisticsRegistry registry;

	Servers(BalancingSettings settings) {
		this(settings, Duration.ofMillis(50));
	}

	Servers(BalancingSettings settings, Duration waitInOpenState) {
		this.circuitBreakers.addConfiguration(BalancingSettings.CIRCUIT_BREAKER_CONFIG,
				CircuitBreakerConfig.custom()
					.slidingWindowSize(4)
					.minimumNumberOfCalls(4)
					.permittedNumberOfCallsInHalfOpenState(2)
					.waitDurationInOpenState(waitInOpenState)
					.build());
		this.registry = new ServerStatisticsRegistry(this.circuitBreakers, settings, BalancingObserver.NONE,
				(event) -> this.events.add((ApplicationEvent) event));
	}

	CircuitBreakingServerSelector selector() {
		return new CircuitBreakingServerSelector(this.registry, BalancingObserver.NONE);
	}

	ServerStatistics statistics(String name) {
		return this.registry.statistics(address(name));
	}

	static ServerAddress address(String name) {
		return new ServerAddress(name, 27017);
	}

	static ServerDescription router(String name) {
		return server(name, ServerType.SHARD_ROUTER, null);
	}

	static ServerDescription server(String name, ServerType type, String zone) {
		ServerDescription.Builder builder = ServerDescription.builder()
			.address(address(name))
			.type(type)
			.state(ServerConnectionState.CONNECTED)
			.ok(true);
		if (zone != null) {
			builder.tagSet(new TagSet(new Tag("zone", zone)));
		}
		if (type == ServerType.REPLICA_SET_PRIMARY || type == ServerType.REPLICA_SET_SECONDARY) {
			builder.setName("rs0");
		}
		return builder.build();
	}

	static ClusterDescription sharded(String... routers) {
		return new ClusterDescription(ClusterConnectionMode.MULTIPLE, ClusterType.SHARDED,
				Arrays.stream(routers).map(Servers::router).toList());
	}

	static ClusterDescription replicaSet(ServerDescription... members) {
		return new ClusterDescription(ClusterConnectionMode.MULTIPLE, ClusterType.REPLICA_SET, List.of(members));
	}

	/**
	 * Select a number of times and count the choices by host.
	 */
	static Map<String, Integer> count(CircuitBreakingServerSelector selector, ClusterDescription cluster,
			int selections) {
		Map<String, Integer> counts = new TreeMap<>();
		for (int i = 0; i < selections; i++) {
			List<ServerDescription> chosen = selector.select(cluster);
			if (chosen.size() != 1) {
				throw new AssertionError("Expected one server but got " + chosen);
			}
			counts.merge(chosen.get(0).getAddress().getHost(), 1, Integer::sum);
		}
		return counts;
	}

}
