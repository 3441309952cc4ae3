package io.connectplatform.mongodb.balancing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerType;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import static io.connectplatform.mongodb.balancing.Servers.count;
import static io.connectplatform.mongodb.balancing.Servers.replicaSet;
import static io.connectplatform.mongodb.balancing.Servers.server;
import static io.connectplatform.mongodb.balancing.Servers.sharded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the breaker filter of {@link CircuitBreakingServerSelector} and the outcomes
 * {@link ServerStatistics} records, over cluster descriptions built with the driver's
 * public builders.
 *
 * @author Connect MongoDB team
 */
class CircuitBreakingServerSelectorTests {

	private static final ClusterDescription ROUTERS = sharded("a", "b", "c");

	private static final Duration LONG_WAIT = Duration.ofMinutes(5);

	@Test
	void serverWithOpenBreakerGetsNoWork() {
		Servers servers = new Servers(roundRobin(WhenAllOpen.FAIL_FAST), LONG_WAIT);
		servers.statistics("b").getCircuitBreaker().transitionToOpenState();
		assertThat(count(servers.selector(), ROUTERS, 100)).containsOnly(entry("a", 50), entry("c", 50));
	}

	@Test
	void allOpenFailsFastWithTheServersNamed() {
		Servers servers = new Servers(roundRobin(WhenAllOpen.FAIL_FAST), LONG_WAIT);
		openAll(servers, "a", "b", "c");
		assertThatExceptionOfType(AllServersCircuitOpenException.class)
			.isThrownBy(() -> servers.selector().select(ROUTERS))
			.withMessageContaining("a:27017, b:27017, c:27017")
			.satisfies((ex) -> assertThat(ex.getServers()).containsExactly("a:27017", "b:27017", "c:27017"));
	}

	@Test
	void allOpenIgnoringBreakersStillSpreadsOverEveryServer() {
		Servers servers = new Servers(roundRobin(WhenAllOpen.IGNORE_BREAKERS), LONG_WAIT);
		openAll(servers, "a", "b", "c");
		assertThat(count(servers.selector(), ROUTERS, 30)).containsOnly(entry("a", 10), entry("b", 10),
				entry("c", 10));
	}

	@Test
	void singleEligibleServerIsKeptEvenWhenItsBreakerIsOpen() {
		Servers servers = new Servers(roundRobin(WhenAllOpen.FAIL_FAST), LONG_WAIT);
		openAll(servers, "a");
		ClusterDescription oneRouter = sharded("a");
		assertThat(servers.selector().select(oneRouter)).isEqualTo(oneRouter.getServerDescriptions());
	}

	@Test
	void replicaSetWriteKeepsThePrimary() {
		Servers servers = new Servers(roundRobin(WhenAllOpen.FAIL_FAST), LONG_WAIT);
		openAll(servers, "p");
		// what WritableServerSelector leaves for a write: the primary alone
		ClusterDescription write = replicaSet(server("p", ServerType.REPLICA_SET_PRIMARY, null));
		assertThat(servers.selector().select(write)).extracting(ServerDescription::getAddress)
			.containsExactly(Servers.address("p"));
	}

	@Test
	void replicaSetReadThatAllowsSecondariesSkipsAnOpenMember() {
		Servers servers = new Servers(roundRobin(WhenAllOpen.FAIL_FAST), LONG_WAIT);
		openAll(servers, "s1");
		ClusterDescription nearest = replicaSet(server("p", ServerType.REPLICA_SET_PRIMARY, null),
				server("s1", ServerType.REPLICA_SET_SECONDARY, null), server("s2", ServerType.REPLICA_SET_SECONDARY, null));
		assertThat(count(servers.selector(), nearest, 20)).containsOnly(entry("p", 10), entry("s2", 10));
	}

	@Test
	void shardedWriteMayGoToAnyRouterWithAClosedBreaker() {
		Servers servers = new Servers(roundRobin(WhenAllOpen.FAIL_FAST), LONG_WAIT);
		openAll(servers, "a", "c");
		// a write in a sharded cluster: every router is eligible
		assertThat(count(servers.selector(), ROUTERS, 10)).containsOnly(entry("b", 10));
	}

