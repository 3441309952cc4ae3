package io.connectplatform.mongodb.balancing;

/**
 * How the selector chooses among the servers whose circuit breaker lets work through.
 *
 * @author Connect MongoDB team
 */
public enum BalancingStrategy {

	/**
	 * Each server in turn.
	 */
	ROUND_ROBIN("round-robin"),

	/**
	 * The server with the fewest operations in flight; ties in turn.
	 */
	LEAST_IN_FLIGHT("least-in-flight"),

	/**
	 * Smooth weighted round-robin over the configured weights; a server of weight 0 only
	 * when no other is available.
	 */
	WEIGHTED("weighted"),

	/**
	 * The server with the lowest weighted latency, with a small share of the work to the
	 * others so that a recovered server is noticed.
	 */
	RESPONSE_TIME("response-time"),

	/**
	 * Servers in the local zone in turn; the others only when no local one is available.
	 */
	ZONE("zone");

	private final String tagValue;

	BalancingStrategy(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the name of this strategy as it is written in properties and meter tags.
	 * @return the name in kebab case, such as {@code least-in-flight}
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
