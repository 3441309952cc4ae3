package io.connectplatform.mongodb.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.connectplatform.mongodb.changestream.ChangeStreamObserver;
import io.connectplatform.mongodb.changestream.ListenerState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Meters of change-stream listeners, each tagged with the {@code listener} id: events in
 * {@value #EVENTS_METER_NAME} ({@code outcome} {@code received}, {@code handled},
 * {@code failed}), handling time in {@value #HANDLING_METER_NAME}, the lag from the event's
 * time on the server to the end of its handling in {@value #LAG_METER_NAME}, restarts in
 * {@value #RESTARTS_METER_NAME} ({@code reason} {@code error}, {@code invalidate},
 * {@code history-lost}) and the state in {@value #STATE_METER_NAME}: one gauge per
 * {@code state}, 1 for the current one and 0 for the others.
 *
 * @author Connect MongoDB team
 */
public final class ChangeStreamMetrics implements ChangeStreamObserver {

	/**
	 * The name of the counter of events.
	 */
	public static final String EVENTS_METER_NAME = "connect.mongodb.change-streams.events";

	/**
	 * The name of the timer of handling.
	 */
	public static final String HANDLING_METER_NAME = "connect.mongodb.change-streams.handling";

	/**
	 * The name of the timer of the lag.
	 */
	public static final String LAG_METER_NAME = "connect.mongodb.change-streams.lag";

	/**
	 * The name of the counter of restarts.
	 */
	public static final String RESTARTS_METER_NAME = "connect.mongodb.change-streams.restarts";

	/**
	 * The name of the gauge of states.
	 */
	public static final String STATE_METER_NAME = "connect.mongodb.change-streams.state";

	private final MeterRegistry registry;

	private final Map<String, ListenerMeters> listeners = new ConcurrentHashMap<>();

	/**
	 * Create the meters in a registry, as listeners first report.
	 * @param registry the meter registry
	 */
	public ChangeStreamMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void eventReceived(String listenerId) {
		meters(listenerId).received.increment();
	}

	@Override
	public void eventHandled(String listenerId, long durationNanos, @Nullable Duration lag) {
		ListenerMeters meters = meters(listenerId);
		meters.handled.increment();
		meters.handling.record(durationNanos, TimeUnit.NANOSECONDS);
		if (lag != null) {
			meters.lag.record(lag);
		}
	}

	@Override
	public void eventFailed(String listenerId, long durationNanos) {
		ListenerMeters meters = meters(listenerId);
		meters.failed.increment();
		meters.handling.record(durationNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void restarted(String listenerId, RestartReason reason) {
		meters(listenerId).restarts.computeIfAbsent(reason, (key) -> Counter.builder(RESTARTS_METER_NAME)
			.description("Times a change stream was opened again after an error, an invalidate event or a lost history")
			.tag("listener", listenerId)
			.tag("reason", key.tagValue())
			.register(this.registry)).increment();
	}

	@Override
	public void stateChanged(String listenerId, ListenerState state) {
		meters(listenerId).state.set(state);
	}

	private ListenerMeters meters(String listenerId) {
		return this.listeners.computeIfAbsent(listenerId, (id) -> new ListenerMeters(id, this.registry));
	}

	private static final class ListenerMeters {

		private final Counter received;

		private final Counter handled;

		private final Counter failed;

		private final Timer handling;

		private final Timer lag;

		private final Map<RestartReason, Counter> restarts = new ConcurrentHashMap<>();

		private final AtomicReference<ListenerState> state = new AtomicReference<>(ListenerState.STOPPED);

		ListenerMeters(String id, MeterRegistry registry) {
			this.received = events(id, "received", registry);
			this.handled = events(id, "handled", registry);
			this.failed = events(id, "failed", registry);
			this.handling = Timer.builder(HANDLING_METER_NAME)
				.description("Time a change-stream listener took to handle an event, retries included")
				.tag("listener", id)
				.register(registry);
			this.lag = Timer.builder(LAG_METER_NAME)
				.description("Time from a change on the server to the end of its handling by a listener")
				.tag("listener", id)
				.register(registry);
			for (ListenerState each : ListenerState.values()) {
				Gauge.builder(STATE_METER_NAME, this.state, (current) -> (current.get() == each) ? 1 : 0)
					.description("State of a change-stream listener: 1 for its current state, 0 for the others")
					.tag("listener", id)
					.tag("state", each.tagValue())
					.register(registry);
			}
		}

		private static Counter events(String id, String outcome, MeterRegistry registry) {
			return Counter.builder(EVENTS_METER_NAME)
				.description("Change-stream events received, handled, and failed in every attempt")
				.tag("listener", id)
				.tag("outcome", outcome)
				.register(registry);
		}

	}

}
