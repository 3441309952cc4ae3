package io.connectplatform.mongodb.balancing;

import java.time.Duration;
import java.util.Map;

import com.mongodb.Tag;
import com.mongodb.connection.ServerDescription;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * How servers are balanced: the strategy, what to do when every breaker is open, weights,
 * zones and the share of work the response-time strategy gives to slower servers.
 * Servers are named {@code host:port} as the driver knows them.
 *
 * @author Connect MongoDB team
 */
public final class BalancingSettings {

	/**
	 * The name of the Resilience4j configuration the circuit breakers use.
	 */
	public static final String CIRCUIT_BREAKER_CONFIG = "mongodb-server";

	/**
	 * The prefix of the names of the circuit breakers, followed by {@code host:port}.
	 */
	public static final String CIRCUIT_BREAKER_PREFIX = "mongodb:";

	private final BalancingStrategy strategy;

	private final WhenAllOpen whenAllOpen;

	private final Map<String, Integer> weights;

	private final int defaultWeight;

	private final @Nullable String localZone;

	private final Map<String, String> zones;

	private final String zoneTag;

	private final double responseTimeShare;

	private BalancingSettings(Builder builder) {
		this.strategy = builder.strategy;
		this.whenAllOpen = builder.whenAllOpen;
		this.weights = Map.copyOf(builder.weights);
		this.defaultWeight = builder.defaultWeight;
		this.localZone = builder.localZone;
		this.zones = Map.copyOf(builder.zones);
		this.zoneTag = builder.zoneTag;
		this.responseTimeShare = builder.responseTimeShare;
	}

	/**
	 * Start building settings: least-in-flight, ignoring breakers when all are open,
	 * weight 1 for every server, zones from the {@code zone} tag, 5% response-time share.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the circuit-breaker configuration that applies when the application defines
	 * no {@value #CIRCUIT_BREAKER_CONFIG} configuration: a window of the last 50 calls
	 * (evaluated from 20), open at 50% failures or 80% calls slower than 1s, 10s in the
	 * open state, 5 trial calls, and back to open when trials have not finished within 30s.
	 * @return the default configuration
	 */
	public static CircuitBreakerConfig defaultCircuitBreakerConfig() {
		return CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(50)
			.minimumNumberOfCalls(20)
			.failureRateThreshold(50)
			.slowCallRateThreshold(80)
			.slowCallDurationThreshold(Duration.ofSeconds(1))
			.waitDurationInOpenState(Duration.ofSeconds(10))
			.permittedNumberOfCallsInHalfOpenState(5)
			.maxWaitDurationInHalfOpenState(Duration.ofSeconds(30))
			.build();
	}

	/**
	 * Return the strategy.
	 * @return the strategy
	 */
	public BalancingStrategy getStrategy() {
		return this.strategy;
	}

	/**
	 * Return what to do when every eligible server's breaker is open.
	 * @return the behaviour
	 */
	public WhenAllOpen getWhenAllOpen() {
		return this.whenAllOpen;
	}

	/**
	 * Return the configured weights.
	 * @return weights by {@code host:port}
	 */
	public Map<String, Integer> getWeights() {
		return this.weights;
	}

	/**
	 * Return the weight of a server.
	 * @param server the server, as {@code host:port}
	 * @return its configured weight, or the default weight
	 */
	public int weightOf(String server) {
		return this.weights.getOrDefault(server, this.defaultWeight);
	}

	/**
	 * Return the zone the application runs in.
	 * @return the local zone, or {@code null} when none is configured
	 */
	public @Nullable String getLocalZone() {
		return this.localZone;
	}

	/**
	 * Return the configured zones.
	 * @return zones by {@code host:port}
	 */
	public Map<String, String> getZones() {
		return this.zones;
	}

	/**
	 * Return the zone of a server: the configured one, or else the value of its zone tag
	 * (replica-set members only).
	 * @param server the server, as {@code host:port}
	 * @param description the server's description, if known
	 * @return the zone, or {@code null} when it is unknown
	 */
	public @Nullable String zoneOf(String server, @Nullable ServerDescription description) {
		String configured = this.zones.get(server);
		if (configured != null || description == null) {
			return configured;
		}
		for (Tag tag : description.getTagSet()) {
			if (this.zoneTag.equals(tag.getName())) {
				return tag.getValue();
			}
		}
		return null;
	}

