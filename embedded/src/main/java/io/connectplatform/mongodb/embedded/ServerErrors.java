package io.connectplatform.mongodb.embedded;

import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.exception.MongoServerException;

/**
 * The errors the in-memory server adds to mongo-java-server's, their labels, and the
 * error replies that carry them.
 *
 * @author Connect MongoDB team
 */
final class ServerErrors {

	static final int ILLEGAL_OPERATION = 20;

	static final int NAMESPACE_EXISTS = 48;

	static final int COMMAND_NOT_FOUND = 59;

	static final int WRITE_CONFLICT = 112;

	static final int CONFLICTING_OPERATION_IN_PROGRESS = 117;

	static final int TRANSACTION_TOO_OLD = 225;

	static final int SNAPSHOT_UNAVAILABLE = 246;

	static final int NO_SUCH_TRANSACTION = 251;

	static final int TRANSACTION_COMMITTED = 256;

	static final int INVALID_RESUME_TOKEN = 260;

	static final int OPERATION_NOT_SUPPORTED_IN_TRANSACTION = 263;

	static final int DUPLICATE_KEY = 11000;

	static final String TRANSIENT_TRANSACTION_ERROR = "TransientTransactionError";

	static final String RETRYABLE_WRITE_ERROR = "RetryableWriteError";

	/**
	 * The codes MongoDB labels {@code RetryableWriteError} on a retryable write (the
	 * retryable writes specification's list).
	 */
	private static final Set<Integer> RETRYABLE_CODES = Set.of(6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602,
			13435, 13436);

	/**
	 * The "not writable primary" and "node is recovering" codes of the server discovery and
	 * monitoring specification, whose replies carry the server's topology version.
	 */
	private static final Set<Integer> STATE_CHANGE_CODES = Set.of(10107, 13435, 10058, 11600, 11602, 13436, 189, 91);

	private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(2, "BadValue"),
			Map.entry(6, "HostUnreachable"), Map.entry(7, "HostNotFound"), Map.entry(11, "UserNotFound"),
			Map.entry(13, "Unauthorized"), Map.entry(18, "AuthenticationFailed"),
			Map.entry(ILLEGAL_OPERATION, "IllegalOperation"), Map.entry(NAMESPACE_EXISTS, "NamespaceExists"),
			Map.entry(50, "MaxTimeMSExpired"), Map.entry(COMMAND_NOT_FOUND, "CommandNotFound"),
			Map.entry(64, "WriteConcernFailed"), Map.entry(89, "NetworkTimeout"), Map.entry(91, "ShutdownInProgress"),
			Map.entry(WRITE_CONFLICT, "WriteConflict"),
			Map.entry(CONFLICTING_OPERATION_IN_PROGRESS, "ConflictingOperationInProgress"),
			Map.entry(121, "DocumentValidationFailure"), Map.entry(189, "PrimarySteppedDown"),
			Map.entry(TRANSACTION_TOO_OLD, "TransactionTooOld"),
			Map.entry(SNAPSHOT_UNAVAILABLE, "SnapshotUnavailable"), Map.entry(NO_SUCH_TRANSACTION, "NoSuchTransaction"),
			Map.entry(TRANSACTION_COMMITTED, "TransactionCommitted"),
			Map.entry(INVALID_RESUME_TOKEN, "InvalidResumeToken"),
			Map.entry(262, "ExceededTimeLimit"),
			Map.entry(OPERATION_NOT_SUPPORTED_IN_TRANSACTION, "OperationNotSupportedInTransaction"),
			Map.entry(286, "ChangeStreamHistoryLost"), Map.entry(9001, "SocketException"),
			Map.entry(10107, "NotWritablePrimary"), Map.entry(DUPLICATE_KEY, "DuplicateKey"),
			Map.entry(11600, "InterruptedAtShutdown"), Map.entry(11602, "InterruptedDueToReplStateChange"),
			Map.entry(13435, "NotPrimaryNoSecondaryOk"), Map.entry(13436, "NotPrimaryOrSecondary"));

	private ServerErrors() {
	}

	static MongoServerError error(int code, String message) {
		return new MongoServerError(code, NAMES.getOrDefault(code, "Location" + code), message);
	}

	static MongoServerError writeConflict(String detail) {
		return error(WRITE_CONFLICT, "Write conflict during plan execution and yielding is disabled. :: " + detail);
	}

	static MongoServerError snapshotUnavailable(String namespace) {
		return error(SNAPSHOT_UNAVAILABLE, "Unable to read from a snapshot due to pending collection catalog changes;"
				+ " please retry the operation. :: collection " + namespace
				+ " was created after this transaction started");
	}

	static String codeName(int code) {
		return NAMES.getOrDefault(code, "Location" + code);
	}

	static boolean isStateChangeCode(int code) {
		return STATE_CHANGE_CODES.contains(code);
	}

	static boolean isRetryableCode(int code) {
		return RETRYABLE_CODES.contains(code);
	}

	/**
	 * The labels MongoDB puts on an error, as its {@code isTransientTransactionError} and
	 * retryable-write rules decide.
	 * @param code the error code
	 * @param inTransaction whether the command ran in a transaction
	 * @param commitOrAbort whether the command was {@code commitTransaction} or
	 * {@code abortTransaction}
	 * @param retryableWrite whether the command was a retryable write (a write with a
	 * {@code txnNumber}, outside a transaction)
	 * @return the labels, possibly none
	 */
	static List<String> labels(int code, boolean inTransaction, boolean commitOrAbort, boolean retryableWrite) {
		if (commitOrAbort) {
			if (code == NO_SUCH_TRANSACTION || code == WRITE_CONFLICT) {
				return List.of(TRANSIENT_TRANSACTION_ERROR);
			}
			return isRetryableCode(code) ? List.of(RETRYABLE_WRITE_ERROR) : List.of();
		}
		if (inTransaction) {
			boolean transientError = code == WRITE_CONFLICT || code == SNAPSHOT_UNAVAILABLE
					|| code == NO_SUCH_TRANSACTION || code == TRANSACTION_TOO_OLD || isRetryableCode(code);
			return transientError ? List.of(TRANSIENT_TRANSACTION_ERROR) : List.of();
		}
		return (retryableWrite && isRetryableCode(code)) ? List.of(RETRYABLE_WRITE_ERROR) : List.of();
	}

	/**
	 * Build the reply of a failed command, as mongod sends it.
	 * @param code the error code, or {@code null} for none
	 * @param message the message
	 * @param labels the error labels
	 * @return the reply
	 */
	static Document reply(Integer code, String message, List<String> labels) {
		Document reply = new Document("ok", 0.0);
		reply.put("errmsg", message);
		if (code != null) {
			reply.put("code", code);
			reply.put("codeName", codeName(code));
		}
		if (!labels.isEmpty()) {
			reply.put("errorLabels", List.copyOf(labels));
		}
		return reply;
	}

	static Document reply(MongoServerException ex, List<String> labels) {
		if (ex instanceof MongoServerError error) {
			Document reply = reply(error.getCode(), error.getMessageWithoutErrorCode(), labels);
			if (error.getCodeName() != null) {
				reply.put("codeName", error.getCodeName());
			}
			return reply;
		}
		return reply(null, ex.getMessageWithoutErrorCode(), labels);
	}

	static int code(MongoServerException ex) {
		return (ex instanceof MongoServerError error) ? error.getCode() : -1;
	}

}
