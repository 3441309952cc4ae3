package io.connectplatform.mongodb.balancing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * Published when the circuit breaker of a MongoDB server becomes half-open: trial operations are routed to the server.
 *
 * @author Connect MongoDB team
 */
public final class ServerCircuitHalfOpenedEvent extends ServerCircuitEvent {

	/**
	 * Create a new event.
	 * @param source the statistics registry that saw the transition
	 * @param server the server, as {@code host:port}
	 * @param fromState the previous state of the breaker
	 * @param reason why the breaker changed state
	 */
	public ServerCircuitHalfOpenedEvent(Object source, String server, CircuitBreaker.State fromState, String reason) {
		super(source, server, fromState, CircuitBreaker.State.HALF_OPEN, reason);
	}

}