	/**
	 * Return the share of selections the response-time strategy gives to servers other
	 * than the fastest.
	 * @return the share, from {@code 0} (inclusive) to {@code 1} (exclusive)
	 */
	public double getResponseTimeShare() {
		return this.responseTimeShare;
	}

	/**
	 * Builds {@link BalancingSettings}.
	 */
	public static final class Builder {

		private BalancingStrategy strategy = BalancingStrategy.LEAST_IN_FLIGHT;

		private WhenAllOpen whenAllOpen = WhenAllOpen.IGNORE_BREAKERS;

		private Map<String, Integer> weights = Map.of();

		private int defaultWeight = 1;

		private @Nullable String localZone;

		private Map<String, String> zones = Map.of();

		private String zoneTag = "zone";

		private double responseTimeShare = 0.05;

		private Builder() {
		}

		/**
		 * Set the strategy.
		 * @param strategy the strategy
		 * @return this builder
		 */
		public Builder strategy(BalancingStrategy strategy) {
			this.strategy = strategy;
			return this;
		}

		/**
		 * Set what to do when every eligible server's breaker is open.
		 * @param whenAllOpen the behaviour
		 * @return this builder
		 */
		public Builder whenAllOpen(WhenAllOpen whenAllOpen) {
			this.whenAllOpen = whenAllOpen;
			return this;
		}

		/**
		 * Set the weights of servers.
		 * @param weights weights, {@code 0} or more, by {@code host:port}
		 * @return this builder
		 */
		public Builder weights(Map<String, Integer> weights) {
			weights.forEach((server, weight) -> Assert.isTrue(weight >= 0,
					() -> "Weight of " + server + " must be 0 or more, but was " + weight));
			this.weights = weights;
			return this;
		}

		/**
		 * Set the weight of servers without a configured weight.
		 * @param defaultWeight the weight, {@code 0} or more
		 * @return this builder
		 */
		public Builder defaultWeight(int defaultWeight) {
			Assert.isTrue(defaultWeight >= 0, () -> "'defaultWeight' must be 0 or more, but was " + defaultWeight);
			this.defaultWeight = defaultWeight;
			return this;
		}

		/**
		 * Set the zone the application runs in.
		 * @param localZone the zone
		 * @return this builder
		 */
		public Builder localZone(@Nullable String localZone) {
			this.localZone = localZone;
			return this;
		}

		/**
		 * Set the zones of servers.
		 * @param zones zones by {@code host:port}
		 * @return this builder
		 */
		public Builder zones(Map<String, String> zones) {
			this.zones = zones;
			return this;
		}

		/**
		 * Set the replica-set member tag that names a member's zone.
		 * @param zoneTag the tag name
		 * @return this builder
		 */
		public Builder zoneTag(String zoneTag) {
			Assert.hasText(zoneTag, "'zoneTag' must not be empty");
			this.zoneTag = zoneTag;
			return this;
		}

		/**
		 * Set the share of selections the response-time strategy gives to the others.
		 * @param responseTimeShare the share, from {@code 0} (inclusive) to {@code 1}
		 * (exclusive)
		 * @return this builder
		 */
		public Builder responseTimeShare(double responseTimeShare) {
			Assert.isTrue(responseTimeShare >= 0 && responseTimeShare < 1,
					() -> "'responseTimeShare' must be at least 0 and less than 1, but was " + responseTimeShare);
			this.responseTimeShare = responseTimeShare;
			return this;
		}

		/**
		 * Build the settings.
		 * @return the settings
		 * @throws IllegalArgumentException if the zone strategy has no local zone
		 */
		public BalancingSettings build() {
			Assert.isTrue(this.strategy != BalancingStrategy.ZONE || this.localZone != null,
					"The zone strategy needs a local zone");
			return new BalancingSettings(this);
		}

	}

}
