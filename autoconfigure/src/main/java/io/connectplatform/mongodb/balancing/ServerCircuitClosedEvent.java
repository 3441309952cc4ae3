package io.connectplatform.mongodb.balancing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * Published when the circuit breaker of a MongoDB server becomes closed (or disabled, or recording metrics only): the server is in rotation again.
 *
 * @author Connect MongoDB team
 */
public final class ServerCircuitClosedEvent extends ServerCircuitEvent {

	/**
	 * Create a new event.
	 * @param source the statistics registry that saw the transition
	 * @param server the server, as {@code host:port}
	 * @param fromState the previous state of the breaker
	 * @param toState the new state of the breaker
	 * @param reason why the breaker changed state
	 */
	public ServerCircuitClosedEvent(Object source, String server, CircuitBreaker.State fromState,
			CircuitBreaker.State toState, String reason) {
		super(source, server, fromState, toState, reason);
	}

}
