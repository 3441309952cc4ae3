package io.connectplatform.mongodb.balancing;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ServerType;
import org.junit.jupiter.api.Test;

import static io.connectplatform.mongodb.balancing.Servers.count;
import static io.connectplatform.mongodb.balancing.Servers.replicaSet;
import static io.connectplatform.mongodb.balancing.Servers.server;
import static io.connectplatform.mongodb.balancing.Servers.sharded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for the strategies of {@link CircuitBreakingServerSelector}, over cluster
 * descriptions built with the driver's public builders.
 *
 * @author Connect MongoDB team
 */
class SelectionStrategyTests {

	private static final ClusterDescription ROUTERS = sharded("a", "b", "c");

	@Test
	void roundRobinTakesEachServerInTurn() {
		Servers servers = new Servers(settings(BalancingStrategy.ROUND_ROBIN).build());
		assertThat(count(servers.selector(), ROUTERS, 300)).containsOnly(entry("a", 100), entry("b", 100),
				entry("c", 100));
	}

	@Test
	void leastInFlightPrefersTheServerWithFewestCommandsInFlight() {
		Servers servers = new Servers(settings(BalancingStrategy.LEAST_IN_FLIGHT).build());
		servers.statistics("a").commandStarted(System.nanoTime());
		servers.statistics("a").commandStarted(System.nanoTime());
		servers.statistics("b").commandStarted(System.nanoTime());
		assertThat(count(servers.selector(), ROUTERS, 50)).containsOnly(entry("c", 50));
	}

	@Test
	void leastInFlightTakesIdleServersInTurn() {
		Servers servers = new Servers(settings(BalancingStrategy.LEAST_IN_FLIGHT).build());
		assertThat(count(servers.selector(), ROUTERS, 300)).containsOnly(entry("a", 100), entry("b", 100),
				entry("c", 100));
	}

	@Test
	void weightedFollowsTheWeightsSmoothly() {
		Servers servers = new Servers(settings(BalancingStrategy.WEIGHTED)
			.weights(Map.of("a:27017", 3, "b:27017", 1, "c:27017", 0, "unknown:27017", 5))
			.build());
		CircuitBreakingServerSelector selector = servers.selector();
		assertThat(count(selector, ROUTERS, 400)).containsOnly(entry("a", 300), entry("b", 100));
		assertThat(count(selector, ROUTERS, 4)).as("smooth: b comes within every four").containsKey("b");
	}

	@Test
	void weightedUsesTheDefaultWeightForServersWithoutOne() {
		Servers servers = new Servers(
				settings(BalancingStrategy.WEIGHTED).weights(Map.of("a:27017", 2)).defaultWeight(1).build());
		assertThat(count(servers.selector(), ROUTERS, 400)).containsOnly(entry("a", 200), entry("b", 100),
				entry("c", 100));
	}

	@Test
	void weightZeroIsUsedOnlyWhenNothingElseIs() {
		Servers servers = new Servers(
				settings(BalancingStrategy.WEIGHTED).weights(Map.of("a:27017", 0, "b:27017", 0)).defaultWeight(0).build());
		assertThat(count(servers.selector(), sharded("a", "b"), 100)).containsOnly(entry("a", 50), entry("b", 50));
		Servers mixed = new Servers(settings(BalancingStrategy.WEIGHTED).weights(Map.of("a:27017", 0)).build());
		mixed.statistics("b").getCircuitBreaker().transitionToForcedOpenState();
		mixed.statistics("c").getCircuitBreaker().transitionToForcedOpenState();
		assertThat(count(mixed.selector(), ROUTERS, 20)).as("the others are open").containsOnly(entry("a", 20));
	}

	@Test
	void responseTimePrefersTheFastestAndGivesTheOthersTheirShare() {
		Servers servers = new Servers(settings(BalancingStrategy.RESPONSE_TIME).responseTimeShare(0.1).build());
		record(servers.statistics("a"), 20);
		record(servers.statistics("b"), 2);
		record(servers.statistics("c"), 40);
		Map<String, Integer> counts = count(servers.selector(), ROUTERS, 1000);
		assertThat(counts.get("b")).isEqualTo(900);
		assertThat(counts.get("a")).isEqualTo(50);
		assertThat(counts.get("c")).isEqualTo(50);
	}

