package io.connectplatform.mongodb.core;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoQueryException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoStalePrimaryException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import io.connectplatform.mongodb.balancing.AllServersCircuitOpenException;
import io.connectplatform.mongodb.internal.MongoUriSanitizer;
import org.bson.BSONException;
import org.bson.BsonMaximumSizeExceededException;
import org.bson.BsonSerializationException;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.dao.support.PersistenceExceptionTranslator;

/**
 * Translates the exceptions of the MongoDB Java driver and of BSON into Spring's
 * {@link DataAccessException} hierarchy, with the original exception as the cause and a
 * message that says what happened followed by the driver's message (with the secrets of
 * any connection string it quotes masked).
 * <p>
 * The first matching rule wins, in this order:
 * <ol>
 * <li>Timeouts: {@link MongoOperationTimeoutException} (the client-side
 * {@code timeoutMS}) and {@link MongoExecutionTimeoutException} or server error code 50
 * ({@code maxTimeMS}) become a {@link QueryTimeoutException}. They come first because a
 * {@code MongoOperationTimeoutException} is also a {@link MongoTimeoutException}, which
 * below means that no server is available.</li>
 * <li>{@link MongoBulkWriteException} becomes a {@link MongoBulkWriteFailureException},
 * which keeps the failure of each operation and the partial counts.</li>
 * <li>Duplicate keys (a {@link MongoWriteException} of category
 * {@link ErrorCategory#DUPLICATE_KEY}, or any server error with code 11000, 11001 or
 * 12582, as {@code findOneAndUpdate} reports it) become a {@link DuplicateKeyException}.
 * A duplicate key is never worth retrying, even in a transaction.</li>
 * <li>A document that fails the collection's validator (code 121) becomes a
 * {@link DataIntegrityViolationException}.</li>
 * <li>A write conflict (code 112) becomes a {@link ConcurrencyFailureException}.</li>
 * <li>An error labelled {@code TransientTransactionError} or {@code RetryableWriteError}
 * becomes a {@link TransientDataAccessResourceException}: the server or driver says that
 * retrying the transaction or the write may succeed. These labels are checked before the
 * resource failures below because the driver puts them on network errors and on
 * "not primary" errors inside transactions and retryable writes, where retrying is the
 * right reaction. The same network error on a read is a resource failure.</li>
 * <li>Resource failures become a {@link DataAccessResourceFailureException}:
 * {@link MongoTimeoutException} (server selection or waiting for a pooled connection),
 * every {@link MongoSocketException} (including {@link MongoSocketReadTimeoutException}:
 * {@code socketTimeoutMS} is a network timeout that closes the connection, not a time
 * limit of the query), {@link MongoConnectionPoolClearedException},
 * {@link MongoServerUnavailableException}, the "not writable primary" and "node is
 * recovering" errors of the driver's Server Discovery and Monitoring specification,
 * {@link MongoStalePrimaryException}, server error codes 6, 7, 89 and 9001 (a router that
 * cannot reach a shard), a {@link MongoSecurityException} caused by a network error
 * during authentication, and the {@link AllServersCircuitOpenException} of load balancing
 * (the circuit breaker of every eligible server is open: an outage, worth retrying once a
 * breaker lets calls through again, though it is a {@link MongoClientException}). The "not writable primary" and "node is recovering" errors are
 * recognized by their code, whatever the type of the server error that carries it,
 * because the driver does not always report them as a {@link MongoNotPrimaryException} or
 * a {@link MongoNodeIsRecoveringException}: a {@code find} rethrows them as a
 * {@link MongoQueryException}, and a failover during a query must be a resource failure
 * too. The codes are 10107 ({@code NotWritablePrimary}), 13435
 * ({@code NotPrimaryNoSecondaryOk}) and 10058 ({@code LegacyNotPrimary}), described as
 * "Not primary"; 11602 ({@code InterruptedDueToReplStateChange}), 13436
 * ({@code NotPrimaryOrSecondary}) and 189 ({@code PrimarySteppedDown}), described as
 * "Node is recovering"; 11600 ({@code InterruptedAtShutdown}) and 91
 * ({@code ShutdownInProgress}), described as "Node is shutting down". A
 * {@code MongoNotPrimaryException} or {@code MongoNodeIsRecoveringException} without one
 * of these codes (the driver recognized it by its message) is a resource failure
 * too.</li>
 * <li>{@link MongoSecurityException} (authentication failed) and server error codes 13
 * ({@code Unauthorized}) and 18 ({@code AuthenticationFailed}) become a
 * {@link PermissionDeniedDataAccessException}.</li>
 * <li>Misuse becomes an {@link InvalidDataAccessApiUsageException}: any other
 * {@link MongoClientException} (the rules above have taken its subclasses
 * {@code MongoTimeoutException}, {@code MongoSecurityException}, the pool and server ones
 * and {@code AllServersCircuitOpenException}), {@link CodecConfigurationException} and every {@link BSONException} (such as
 * {@link BsonSerializationException} and {@link BsonMaximumSizeExceededException}).</li>
 * <li>Any other {@link MongoException}, server error or not, becomes an
 * {@link UncategorizedMongoException}. This includes {@link MongoInterruptedException}:
 * an interrupted thread is not a failed resource.</li>
 * </ol>
 * Other exceptions, such as the {@link IllegalArgumentException} the driver throws for
 * invalid arguments, are not translated.
 * <p>
 * Translation costs a few {@code instanceof} checks and builds one message: it only
 * happens on the error path.
 *
 * @author Connect MongoDB team
 */
