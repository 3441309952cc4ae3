package io.connectplatform.mongodb.autoconfigure.balancing;

import java.util.LinkedHashMap;
import java.util.Map;

import io.connectplatform.mongodb.balancing.BalancingStrategy;
import io.connectplatform.mongodb.balancing.WhenAllOpen;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of circuit-breaker load balancing across servers:
 * {@code connect.mongodb.balancing.*}. The circuit breakers themselves are configured with
 * Resilience4j's {@code resilience4j.circuitbreaker.configs.mongodb-server.*}.
 *
 * @author Connect MongoDB team
 */
@ConfigurationProperties(ConnectMongoBalancingProperties.PREFIX)
public class ConnectMongoBalancingProperties {

	/**
	 * The prefix of these properties.
	 */
	public static final String PREFIX = "connect.mongodb.balancing";

	/**
	 * Whether to balance operations across servers with a circuit breaker per server.
	 */
	private boolean enabled;

	/**
	 * How to choose among the servers whose circuit breaker lets work through.
	 */
	private BalancingStrategy strategy = BalancingStrategy.LEAST_IN_FLIGHT;

	/**
	 * What to do when the circuit breaker of every eligible server is open.
	 */
	private WhenAllOpen whenAllOpen = WhenAllOpen.IGNORE_BREAKERS;

	/**
	 * Weights of servers for the weighted strategy, by 'host:port' (write keys as
	 * "[host:port]" so the colon is kept). 0 means only when no other server is available.
	 */
	private Map<String, Integer> weights = new LinkedHashMap<>();

	/**
	 * Weight of servers without a configured weight.
	 */
	private int defaultWeight = 1;

	/**
	 * Zone the application runs in; the zone strategy prefers servers in it.
	 */
	private @Nullable String localZone;

	/**
	 * Zones of servers, by 'host:port' (write keys as "[host:port]"). Replica-set members
	 * without one take the value of their zone tag.
	 */
	private Map<String, String> zones = new LinkedHashMap<>();

	/**
	 * Replica-set member tag that names a member's zone.
	 */
	private String zoneTag = "zone";

	/**
	 * Share of selections the response-time strategy gives to servers other than the
	 * fastest, so that a recovered server is noticed. At least 0 and less than 1.
	 */
	private double responseTimeShare = 0.05;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public BalancingStrategy getStrategy() {
		return this.strategy;
	}

	public void setStrategy(BalancingStrategy strategy) {
		this.strategy = strategy;
	}

	public WhenAllOpen getWhenAllOpen() {
		return this.whenAllOpen;
	}

	public void setWhenAllOpen(WhenAllOpen whenAllOpen) {
		this.whenAllOpen = whenAllOpen;
	}

	public Map<String, Integer> getWeights() {
		return this.weights;
	}

	public void setWeights(Map<String, Integer> weights) {
		this.weights = weights;
	}

	public int getDefaultWeight() {
		return this.defaultWeight;
	}

	public void setDefaultWeight(int defaultWeight) {
		this.defaultWeight = defaultWeight;
	}

	public @Nullable String getLocalZone() {
		return this.localZone;
	}

	public void setLocalZone(@Nullable String localZone) {
		this.localZone = localZone;
	}

	public Map<String, String> getZones() {
		return this.zones;
	}

	public void setZones(Map<String, String> zones) {
		this.zones = zones;
	}

	public String getZoneTag() {
		return this.zoneTag;
	}

	public void setZoneTag(String zoneTag) {
		this.zoneTag = zoneTag;
	}

	public double getResponseTimeShare() {
		return this.responseTimeShare;
	}

	public void setResponseTimeShare(double responseTimeShare) {
		this.responseTimeShare = responseTimeShare;
	}

}
