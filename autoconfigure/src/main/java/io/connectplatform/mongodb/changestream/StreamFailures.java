package io.connectplatform.mongodb.changestream;

import java.util.Locale;

import com.mongodb.MongoServerException;
import io.connectplatform.mongodb.internal.MongoUriSanitizer;
import org.jspecify.annotations.Nullable;

/**
 * Tells the errors that end a change stream apart (lost history, fatal, or worth a restart)
 * and describes errors for logs, without secrets.
 *
 * @author Connect MongoDB team
 */
final class StreamFailures {

	/**
	 * ChangeStreamHistoryLost: the resume point is no longer in the oplog.
	 */
	static final int HISTORY_LOST = 286;

	/**
	 * ChangeStreamFatalError: the server no longer knows the token (older servers), or the
	 * stream cannot go on at all, for example because the pipeline changed the {@code _id}.
	 */
	static final int FATAL_ERROR = 280;

	private StreamFailures() {
	}

	/**
	 * Whether the resume point is gone: code 286, or a fatal error (280) saying that the
	 * resume token was not found, which is how servers before 4.2 say it.
	 */
	static boolean isHistoryLost(Throwable ex) {
		MongoServerException serverException = serverException(ex);
		return serverException != null && (serverException.getCode() == HISTORY_LOST
				|| (serverException.getCode() == FATAL_ERROR && isUnknownToken(serverException)));
	}

	/**
	 * Whether the stream can never go on, however often it is opened again: any other fatal
	 * error (280), such as a pipeline that changed the {@code _id} of the events.
	 */
	static boolean isFatal(Throwable ex) {
		MongoServerException serverException = serverException(ex);
		return serverException != null && serverException.getCode() == FATAL_ERROR
				&& !isUnknownToken(serverException);
	}

	/**
	 * Describe an error for a log or a status: its class and its message, with the secrets
	 * of any connection string masked.
	 */
	static String describe(Throwable ex) {
		String message = MongoUriSanitizer.sanitizeMessage(ex.getMessage());
		return ex.getClass().getName() + ((message != null) ? ": " + message : "");
	}

	private static boolean isUnknownToken(MongoServerException ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage().toLowerCase(Locale.ROOT) : "";
		return message.contains("resume of change stream was not possible")
				|| message.contains("resume token was not found");
	}

	private static @Nullable MongoServerException serverException(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof MongoServerException serverException) {
				return serverException;
			}
		}
		return null;
	}

}
