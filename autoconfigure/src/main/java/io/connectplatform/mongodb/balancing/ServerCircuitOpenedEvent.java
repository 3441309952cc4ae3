package io.connectplatform.mongodb.balancing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * Published when the circuit breaker of a MongoDB server becomes open (or forced open): the server gets no work until it is half-open.
 *
 * @author Connect MongoDB team
 */
public final class ServerCircuitOpenedEvent extends ServerCircuitEvent {

	/**
	 * Create a new event.
	 * @param source the statistics registry that saw the transition
	 * @param server the server, as {@code host:port}
	 * @param fromState the previous state of the breaker
	 * @param toState the new state of the breaker
	 * @param reason why the breaker changed state
	 */
	public ServerCircuitOpenedEvent(Object source, String server, CircuitBreaker.State fromState,
			CircuitBreaker.State toState, String reason) {
		super(source, server, fromState, toState, reason);
	}

}
