package io.connectplatform.mongodb.changestream;

/**
 * Handles the events of one change stream, one at a time and in order, on the listener's
 * own worker thread.
 *
 * @param <T> the type the full document (and pre-image) is decoded into
 * @author Connect MongoDB team
 */
@FunctionalInterface
public interface ChangeListener<T> {

	/**
	 * Handle one event. Throwing makes the container retry the event with back-off, and
	 * after the last attempt apply the listener's {@link ListenerErrorPolicy}. Events may
	 * be delivered more than once (after a crash, or a restart before the token was
	 * saved), so handling should be idempotent.
	 * @param event the event
	 * @throws Exception if the event could not be handled
	 */
	void onChange(ChangeEvent<T> event) throws Exception;

}