public final class MongoDriverExceptionTranslator implements PersistenceExceptionTranslator {

	private static final String RETRYABLE_WRITE_ERROR_LABEL = "RetryableWriteError";

	private static final int HOST_UNREACHABLE = 6;

	private static final int HOST_NOT_FOUND = 7;

	private static final int UNAUTHORIZED = 13;

	private static final int AUTHENTICATION_FAILED = 18;

	private static final int MAX_TIME_MS_EXPIRED = 50;

	private static final int NETWORK_TIMEOUT = 89;

	private static final int WRITE_CONFLICT = 112;

	private static final int SOCKET_EXCEPTION = 9001;

	private static final int DOCUMENT_VALIDATION_FAILURE = 121;

	private static final int SHUTDOWN_IN_PROGRESS = 91;

	private static final int PRIMARY_STEPPED_DOWN = 189;

	private static final int LEGACY_NOT_PRIMARY = 10058;

	private static final int NOT_WRITABLE_PRIMARY = 10107;

	private static final int INTERRUPTED_AT_SHUTDOWN = 11600;

	private static final int INTERRUPTED_DUE_TO_REPL_STATE_CHANGE = 11602;

	private static final int NOT_PRIMARY_NO_SECONDARY_OK = 13435;

	private static final int NOT_PRIMARY_OR_SECONDARY = 13436;

	/**
	 * Create a translator.
	 */
	public MongoDriverExceptionTranslator() {
	}

	/**
	 * Translate a MongoDB driver or BSON exception. A {@link DataAccessException} is
	 * returned as it is.
	 * @param ex the exception
	 * @return the translation, or {@code null} if the exception is not a MongoDB or BSON
	 * exception
	 */
	@Override
	public @Nullable DataAccessException translateExceptionIfPossible(RuntimeException ex) {
		if (ex instanceof DataAccessException dataAccessException) {
			return dataAccessException;
		}
		if (ex instanceof MongoException mongoException) {
			return translate(mongoException, null);
		}
		if (ex instanceof CodecConfigurationException) {
			return new InvalidDataAccessApiUsageException(message(null, "Codec configuration error", ex), ex);
		}
		if (ex instanceof BsonMaximumSizeExceededException) {
			return new InvalidDataAccessApiUsageException(message(null, "Document too large", ex), ex);
		}
		if (ex instanceof BsonSerializationException) {
			return new InvalidDataAccessApiUsageException(message(null, "BSON serialization failed", ex), ex);
		}
		if (ex instanceof BSONException) {
			return new InvalidDataAccessApiUsageException(message(null, "Invalid BSON", ex), ex);
		}
		return null;
	}

