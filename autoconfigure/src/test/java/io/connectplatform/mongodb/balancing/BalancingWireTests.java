package io.connectplatform.mongodb.balancing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerMonitoringMode;
import com.mongodb.connection.ServerType;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.endpoint.MongoServersEndpoint;
import io.connectplatform.mongodb.endpoint.MongoServersEndpoint.ServerDescriptor;
import io.connectplatform.mongodb.health.MongoServersHealthIndicator;
import io.connectplatform.mongodb.metrics.BalancingMetrics;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationEvent;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Tests for balancing over TCP: three embedded servers over one backend, presented to the
 * driver as the routers of a sharded cluster, each behind a fault-injecting proxy. The
 * statistics, breakers and selector are plugged into a real client as the auto-configuration
 * does. Small Resilience4j windows keep the tests short; nothing asserts a duration.
 *
 * @author Connect MongoDB team
 */
class BalancingWireTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@RegisterExtension
	final EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create().servers(3).routers().withProxies();

	private final List<ApplicationEvent> events = new CopyOnWriteArrayList<>();

	private final CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/** Finds started per server, split by the server's breaker state when they started. */
	private final Map<String, Map<CircuitBreaker.State, AtomicInteger>> finds = new ConcurrentHashMap<>();

	private ServerStatisticsRegistry registry;

	private MongoClient client;

	@AfterEach
	void closeClient() {
		if (this.client != null) {
			this.client.close();
		}
	}

	@Test
	void roundRobinSpreadsReadsEvenly() {
		MongoCollection<Document> items = connect(BalancingSettings.builder().strategy(BalancingStrategy.ROUND_ROBIN),
				smallWindows(Duration.ofSeconds(1)), (socket) -> {
				});
		read(items, 300);
		assertThat(finds()).hasSize(3).allSatisfy((server, count) -> assertThat(count).isCloseTo(100, within(10)));
	}

	@Test
	void weightedSpreadsReadsByWeight() {
		Map<String, Integer> weights = Map.of(name(0), 3, name(1), 1, name(2), 0);
		MongoCollection<Document> items = connect(
				BalancingSettings.builder().strategy(BalancingStrategy.WEIGHTED).weights(weights),
				smallWindows(Duration.ofSeconds(1)), (socket) -> {
				});
		read(items, 400);
		assertThat(finds().get(name(0))).isCloseTo(300, within(20));
		assertThat(finds().get(name(1))).isCloseTo(100, within(20));
		assertThat(finds()).doesNotContainKey(name(2));
	}

	@Test
	void leastInFlightSpreadsConcurrentReads() throws InterruptedException {
		MongoCollection<Document> items = connect(BalancingSettings.builder().strategy(BalancingStrategy.LEAST_IN_FLIGHT),
				smallWindows(Duration.ofSeconds(1)), (socket) -> {
				});
		Thread[] readers = new Thread[4];
		for (int i = 0; i < readers.length; i++) {
			readers[i] = new Thread(() -> read(items, 75));
			readers[i].start();
		}
		for (Thread reader : readers) {
			reader.join();
		}
		assertThat(finds()).hasSize(3).allSatisfy((server, count) -> assertThat(count).isCloseTo(100, within(35)));
	}

	@Test
	void slowServerIsTakenOutOfRotationAndComesBackWhenFastAgain() {
		CircuitBreakerConfig breakers = CircuitBreakerConfig.from(smallWindows(Duration.ofSeconds(1)))
			.slowCallDurationThreshold(Duration.ofMillis(150))
			.slowCallRateThreshold(50)
			.build();
		MongoCollection<Document> items = connect(BalancingSettings.builder().strategy(BalancingStrategy.ROUND_ROBIN),
				breakers, (socket) -> socket.readTimeout(5, TimeUnit.SECONDS));
		read(items, 6);
		this.mongo.proxy(1).setLatency(Duration.ofMillis(100));
		await().atMost(PATIENCE).until(() -> {
			read(items, 3);
			return state(1) == CircuitBreaker.State.OPEN;
		});
		assertThat(opened(1).getReason()).contains("slow-call rate");
		read(items, 30);
		assertThat(findsWhileOpen(1)).as("work sent to the slow server while its breaker was open").isZero();
		assertThat(statistics(1).getDescription().getType()).as("the driver still finds it eligible")
			.isEqualTo(ServerType.SHARD_ROUTER);
		showsOpen(1);

		this.mongo.proxy(1).setLatency(Duration.ZERO);
		recovers(items, 1);
	}

	@Test
	void stalledServerIsTakenOutOfRotationWhileReadsKeepSucceeding() {
		MongoCollection<Document> items = connect(BalancingSettings.builder().strategy(BalancingStrategy.ROUND_ROBIN),
				smallWindows(Duration.ofSeconds(1)), (socket) -> socket.readTimeout(400, TimeUnit.MILLISECONDS));
		read(items, 6);
		this.mongo.proxy(2).stall();
		// every read succeeds: one sent to the stalled server times out and is retried on another router
		await().atMost(PATIENCE).until(() -> {
			read(items, 3);
			return state(2) == CircuitBreaker.State.OPEN;
		});
		assertThat(opened(2).getReason()).contains("failure rate");
		// a new connection's handshake times out too, so the driver soon marks the server unknown as well
		read(items, 30);
		assertThat(findsWhileOpen(2)).as("work sent to the stalled server while its breaker was open").isZero();
		showsOpen(2);

		this.mongo.proxy(2).resume();
		recovers(items, 2);
	}

	@Test
	void refusingServerIsTakenOutOfRotationAndComesBackAfterAcceptingAgain() {
		MongoCollection<Document> items = connect(BalancingSettings.builder().strategy(BalancingStrategy.ROUND_ROBIN),
				smallWindows(Duration.ofSeconds(1)), (socket) -> socket.readTimeout(2, TimeUnit.SECONDS));
		read(items, 6);
		this.mongo.proxy(0).refuseConnections();
		this.mongo.proxy(0).dropConnections();
		// network errors mark the server unknown for the driver too; the breaker keeps it out
		// once the driver sees it again, until its wait is over
		read(items, 30);
		await().atMost(PATIENCE).until(() -> {
			read(items, 1);
			return this.registry.servers().stream().filter((server) -> server.getName().equals(name(0))).count() == 1
					&& statistics(0).getErrorRate() > 0;
		});
		this.mongo.proxy(0).acceptConnections();
		await().atMost(PATIENCE).until(() -> {
			read(items, 3);
			return finds().getOrDefault(name(0), 0) > 0 && state(0) == CircuitBreaker.State.CLOSED;
		});
	}

	@Test
	void everyServerOpenFailsFastWhenConfiguredTo() {
		MongoCollection<Document> items = connect(
				BalancingSettings.builder().strategy(BalancingStrategy.ROUND_ROBIN).whenAllOpen(WhenAllOpen.FAIL_FAST),
				smallWindows(Duration.ofMinutes(5)), (socket) -> {
				});
		read(items, 6);
		this.registry.servers().forEach((server) -> server.getCircuitBreaker().transitionToOpenState());
		org.assertj.core.api.Assertions.assertThatExceptionOfType(AllServersCircuitOpenException.class)
			.isThrownBy(() -> items.find().first())
			.withMessageContaining(name(0));
		CollectionTemplate<Document> template = MongoTemplates.builder(this.client, "shop")
			.build()
			.of("items", Document.class);
		org.assertj.core.api.Assertions.assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(template::findAll)
			.withMessageContaining("circuit breakers open")
			.withMessageContaining(name(0))
			.withCauseInstanceOf(AllServersCircuitOpenException.class);
		assertThat(new MongoServersHealthIndicator(this.registry).health(true).getStatus()).isEqualTo(Status.DOWN);
	}

	private void recovers(MongoCollection<Document> items, int index) {
		await().atMost(PATIENCE).until(() -> {
			read(items, 3);
			return state(index) == CircuitBreaker.State.CLOSED;
		});
		List<Class<?>> transitions = this.events.stream()
			.filter((event) -> ((ServerCircuitEvent) event).getServer().equals(name(index)))
			.<Class<?>>map(Object::getClass)
			.toList();
		assertThat(transitions).first().isEqualTo(ServerCircuitOpenedEvent.class);
		assertThat(transitions).endsWith(ServerCircuitHalfOpenedEvent.class, ServerCircuitClosedEvent.class);
		int before = finds().getOrDefault(name(index), 0);
		read(items, 30);
		assertThat(finds().get(name(index))).as("work for the recovered server").isGreaterThan(before);
		assertThat(new MongoServersHealthIndicator(this.registry).health(true).getStatus()).isEqualTo(Status.UP);
	}

	private void showsOpen(int index) {
		ServerDescriptor server = new MongoServersEndpoint(this.registry).servers()
			.servers()
			.stream()
			.filter((descriptor) -> descriptor.address().equals(name(index)))
			.findFirst()
			.orElseThrow();
		assertThat(server.circuitBreaker().state()).isEqualTo("OPEN");
		assertThat(server.circuitBreaker().name()).isEqualTo("mongodb:" + name(index));
		assertThat(this.meters.get("resilience4j.circuitbreaker.state")
			.tag("name", "mongodb:" + name(index))
			.tag("state", "open")
			.gauge()
			.value()).isOne();
		assertThat(this.meters.get(BalancingMetrics.SELECTIONS_METER_NAME).tag("server", name(index)).counter().count())
			.isPositive();
		assertThat(new MongoServersHealthIndicator(this.registry).health(true)).satisfies((health) -> {
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("open", List.of(name(index)));
		});
	}

	private MongoCollection<Document> connect(BalancingSettings.Builder settings, CircuitBreakerConfig breakers,
			Consumer<com.mongodb.connection.SocketSettings.Builder> socket) {
		this.circuitBreakers.addConfiguration(BalancingSettings.CIRCUIT_BREAKER_CONFIG, breakers);
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(this.circuitBreakers).bindTo(this.meters);
		BalancingMetrics metrics = new BalancingMetrics(this.meters);
		this.registry = new ServerStatisticsRegistry(this.circuitBreakers, settings.build(), metrics,
				(event) -> this.events.add((ApplicationEvent) event));
		CircuitBreakingServerSelector selector = new CircuitBreakingServerSelector(this.registry, metrics);
		MongoClientSettings clientSettings = MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(this.mongo.getConnectionString()))
			.retryReads(true)
			.addCommandListener(this.registry)
			.addCommandListener(new FindCounter())
			.applyToConnectionPoolSettings((pool) -> pool.addConnectionPoolListener(this.registry))
			.applyToClusterSettings((cluster) -> cluster.serverSelector(selector)
				.addClusterListener(this.registry)
				.serverSelectionTimeout(20, TimeUnit.SECONDS))
			// Polling, not the streaming monitor: a dropped connection then goes unnoticed by
			// the driver until its next heartbeat, so reads meet the failure and the breaker
			// sees it (a streaming monitor would take the server out first, by itself).
			.applyToServerSettings((server) -> server.heartbeatFrequency(500, TimeUnit.MILLISECONDS)
				.serverMonitoringMode(ServerMonitoringMode.POLL))
			.applyToSocketSettings((builder) -> socket.accept(builder.connectTimeout(2, TimeUnit.SECONDS)))
			.build();
		this.client = MongoClients.create(clientSettings);
		MongoCollection<Document> items = this.client.getDatabase("shop").getCollection("items");
		items.insertOne(new Document("name", "pen"));
		await().atMost(PATIENCE)
			.until(() -> this.client.getClusterDescription()
				.getServerDescriptions()
				.stream()
				.filter(ServerDescription::isOk)
				.count() == 3);
		this.finds.clear();
		return items;
	}

	private static CircuitBreakerConfig smallWindows(Duration waitInOpenState) {
		return CircuitBreakerConfig.custom()
			.slidingWindowSize(4)
			.minimumNumberOfCalls(4)
			.failureRateThreshold(50)
			.waitDurationInOpenState(waitInOpenState)
			.permittedNumberOfCallsInHalfOpenState(2)
			.build();
	}

	private static void read(MongoCollection<Document> items, int times) {
		for (int i = 0; i < times; i++) {
			assertThat(items.find().first()).containsEntry("name", "pen");
		}
	}

	private String name(int index) {
		return "localhost:" + this.mongo.proxy(index).getPort();
	}

	private ServerStatistics statistics(int index) {
		return this.registry.servers()
			.stream()
			.filter((server) -> server.getName().equals(name(index)))
			.findFirst()
			.orElseThrow();
	}

	private CircuitBreaker.State state(int index) {
		return this.circuitBreakers.circuitBreaker("mongodb:" + name(index)).getState();
	}

	private ServerCircuitOpenedEvent opened(int index) {
		return this.events.stream()
			.filter((event) -> event instanceof ServerCircuitOpenedEvent opened && opened.getServer().equals(name(index)))
			.map(ServerCircuitOpenedEvent.class::cast)
			.findFirst()
			.orElseThrow();
	}

	private Map<String, Integer> finds() {
		Map<String, Integer> totals = new java.util.TreeMap<>();
		this.finds.forEach((server, byState) -> totals.put(server,
				byState.values().stream().mapToInt(AtomicInteger::get).sum()));
		return totals;
	}

	private int findsWhileOpen(int index) {
		Map<CircuitBreaker.State, AtomicInteger> byState = this.finds.getOrDefault(name(index), Map.of());
		AtomicInteger open = byState.get(CircuitBreaker.State.OPEN);
		return (open != null) ? open.get() : 0;
	}

	/**
	 * Counts the {@code find} commands each server is sent, by the state of its breaker.
	 */
	private final class FindCounter implements CommandListener {

		@Override
		public void commandStarted(CommandStartedEvent event) {
			if ("find".equals(event.getCommandName())) {
				String server = ServerStatistics.name(event.getConnectionDescription().getServerAddress());
				CircuitBreaker.State state = BalancingWireTests.this.circuitBreakers.circuitBreaker("mongodb:" + server)
					.getState();
				BalancingWireTests.this.finds.computeIfAbsent(server, (key) -> new ConcurrentHashMap<>())
					.computeIfAbsent(state, (key) -> new AtomicInteger())
					.incrementAndGet();
			}
		}

	}

}
