package io.connectplatform.mongodb.changestream;

import java.time.Instant;

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

}
