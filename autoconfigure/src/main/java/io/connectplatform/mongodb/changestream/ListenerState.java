package io.connectplatform.mongodb.changestream;

import java.util.Locale;

/**
 * The state of one change-stream listener.
 *
 * @author Connect MongoDB team
 */
public enum ListenerState {

	/**
	 * Not running: not started yet, or stopped on purpose.
	 */
	STOPPED,

	/**
	 * Opening its stream.
	 */
	STARTING,

	/**
	 * Its stream is open and events are delivered.
	 */
	RUNNING,

	/**
	 * Its stream broke (network, server or cursor error, or an invalidate event) and it
	 * waits to open it again from its last token.
	 */
	RECOVERING,

	/**
	 * Stopped by an error: a listener failure under {@link ListenerErrorPolicy#STOP}, a
	 * lost history under {@link HistoryLostPolicy#FAIL}, or too many restarts. Health is
	 * DOWN until it is started again.
	 */
	FAILED;

	/**
	 * Return the value of the {@code state} tag.
	 * @return the tag value
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
