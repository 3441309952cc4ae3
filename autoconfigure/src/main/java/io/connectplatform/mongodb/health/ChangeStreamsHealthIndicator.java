package io.connectplatform.mongodb.health;

import java.util.LinkedHashMap;
import java.util.Map;

import io.connectplatform.mongodb.changestream.ChangeStreamListenerContainer;
import io.connectplatform.mongodb.changestream.ListenerState;
import io.connectplatform.mongodb.changestream.ListenerStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

/**
 * Reports the change-stream listeners: DOWN when one of them has
 * {@link ListenerState#FAILED failed}, UP otherwise (a listener that is recovering from a
 * network error is UP; MongoDB's own health shows the outage). Details, per listener id:
 * state, target, last event time, last error and its time (sanitized, no document content)
 * and restarts.
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
		Map<String, Object> listeners = new LinkedHashMap<>();
		for (ListenerStatus status : this.container.getListeners()) {
			failed |= status.state() == ListenerState.FAILED;
			listeners.put(status.id(), status.toDetails());
		}
		if (failed) {
			builder.down();
		}
		else {
			builder.up();
		}
		builder.withDetail("listeners", listeners);
	}

}
