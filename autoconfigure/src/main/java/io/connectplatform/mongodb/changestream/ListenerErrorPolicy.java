package io.connectplatform.mongodb.changestream;

/**
 * What a listener does with an event it failed to handle in every attempt.
 *
 * @author Connect MongoDB team
 */
public enum ListenerErrorPolicy {

	/**
	 * Log the failure at ERROR, store the event in the dead-letter collection when one is
	 * configured, and go on with the next event. The skipped event counts as handled for
	 * the resume token.
	 */
	SKIP,

	/**
	 * Log the failure at ERROR and stop the listener: its state becomes
	 * {@link ListenerState#FAILED}, health turns DOWN, and the error is kept. The event's
	 * token is not saved, so a restart delivers the event again.
	 */
	STOP

}
