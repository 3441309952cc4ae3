package io.connectplatform.mongodb.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.connectplatform.mongodb.changestream.ChangeStreamListenerContainer;
import io.connectplatform.mongodb.changestream.ListenerState;
import io.connectplatform.mongodb.changestream.ListenerStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

/**
 * Reports the change-stream listeners:
 * <ul>
 * <li>DOWN when one of them has {@link ListenerState#FAILED failed};</li>
 * <li>otherwise OUT_OF_SERVICE when the container runs but one of them is
 * {@link ListenerState#STOPPED stopped} (through the {@code changestreams} endpoint or
 * {@link ChangeStreamListenerContainer#stop(String)}): its events are not handled, on
 * purpose, and the {@code stopped} detail lists it;</li>
 * <li>otherwise UP: a listener that is recovering from a network error is UP (MongoDB's
 * own health shows the outage), and so is a container that is not running, because the
 * application is shutting down or was configured not to start it.</li>
 * </ul>
 * Details: whether the container runs and, per listener id, state, target, last event
 * time, last error and its time (sanitized, no document content) and restarts.
 *
 * @author Connect MongoDB team
 */
public class ChangeStreamsHealthIndicator extends AbstractHealthIndicator {

	private final ChangeStreamListenerContainer container;

	/**
	 * Create a new indicator.
	 * @param container the container whose listeners are reported
	 */
	public ChangeStreamsHealthIndicator(ChangeStreamListenerContainer container) {
		super("Change-stream health check failed");
		Assert.notNull(container, "'container' must not be null");
		this.container = container;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean failed = false;
		List<String> stopped = new ArrayList<>();
		Map<String, Object> listeners = new LinkedHashMap<>();
		for (ListenerStatus status : this.container.getListeners()) {
			failed |= status.state() == ListenerState.FAILED;
			if (status.state() == ListenerState.STOPPED) {
				stopped.add(status.id());
			}
			listeners.put(status.id(), status.toDetails());
		}
		// Read after the listeners: the container stops running before it stops them on
		// shutdown, so listeners stopped by a shutdown are never taken for stopped on purpose
		boolean running = this.container.isRunning();
		if (failed) {
			builder.down();
		}
		else if (running && !stopped.isEmpty()) {
			builder.outOfService().withDetail("stopped", stopped);
		}
		else {
			builder.up();
		}
		builder.withDetail("running", running).withDetail("listeners", listeners);
	}

}
