package io.connectplatform.mongodb.balancing;

import java.util.Set;

import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

/**
 * Tells the errors that mean a server is unwell (network errors, timeouts, a server that
 * is shutting down, stepping down or cannot reach its peers) from those that are the
 * application's own (duplicate keys, validation, bad queries), which a circuit breaker must
 * not count against the server.
 *
 * @author Connect MongoDB team
 */
public final class ServerFailures {

	/**
	 * Server error codes that mean the server is unwell rather than the request wrong.
	 */
	private static final Set<Integer> UNWELL_CODES = Set.of(6, // HostUnreachable
			7, // HostNotFound
			50, // MaxTimeMSExpired
			89, // NetworkTimeout
			91, // ShutdownInProgress
			189, // PrimarySteppedDown
			262, // ExceededTimeLimit
			9001, // SocketException
			10107, // NotWritablePrimary
			11600, // InterruptedAtShutdown
			11602, // InterruptedDueToReplStateChange
			13435, // NotPrimaryNoSecondaryOk
			13436 // NotPrimaryOrSecondary
	);

	private ServerFailures() {
	}

	/**
	 * Return whether an error means that the server that produced it is unwell.
	 * @param failure the error of a command or of a connection
	 * @return {@code true} for network errors, timeouts and server-side errors about the
	 * server's own state; {@code false} for errors caused by the request
	 */
	public static boolean isServerFailure(Throwable failure) {
		if (failure instanceof MongoSocketException || failure instanceof MongoTimeoutException
				|| failure instanceof MongoOperationTimeoutException
				|| failure instanceof MongoExecutionTimeoutException || failure instanceof MongoNotPrimaryException
				|| failure instanceof MongoNodeIsRecoveringException) {
			return true;
		}
		if (failure instanceof MongoException mongo) {
			return UNWELL_CODES.contains(mongo.getCode());
		}
		return false;
	}

}
