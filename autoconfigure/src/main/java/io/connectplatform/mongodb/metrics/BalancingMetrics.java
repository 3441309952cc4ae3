package io.connectplatform.mongodb.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.connectplatform.mongodb.balancing.BalancingObserver;
import io.connectplatform.mongodb.balancing.BalancingStrategy;
import io.connectplatform.mongodb.balancing.ServerStatistics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;

/**
 * Counts server selections in {@value #SELECTIONS_METER_NAME} (tags {@code server},
 * {@code strategy}) and gauges each server's weighted latency
 * ({@value #LATENCY_METER_NAME}) and commands in flight ({@value #IN_FLIGHT_METER_NAME}),
 * tag {@code server}. The circuit breakers' own meters are Resilience4j's.
 *
 * @author Connect MongoDB team
 */
public final class BalancingMetrics implements BalancingObserver {

	/**
	 * The name of the counter of selections.
	 */
	public static final String SELECTIONS_METER_NAME = "connect.mongodb.balancing.selections";

	/**
	 * The name of the gauge of weighted latency.
	 */
	public static final String LATENCY_METER_NAME = "connect.mongodb.balancing.latency";

	/**
	 * The name of the gauge of commands in flight.
	 */
	public static final String IN_FLIGHT_METER_NAME = "connect.mongodb.balancing.in.flight";

	private final MeterRegistry registry;

	private final Map<String, Counter> selections = new ConcurrentHashMap<>();

	/**
	 * Create the meters in a registry, as servers are added and chosen.
	 * @param registry the meter registry
	 */
	public BalancingMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void serverAdded(ServerStatistics server) {
		TimeGauge.builder(LATENCY_METER_NAME, server, TimeUnit.MILLISECONDS, ServerStatistics::getWeightedLatencyMillis)
			.description("Exponentially weighted latency of the server's commands")
			.tag("server", server.getName())
			.strongReference(true)
			.register(this.registry);
		Gauge.builder(IN_FLIGHT_METER_NAME, server, ServerStatistics::getInFlight)
			.description("Commands sent to the server and not answered yet")
			.tag("server", server.getName())
			.strongReference(true)
			.register(this.registry);
	}

	@Override
	public void serverSelected(ServerStatistics server, BalancingStrategy strategy) {
		Counter counter = this.selections.get(server.getName());
		if (counter == null) {
			counter = this.selections.computeIfAbsent(server.getName(), (name) -> counter(name, strategy));
		}
		counter.increment();
	}

	private Counter counter(String server, BalancingStrategy strategy) {
		return Counter.builder(SELECTIONS_METER_NAME)
			.description("Servers chosen by the balancing selector")
			.tag("server", server)
			.tag("strategy", strategy.tagValue())
			.register(this.registry);
	}

}
