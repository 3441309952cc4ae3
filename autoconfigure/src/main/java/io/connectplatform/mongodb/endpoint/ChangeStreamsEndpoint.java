package io.connectplatform.mongodb.endpoint;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.connectplatform.mongodb.changestream.ChangeStreamListenerContainer;
import io.connectplatform.mongodb.changestream.ListenerStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.util.Assert;

/**
 * The {@code changestreams} actuator endpoint: lists the change-stream listeners
 * ({@code GET /actuator/changestreams}), shows one ({@code GET .../{id}}) and stops,
 * starts or restarts one ({@code POST .../{id}} with {@code {"action": "restart"}}).
 * <p>
 * Its access is {@link Access#READ_ONLY read-only} by default: the write operation is not
 * mapped, so a {@code POST} is refused, unless
 * {@code management.endpoint.changestreams.access=unrestricted} is set (and then it should
 * be secured, for example with Spring Security's {@code EndpointRequest}).
 *
 * @author Connect MongoDB team
 */
@Endpoint(id = "changestreams", defaultAccess = Access.READ_ONLY)
public class ChangeStreamsEndpoint {

	private final ChangeStreamListenerContainer container;

	/**
	 * Create the endpoint.
	 * @param container the container of the listeners
	 */
	public ChangeStreamsEndpoint(ChangeStreamListenerContainer container) {
		Assert.notNull(container, "'container' must not be null");
		this.container = container;
	}

	/**
	 * List the listeners.
	 * @return the details of each listener, by id
	 */
	@ReadOperation
	public Map<String, Object> listeners() {
		Map<String, Object> listeners = new LinkedHashMap<>();
		this.container.getListeners()
			.forEach((status) -> listeners.put(status.id(), status.toDetails()));
		return Map.of("running", this.container.isRunning(), "listeners", listeners);
	}

	/**
	 * Show one listener.
	 * @param id the listener id
	 * @return its details, or {@code null} (404) if there is no such listener
	 */
	@ReadOperation
	public @Nullable Map<String, Object> listener(@Selector String id) {
		ListenerStatus status = this.container.getListener(id);
		return (status != null) ? status.toDetails() : null;
	}

	/**
	 * Stop, start or restart one listener. Stopping waits for the event in hand, up to the
	 * shutdown timeout.
	 * @param id the listener id
	 * @param action {@code stop}, {@code start} or {@code restart}
	 * @return the listener's details after the action
	 */
	@WriteOperation
	public Map<String, Object> control(@Selector String id, String action) {
		if (this.container.getListener(id) == null) {
			throw new InvalidEndpointRequestException("No change-stream listener with id '" + id + "'",
					"No such listener");
		}
		switch (action.toLowerCase(Locale.ROOT)) {
			case "stop" -> this.container.stop(id);
			case "start" -> start(id);
			case "restart" -> {
				this.container.stop(id);
				start(id);
			}
			default -> throw new InvalidEndpointRequestException(
					"Unknown action '" + action + "'; use stop, start or restart", "Unknown action");
		}
		ListenerStatus status = this.container.getListener(id);
		return (status != null) ? status.toDetails() : Map.of();
	}

	private void start(String id) {
		if (!this.container.isRunning()) {
			throw new InvalidEndpointRequestException("The change-stream listener container is not running",
					"Container not running");
		}
		this.container.start(id);
	}

}
