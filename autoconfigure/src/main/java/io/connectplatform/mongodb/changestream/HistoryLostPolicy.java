package io.connectplatform.mongodb.changestream;

/**
 * What a listener does when the server can no longer resume its stream: the resume point
 * has left the oplog ({@code ChangeStreamHistoryLost}, code 286) or the server no longer
 * knows the token ({@code ChangeStreamFatalError}, code 280).
 *
 * @author Connect MongoDB team
 */
public enum HistoryLostPolicy {

	/**
	 * Stop the listener in state {@link ListenerState#FAILED}, keeping the error. Nothing
	 * is missed silently; someone has to decide.
	 */
	FAIL,

	/**
	 * Forget the stored token and start again from now, with an ERROR log saying that
	 * events may have been missed.
	 */
	RESTART_FROM_NOW

}