	@Test
	void forcedOpenServerGetsNoWorkAndNoTrials() {
		Servers servers = new Servers(roundRobin(WhenAllOpen.FAIL_FAST));
		servers.statistics("a").getCircuitBreaker().transitionToForcedOpenState();
		assertThat(count(servers.selector(), ROUTERS, 40)).containsOnly(entry("b", 20), entry("c", 20));
	}

	@Test
	void halfOpenServerGetsExactlyThePermittedTrialOperations() {
		Servers servers = new Servers(roundRobin(WhenAllOpen.FAIL_FAST), LONG_WAIT);
		CircuitBreaker breaker = servers.statistics("b").getCircuitBreaker();
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();
		Map<String, Integer> counts = count(servers.selector(), ROUTERS, 42);
		assertThat(counts).containsEntry("b", 2).containsEntry("a", 20).containsEntry("c", 20);
		assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).as("selection asked for no more permits")
			.isZero();
		assertThat(breaker.tryAcquirePermission()).as("both permits were taken by the trials").isFalse();
	}

	@Test
	void openServerBecomesHalfOpenAfterItsWaitAndIsTried() {
		Servers servers = new Servers(roundRobin(WhenAllOpen.FAIL_FAST), Duration.ofMillis(50));
		ServerStatistics b = servers.statistics("b");
		b.getCircuitBreaker().transitionToOpenState();
		CircuitBreakingServerSelector selector = servers.selector();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> selector.select(ROUTERS).get(0).getAddress().equals(Servers.address("b")));
		assertThat(b.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(count(selector, ROUTERS, 10)).as("one trial left").containsEntry("b", 1);
		succeed(b, 2);
		assertThat(b.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(servers.events).extracting(Object::getClass)
			.containsExactly(ServerCircuitOpenedEvent.class, ServerCircuitHalfOpenedEvent.class,
					ServerCircuitClosedEvent.class);
	}

	@Test
	void failedTrialsOpenTheBreakerAgain() {
		Servers servers = new Servers(roundRobin(WhenAllOpen.FAIL_FAST), LONG_WAIT);
		ServerStatistics a = servers.statistics("a");
		a.getCircuitBreaker().transitionToOpenState();
		a.getCircuitBreaker().transitionToHalfOpenState();
		fail(a, 2, new MongoSocketReadTimeoutException("timed out", Servers.address("a"), new RuntimeException()));
		assertThat(a.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(servers.events).last()
			.isInstanceOfSatisfying(ServerCircuitOpenedEvent.class, (event) -> {
				assertThat(event.getServer()).isEqualTo("a:27017");
				assertThat(event.getFromState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
				assertThat(event.getReason()).startsWith("trial operations failed: failure rate 100.0%");
			});
	}

	@Test
	void networkErrorsAndServerShutdownOpenTheBreaker() {
		Servers servers = new Servers(roundRobin(WhenAllOpen.FAIL_FAST), LONG_WAIT);
		ServerStatistics a = servers.statistics("a");
		fail(a, 2, new MongoSocketReadTimeoutException("timed out", Servers.address("a"), new RuntimeException()));
		fail(a, 2, commandError(91, "ShutdownInProgress"));
		assertThat(a.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(a.getErrorRate()).isGreaterThan(0.5);
		assertThat(servers.events).singleElement()
			.isInstanceOfSatisfying(ServerCircuitOpenedEvent.class,
					(event) -> assertThat(event.getReason()).contains("failure rate 100.0% (threshold 50.0%)"));
	}

	@Test
	void userErrorsDoNotCountAgainstTheServer() {
		Servers servers = new Servers(roundRobin(WhenAllOpen.FAIL_FAST), LONG_WAIT);
		ServerStatistics a = servers.statistics("a");
		fail(a, 4, commandError(11000, "DuplicateKey"));
		fail(a, 4, commandError(2, "BadValue"));
		assertThat(a.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(a.getCircuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(a.getErrorRate()).isZero();
		assertThat(a.getInFlight()).isZero();
	}

	@Test
	void slowCallsOpenTheBreakerThroughTheSlowCallThreshold() {
		Servers servers = new Servers(roundRobin(WhenAllOpen.FAIL_FAST), LONG_WAIT);
		ServerStatistics a = servers.statistics("a");
		long slow = a.getCircuitBreaker().getCircuitBreakerConfig().getSlowCallDurationThreshold().toNanos() * 2;
		for (int i = 0; i < 4; i++) {
			a.commandStarted(System.nanoTime());
			a.commandSucceeded(slow, true);
		}
		assertThat(a.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(a.getWeightedLatencyMillis()).isGreaterThan(1000);
	}

	@Test
	void waitingGetMoresAreNotSlowCalls() {
		Servers servers = new Servers(roundRobin(WhenAllOpen.FAIL_FAST), LONG_WAIT);
		ServerStatistics a = servers.statistics("a");
		for (int i = 0; i < 4; i++) {
			a.commandStarted(System.nanoTime());
			a.commandSucceeded(TimeUnit.MINUTES.toNanos(5), false);
		}
		assertThat(a.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(a.getWeightedLatencyMillis()).isNaN();
	}

	@Test
	void selectorsSeeTheSameStatisticsPerServer() {
		Servers servers = new Servers(roundRobin(WhenAllOpen.FAIL_FAST));
		assertThat(servers.statistics("a")).isSameAs(servers.registry.statistics(new ServerAddress("a", 27017)));
		assertThat(servers.statistics("a").getCircuitBreaker().getName()).isEqualTo("mongodb:a:27017");
		assertThat(servers.circuitBreakers.getAllCircuitBreakers()).hasSize(1);
	}

	@Test
	void emptyClusterGivesAnEmptyList() {
		Servers servers = new Servers(roundRobin(WhenAllOpen.FAIL_FAST));
		assertThat(servers.selector().select(sharded())).isEmpty();
	}

	private static void openAll(Servers servers, String... names) {
		for (String name : names) {
			servers.statistics(name).getCircuitBreaker().transitionToOpenState();
		}
	}

	private static void succeed(ServerStatistics server, int times) {
		for (int i = 0; i < times; i++) {
			server.commandStarted(System.nanoTime());
			server.commandSucceeded(1_000_000, true);
		}
	}

	private static void fail(ServerStatistics server, int times, Throwable failure) {
		for (int i = 0; i < times; i++) {
			server.commandStarted(System.nanoTime());
			server.commandFailed(1_000_000, failure, true);
		}
	}

	private static MongoCommandException commandError(int code, String name) {
		return new MongoCommandException(
				BsonDocument.parse("{ok: 0, code: " + code + ", codeName: '" + name + "', errmsg: 'failed'}"),
				Servers.address("a"));
	}

	@Test
	void registryWithoutTheMongodbServerConfigurationGivesBreakersItsDefaultOne() {
		CircuitBreakerConfig defaults = CircuitBreakerConfig.custom().slidingWindowSize(7).build();
		ServerStatisticsRegistry registry = new ServerStatisticsRegistry(CircuitBreakerRegistry.of(defaults),
				roundRobin(WhenAllOpen.FAIL_FAST), BalancingObserver.NONE, (event) -> {
				});
		CircuitBreakingServerSelector selector = new CircuitBreakingServerSelector(registry, BalancingObserver.NONE);
		List<ServerDescription> chosen = selector.select(sharded("a", "b", "c"));
		assertThat(chosen).hasSize(1);
		assertThat(registry.statistics(chosen.get(0).getAddress()).getCircuitBreaker().getCircuitBreakerConfig()
			.getSlidingWindowSize()).isEqualTo(7);
	}

	private static BalancingSettings roundRobin(WhenAllOpen whenAllOpen) {
		return BalancingSettings.builder().strategy(BalancingStrategy.ROUND_ROBIN).whenAllOpen(whenAllOpen).build();
	}


}
