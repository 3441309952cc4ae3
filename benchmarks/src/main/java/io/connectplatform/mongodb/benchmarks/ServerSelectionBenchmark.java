package io.connectplatform.mongodb.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.ReadPreference;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterConnectionMode;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerConnectionState;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerType;
import com.mongodb.internal.selector.AtMostTwoRandomServerSelector;
import com.mongodb.internal.selector.LatencyMinimizingServerSelector;
import com.mongodb.internal.selector.ReadPreferenceServerSelector;
import com.mongodb.selector.CompositeServerSelector;
import com.mongodb.selector.ServerSelector;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.connectplatform.mongodb.balancing.BalancingSettings;
import io.connectplatform.mongodb.balancing.BalancingStrategy;
import io.connectplatform.mongodb.balancing.CircuitBreakingServerSelector;
import io.connectplatform.mongodb.balancing.ServerStatisticsRegistry;
import io.connectplatform.mongodb.metrics.BalancingMetrics;

/**
 * One server selection over 3 or 10 routers, as the driver runs it for a read: its read
 * preference selector, then (with balancing) our selector with each strategy and its
 * Micrometer observer, then its latency window and random pick of two. {@code driver} is
 * the same chain without our selector. The driver's last step, the fewest operations of the
 * two, needs live server objects and is left out of both chains. No server is involved.
 *
 * @author Connect MongoDB team
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ServerSelectionBenchmark {

	@Param({ "driver", "round-robin", "least-in-flight", "weighted", "response-time", "zone" })
	public String contender;

	@Param({ "3", "10" })
	public int servers;

	private ServerSelector selector;

	private ClusterDescription cluster;

	@Setup(Level.Trial)
	public void start() {
		List<ServerDescription> routers = new ArrayList<>();
		for (int i = 0; i < this.servers; i++) {
			ServerAddress address = new ServerAddress("router-" + i + ".example.com", 27017);
			routers.add(ServerDescription.builder()
				.address(address)
				.state(ServerConnectionState.CONNECTED)
				.type(ServerType.SHARD_ROUTER)
				.ok(true)
				.roundTripTime(1_000_000L + i * 10_000L, TimeUnit.NANOSECONDS)
				.build());
		}
		this.cluster = new ClusterDescription(ClusterConnectionMode.MULTIPLE, ClusterType.SHARDED, routers);
		List<ServerSelector> chain = new ArrayList<>();
		chain.add(new ReadPreferenceServerSelector(ReadPreference.primary()));
		if (!this.contender.equals("driver")) {
			chain.add(balancing());
		}
		chain.add(new LatencyMinimizingServerSelector(15, TimeUnit.MILLISECONDS));
		chain.add(AtMostTwoRandomServerSelector.instance());
		this.selector = new CompositeServerSelector(chain);
		if (this.selector.select(this.cluster).size() != 1 && !this.contender.equals("driver")) {
			throw new IllegalStateException("The balancing selector did not choose one server");
		}
	}

	private CircuitBreakingServerSelector balancing() {
		BalancingStrategy strategy = BalancingStrategy.valueOf(this.contender.toUpperCase().replace('-', '_'));
		Map<String, Integer> weights = new HashMap<>();
		Map<String, String> zones = new HashMap<>();
		for (ServerDescription server : this.cluster.getServerDescriptions()) {
			int i = weights.size();
			weights.put(server.getAddress().toString(), 1 + i);
			zones.put(server.getAddress().toString(), (i % 2 == 0) ? "a" : "b");
		}
		BalancingSettings settings = BalancingSettings.builder()
			.strategy(strategy)
			.weights(weights)
			.zones(zones)
			.localZone("a")
			.build();
		BalancingMetrics metrics = new BalancingMetrics(new SimpleMeterRegistry());
		ServerStatisticsRegistry registry = new ServerStatisticsRegistry(
				CircuitBreakerRegistry.of(BalancingSettings.defaultCircuitBreakerConfig()), settings, metrics,
				(event) -> {
				});
		return new CircuitBreakingServerSelector(registry, metrics);
	}

	@Benchmark
	public List<ServerDescription> select() {
		return this.selector.select(this.cluster);
	}

}
