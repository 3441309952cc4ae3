package io.connectplatform.mongodb.changestream;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one listener, for health and the actuator endpoint. Holds no document
 * content and no credentials.
 *
 * @param id the listener id
 * @param target what it watches, such as {@code collection shop.orders}
 * @param state its state
 * @param lastEventTime when it last handled (or skipped) an event, or {@code null}
 * @param lastError the last error (type and sanitized message), or {@code null}
 * @param lastErrorTime when the last error happened, or {@code null}
 * @param handled the events handled since the container was created
 * @param failed the events that failed in every attempt
 * @param restarts the restarts of its stream
 * @author Connect MongoDB team
 */
public record ListenerStatus(String id, String target, ListenerState state, @Nullable Instant lastEventTime,
		@Nullable String lastError, @Nullable Instant lastErrorTime, long handled, long failed, long restarts) {

	/**
	 * Return the status as a map for health details and the actuator endpoint, without
	 * absent values.
	 * @return the details
	 */
	public Map<String, Object> toDetails() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("state", this.state.name());
		details.put("target", this.target);
		if (this.lastEventTime != null) {
			details.put("lastEventTime", this.lastEventTime.toString());
		}
		if (this.lastError != null) {
			details.put("lastError", this.lastError);
			details.put("lastErrorTime", String.valueOf(this.lastErrorTime));
		}
		details.put("handled", this.handled);
		details.put("failed", this.failed);
		details.put("restarts", this.restarts);
		return details;
	}

}
