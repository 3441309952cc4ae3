package io.connectplatform.mongodb.balancing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the circuit breaker of a MongoDB server changes state.
 *
 * @author Connect MongoDB team
 * @see ServerCircuitOpenedEvent
 * @see ServerCircuitHalfOpenedEvent
 * @see ServerCircuitClosedEvent
 */
public abstract class ServerCircuitEvent extends ApplicationEvent {

	private final String server;

	private final CircuitBreaker.State fromState;

	private final CircuitBreaker.State toState;

	private final String reason;

	/**
	 * Create a new event.
	 * @param source the statistics registry that saw the transition
	 * @param server the server, as {@code host:port}
	 * @param fromState the previous state of the breaker
	 * @param toState the new state of the breaker
	 * @param reason why the breaker changed state
	 */
	protected ServerCircuitEvent(Object source, String server, CircuitBreaker.State fromState,
			CircuitBreaker.State toState, String reason) {
		super(source);
		this.server = server;
		this.fromState = fromState;
		this.toState = toState;
		this.reason = reason;
	}

	/**
	 * Create the event for a transition, or none for states that are neither open,
	 * half-open nor closed.
	 * @param source the statistics registry that saw the transition
	 * @param server the server, as {@code host:port}
	 * @param fromState the previous state
	 * @param toState the new state
	 * @param reason why the breaker changed state
	 * @return the event, or {@code null} for a transition to {@code DISABLED} or
	 * {@code METRICS_ONLY}
	 */
	static ServerCircuitEvent of(Object source, String server, CircuitBreaker.State fromState,
			CircuitBreaker.State toState, String reason) {
		return switch (toState) {
			case OPEN, FORCED_OPEN -> new ServerCircuitOpenedEvent(source, server, fromState, toState, reason);
			case HALF_OPEN -> new ServerCircuitHalfOpenedEvent(source, server, fromState, reason);
			default -> new ServerCircuitClosedEvent(source, server, fromState, toState, reason);
		};
	}

	/**
	 * Return the server whose breaker changed state.
	 * @return the server, as {@code host:port}
	 */
	public String getServer() {
		return this.server;
	}

	/**
	 * Return the previous state of the breaker.
	 * @return the previous state
	 */
	public CircuitBreaker.State getFromState() {
		return this.fromState;
	}

	/**
	 * Return the new state of the breaker.
	 * @return the new state
	 */
	public CircuitBreaker.State getToState() {
		return this.toState;
	}

	/**
	 * Return why the breaker changed state.
	 * @return the reason, for people
	 */
	public String getReason() {
		return this.reason;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "(" + this.server + ": " + this.fromState + " -> " + this.toState + ", "
				+ this.reason + ")";
	}

}
