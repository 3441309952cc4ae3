package io.connectplatform.mongodb.balancing;

/**
 * What the selector does when the circuit breaker of every eligible server is open.
 *
 * @author Connect MongoDB team
 */
public enum WhenAllOpen {

	/**
	 * Fail the operation at once with an {@link AllServersCircuitOpenException}.
	 */
	FAIL_FAST,

	/**
	 * Ignore the breakers and choose among all eligible servers with the strategy.
	 */
	IGNORE_BREAKERS

}