	/**
	 * Translate an exception if possible, for use as {@code throw translator.translate(ex)}
	 * in a catch block.
	 * @param ex the exception
	 * @return the translation, or the exception itself if it cannot be translated
	 */
	public RuntimeException translate(RuntimeException ex) {
		DataAccessException translated = translateExceptionIfPossible(ex);
		return (translated != null) ? translated : ex;
	}

	/**
	 * Translate an exception as {@link #translate(RuntimeException)} does, and say in the
	 * message what happened around it, such as how many attempts were made.
	 * @param ex the exception
	 * @param context what to add after the description of the error, such as
	 * {@code "gave up after 3 attempts"}
	 * @return the translation, or the exception itself if it cannot be translated
	 */
	public RuntimeException translate(RuntimeException ex, String context) {
		if (ex instanceof MongoException mongoException) {
			return translate(mongoException, context);
		}
		return translate(ex);
	}

	private DataAccessException translate(MongoException ex, @Nullable String context) {
		int code = ex.getCode();
		if (ex instanceof MongoOperationTimeoutException) {
			return new QueryTimeoutException(message(context, "Operation timed out (timeoutMS)", ex), ex);
		}
		if (ex instanceof MongoExecutionTimeoutException
				|| (code == MAX_TIME_MS_EXPIRED && !(ex instanceof MongoBulkWriteException))) {
			return new QueryTimeoutException(message(context, "Server time limit exceeded (maxTimeMS)", ex), ex);
		}
		if (ex instanceof MongoBulkWriteException bulkWriteException) {
			return new MongoBulkWriteFailureException(bulkWriteException);
		}
		if (isDuplicateKey(ex)) {
			return new DuplicateKeyException(message(context, "Duplicate key", ex), ex);
		}
		if (code == DOCUMENT_VALIDATION_FAILURE && ex instanceof MongoServerException) {
			return new DataIntegrityViolationException(message(context, "Document failed the collection's validator", ex),
					ex);
		}
		if (code == WRITE_CONFLICT) {
			return new ConcurrencyFailureException(message(context, "Write conflict", ex), ex);
		}
		if (ex.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)) {
			return new TransientDataAccessResourceException(
					message(context, "Transient transaction error, the transaction may be retried", ex), ex);
		}
		if (ex.hasErrorLabel(RETRYABLE_WRITE_ERROR_LABEL)) {
			return new TransientDataAccessResourceException(message(context, "Retryable write error", ex), ex);
		}
		String resourceFailure = describeResourceFailure(ex);
		if (resourceFailure != null) {
			return new DataAccessResourceFailureException(message(context, resourceFailure, ex), ex);
		}
		if (ex instanceof MongoSecurityException securityException) {
			return new PermissionDeniedDataAccessException(
					maskPassword(message(context, "Authentication failed", ex), securityException.getCredential()), ex);
		}
		if (ex instanceof MongoServerException && code == UNAUTHORIZED) {
			return new PermissionDeniedDataAccessException(message(context, "Not authorized", ex), ex);
		}
		if (ex instanceof MongoServerException && code == AUTHENTICATION_FAILED) {
			return new PermissionDeniedDataAccessException(message(context, "Authentication failed", ex), ex);
		}
		if (ex instanceof MongoClientException) {
			return new InvalidDataAccessApiUsageException(message(context, "Invalid use of the MongoDB client", ex), ex);
		}
		return new UncategorizedMongoException(message(context, describeUncategorized(ex), ex), ex);
	}

	private static boolean isDuplicateKey(MongoException ex) {
		if (ex instanceof MongoWriteException writeException) {
			return writeException.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
		}
		return ex instanceof MongoServerException
				&& ErrorCategory.fromErrorCode(ex.getCode()) == ErrorCategory.DUPLICATE_KEY;
	}

	private static @Nullable String describeResourceFailure(MongoException ex) {
		if (ex instanceof MongoTimeoutException || ex instanceof MongoServerUnavailableException) {
			return "MongoDB server unavailable";
		}
		if (ex instanceof AllServersCircuitOpenException) {
			return "Every eligible MongoDB server is unavailable (circuit breakers open); the operation may be"
					+ " retried once a breaker lets calls through again";
		}
		if (ex instanceof MongoSocketReadTimeoutException) {
			return "Socket read timed out (socketTimeoutMS)";
		}
		if (ex instanceof MongoSocketException) {
			return "Network error";
		}
		if (ex instanceof MongoConnectionPoolClearedException) {
			return "Connection pool cleared";
		}
		if (ex instanceof MongoServerException) {
			String stateChange = describeStateChange(ex.getCode());
			if (stateChange != null) {
				return stateChange;
			}
		}
		if (ex instanceof MongoNotPrimaryException) {
			return "Not primary";
		}
		if (ex instanceof MongoNodeIsRecoveringException) {
			return "Node is recovering";
		}
		if (ex instanceof MongoStalePrimaryException) {
			return "Stale primary";
		}
		if (ex instanceof MongoSecurityException && ex.getCause() instanceof MongoSocketException) {
			return "Network error while authenticating";
		}
		if (ex instanceof MongoServerException) {
			int code = ex.getCode();
			if (code == HOST_UNREACHABLE || code == HOST_NOT_FOUND || code == NETWORK_TIMEOUT
					|| code == SOCKET_EXCEPTION) {
				return "Server unreachable";
			}
		}
		return null;
	}

	/**
	 * Describe the "not writable primary" and "node is recovering" error codes of the
	 * Server Discovery and Monitoring specification.
	 */
	private static @Nullable String describeStateChange(int code) {
		return switch (code) {
			case NOT_WRITABLE_PRIMARY, NOT_PRIMARY_NO_SECONDARY_OK, LEGACY_NOT_PRIMARY -> "Not primary";
			case INTERRUPTED_DUE_TO_REPL_STATE_CHANGE, NOT_PRIMARY_OR_SECONDARY, PRIMARY_STEPPED_DOWN ->
				"Node is recovering";
			case INTERRUPTED_AT_SHUTDOWN, SHUTDOWN_IN_PROGRESS -> "Node is shutting down";
			default -> null;
		};
	}

	private static String describeUncategorized(MongoException ex) {
		if (ex instanceof MongoInterruptedException) {
			return "Interrupted";
		}
		if (ex instanceof MongoServerException serverException) {
			String name = serverException.getErrorCodeName();
			return "MongoDB server error " + ex.getCode()
					+ ((name != null && !name.isEmpty()) ? " (" + name + ")" : "");
		}
		return "MongoDB error";
	}

	/**
	 * Say what happened, then quote the exception's message with the secrets of any
	 * connection string it contains masked.
	 */
	private static String message(@Nullable String context, String what, RuntimeException ex) {
		String message = MongoUriSanitizer.sanitizeMessage(ex.getMessage());
		String described = (context != null) ? what + ", " + context : what;
		return (message != null && !message.isEmpty()) ? described + ": " + message : described;
	}

	/**
	 * Mask the password, should a message ever quote it: the driver's own description of
	 * a credential already hides the password (and keeps the user name, as
	 * {@link MongoUriSanitizer} does).
	 */
	private static String maskPassword(String message, @Nullable MongoCredential credential) {
		char[] password = (credential != null) ? credential.getPassword() : null;
		return (password != null && password.length > 0) ? message.replace(new String(password), MongoUriSanitizer.MASK)
				: message;
	}

}