	@Test
	void responseTimeMeasuresServersWithoutLatencyFirst() {
		Servers servers = new Servers(settings(BalancingStrategy.RESPONSE_TIME).responseTimeShare(0).build());
		record(servers.statistics("a"), 1);
		record(servers.statistics("b"), 1);
		assertThat(count(servers.selector(), ROUTERS, 10)).containsOnly(entry("c", 10));
	}

	@Test
	void responseTimeFollowsALatencyThatChanges() {
		Servers servers = new Servers(settings(BalancingStrategy.RESPONSE_TIME).responseTimeShare(0).build());
		record(servers.statistics("a"), 1);
		record(servers.statistics("b"), 5);
		record(servers.statistics("c"), 5);
		assertThat(count(servers.selector(), ROUTERS, 10)).containsOnly(entry("a", 10));
		for (int i = 0; i < 30; i++) {
			record(servers.statistics("a"), 100);
		}
		assertThat(count(servers.selector(), ROUTERS, 10)).doesNotContainKey("a");
	}

	@Test
	void zonePrefersConfiguredLocalServers() {
		Servers servers = new Servers(settings(BalancingStrategy.ZONE).localZone("eu-1a")
			.zones(Map.of("a:27017", "eu-1b", "b:27017", "eu-1a", "c:27017", "eu-1a"))
			.build());
		assertThat(count(servers.selector(), ROUTERS, 100)).containsOnly(entry("b", 50), entry("c", 50));
	}

	@Test
	void zoneFallsBackToOtherZonesWhenNoLocalServerIsAvailable() {
		Servers servers = new Servers(settings(BalancingStrategy.ZONE).localZone("eu-1a")
			.zones(Map.of("a:27017", "eu-1b", "b:27017", "eu-1a"))
			.build());
		servers.statistics("b").getCircuitBreaker().transitionToForcedOpenState();
		assertThat(count(servers.selector(), ROUTERS, 100)).as("c's zone is unknown").containsOnly(entry("a", 50),
				entry("c", 50));
	}

	@Test
	void zoneTakesZonesFromReplicaSetMemberTags() {
		Servers servers = new Servers(settings(BalancingStrategy.ZONE).localZone("eu-1a").build());
		ClusterDescription nearestRead = replicaSet(server("p", ServerType.REPLICA_SET_PRIMARY, "eu-1b"),
				server("s1", ServerType.REPLICA_SET_SECONDARY, "eu-1a"),
				server("s2", ServerType.REPLICA_SET_SECONDARY, "eu-1c"));
		assertThat(count(servers.selector(), nearestRead, 20)).containsOnly(entry("s1", 20));
	}

	@Test
	void configuredZonesWinOverTags() {
		Servers servers = new Servers(
				settings(BalancingStrategy.ZONE).localZone("eu-1a").zones(Map.of("p:27017", "eu-1a")).build());
		ClusterDescription nearestRead = replicaSet(server("p", ServerType.REPLICA_SET_PRIMARY, "eu-1b"),
				server("s1", ServerType.REPLICA_SET_SECONDARY, "eu-1c"));
		assertThat(count(servers.selector(), nearestRead, 20)).containsOnly(entry("p", 20));
	}

	@Test
	void zoneStrategyWithoutLocalZoneIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings(BalancingStrategy.ZONE).build())
			.withMessageContaining("local zone");
	}

	@Test
	void negativeWeightIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> settings(BalancingStrategy.WEIGHTED).weights(Map.of("a:27017", -1)))
			.withMessageContaining("a:27017");
	}

	private static void record(ServerStatistics statistics, long millis) {
		statistics.commandStarted(System.nanoTime());
		statistics.commandSucceeded(TimeUnit.MILLISECONDS.toNanos(millis), true);
	}

	private static BalancingSettings.Builder settings(BalancingStrategy strategy) {
		return BalancingSettings.builder().strategy(strategy);
	}

}
