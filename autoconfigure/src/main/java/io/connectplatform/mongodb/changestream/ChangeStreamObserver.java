package io.connectplatform.mongodb.changestream;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Hears what change-stream listeners do, for metrics. Calls come on each listener's worker
 * thread, so an observer must be fast, thread-safe and must not throw.
 *
 * @author Connect MongoDB team
 */
public interface ChangeStreamObserver {

	/**
	 * An observer that ignores everything.
	 */
	ChangeStreamObserver NONE = new ChangeStreamObserver() {
	};

	/**
	 * Called when an event arrives, before it is handled.
	 * @param listenerId the listener id
	 */
	default void eventReceived(String listenerId) {
	}

	/**
	 * Called when an event was handled.
	 * @param listenerId the listener id
	 * @param durationNanos how long handling took, retries included, in nanoseconds
	 * @param lag from the event's time on the server to the end of its handling, or
	 * {@code null} if the event carries no time
	 */
	default void eventHandled(String listenerId, long durationNanos, @Nullable Duration lag) {
	}

	/**
	 * Called when an event failed in every attempt (and was skipped or stopped the
	 * listener).
	 * @param listenerId the listener id
	 * @param durationNanos how long the attempts took, in nanoseconds
	 */
	default void eventFailed(String listenerId, long durationNanos) {
	}

	/**
	 * Called when a listener's stream is opened again.
	 * @param listenerId the listener id
	 * @param reason why
	 */
	default void restarted(String listenerId, RestartReason reason) {
	}

	/**
	 * Called when a listener's state changes.
	 * @param listenerId the listener id
	 * @param state the new state
	 */
	default void stateChanged(String listenerId, ListenerState state) {
	}

	/**
	 * Return an observer that tells each of the given observers, in order.
	 * @param observers the observers
	 * @return {@link #NONE} for none, the observer itself for one, or a composite
	 */
	static ChangeStreamObserver of(List<? extends ChangeStreamObserver> observers) {
		Assert.notNull(observers, "'observers' must not be null");
		List<ChangeStreamObserver> all = List.copyOf(observers);
		if (all.isEmpty()) {
			return NONE;
		}
		if (all.size() == 1) {
			return all.get(0);
		}
		return new ChangeStreamObserver() {

			@Override
			public void eventReceived(String listenerId) {
				all.forEach((each) -> each.eventReceived(listenerId));
			}

			@Override
			public void eventHandled(String listenerId, long durationNanos, @Nullable Duration lag) {
				all.forEach((each) -> each.eventHandled(listenerId, durationNanos, lag));
			}

			@Override
			public void eventFailed(String listenerId, long durationNanos) {
				all.forEach((each) -> each.eventFailed(listenerId, durationNanos));
			}

			@Override
			public void restarted(String listenerId, RestartReason reason) {
				all.forEach((each) -> each.restarted(listenerId, reason));
			}

			@Override
			public void stateChanged(String listenerId, ListenerState state) {
				all.forEach((each) -> each.stateChanged(listenerId, state));
			}

		};
	}

	/**
	 * Why a stream was opened again.
	 */
	enum RestartReason {

		/**
		 * A network, server or cursor error.
		 */
		ERROR,

		/**
		 * An {@code invalidate} event ended the stream.
		 */
		INVALIDATE,

		/**
		 * The history was lost and the listener starts again from now.
		 */
		HISTORY_LOST;

		/**
		 * Return the value of the {@code reason} tag.
		 * @return the tag value
		 */
		public String tagValue() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
