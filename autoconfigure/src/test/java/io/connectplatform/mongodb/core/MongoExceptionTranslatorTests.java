package io.connectplatform.mongodb.core;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoConfigurationException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoInternalException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoQueryException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketClosedException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoSocketWriteException;
import com.mongodb.MongoSocketWriteTimeoutException;
import com.mongodb.MongoStalePrimaryException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteConcernResult;
import com.mongodb.WriteError;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.BulkWriteUpsert;
import com.mongodb.bulk.WriteConcernError;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ServerId;
import io.connectplatform.mongodb.balancing.AllServersCircuitOpenException;
import io.connectplatform.mongodb.core.MongoBulkWriteFailureException.BulkWriteFailure;
import io.connectplatform.mongodb.internal.MongoUriSanitizer;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInvalidOperationException;
import org.bson.BsonMaximumSizeExceededException;
import org.bson.BsonObjectId;
import org.bson.BsonSerializationException;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.bson.json.JsonParseException;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link MongoDriverExceptionTranslator}, one mapping rule after the other.
 * <p>
 * The driver exceptions are constructed here, as the driver would construct them from a
 * server's reply: that is the way to show every rule, and every variant of a rule, in a
 * unit test, including a failed authentication, which the embedded server cannot produce.
 * The wire tests and {@link MongoExceptionTranslatorScenarios} show the mappings a real
 * round trip can, with "not primary" errors, error labels and closed connections injected
 * through the {@code failCommand} fail point.
 *
 * @author Connect MongoDB team
 */
class MongoExceptionTranslatorTests {

	private static final ServerAddress ADDRESS = new ServerAddress("db1.example.com", 27017);

	private static final String DUPLICATE_KEY_MESSAGE = "E11000 duplicate key error collection: shop.users "
			+ "index: email_1 dup key: { email: \"ada@example.com\" }";

	private final MongoDriverExceptionTranslator translator = new MongoDriverExceptionTranslator();

	// Pass-through and untranslatable exceptions

	@Test
	void dataAccessExceptionPassesThroughUnchanged() {
		DataAccessException ex = new EmptyResultDataAccessException(1);
		assertThat(this.translator.translateExceptionIfPossible(ex)).isSameAs(ex);
		assertThat(this.translator.translate(ex)).isSameAs(ex);
	}

	@Test
	void translatedExceptionPassesThroughUnchangedWhenTranslatedAgain() {
		DataAccessException translated = this.translator.translateExceptionIfPossible(new MongoException("boom"));
		assertThat(this.translator.translateExceptionIfPossible(translated)).isSameAs(translated);
	}

	@ParameterizedTest
	@MethodSource("untranslatableExceptions")
	void exceptionThatIsNotAMongoOrBsonExceptionIsNotTranslated(RuntimeException ex) {
		assertThat(this.translator.translateExceptionIfPossible(ex)).isNull();
		assertThat(this.translator.translate(ex)).isSameAs(ex);
	}

	static Stream<RuntimeException> untranslatableExceptions() {
		// The driver reports invalid arguments (a null filter, a bad collection name) with
		// IllegalArgumentException: they are programming errors, not data access failures.
		return Stream.of(new IllegalArgumentException("state should be: collectionName is not empty"),
				new IllegalStateException("state should be: open"), new NullPointerException(),
				new UnsupportedOperationException(), new JsonParseException("JSON reader was expecting a value"));
	}

	// Timeouts

	@Test
	void operationTimeoutIsAQueryTimeout() {
		MongoSocketReadTimeoutException cause = new MongoSocketReadTimeoutException("Timeout while receiving message",
				ADDRESS, new SocketTimeoutException("Read timed out"));
		MongoOperationTimeoutException ex = new MongoOperationTimeoutException("Timeout while receiving message",
				cause);
		assertTranslated(ex, QueryTimeoutException.class, "Operation timed out (timeoutMS)");
	}

	@Test
	void operationTimeoutIsAQueryTimeoutAlthoughItIsAMongoTimeoutException() {
		MongoOperationTimeoutException ex = new MongoOperationTimeoutException(
				"The operation exceeded the timeout limit.");
		assertThat(ex).isInstanceOf(MongoTimeoutException.class);
		assertTranslated(ex, QueryTimeoutException.class, "Operation timed out (timeoutMS)");
	}

	@Test
	void executionTimeoutIsAQueryTimeout() {
		MongoExecutionTimeoutException ex = new MongoExecutionTimeoutException(50,
				"Executor error during find command :: caused by :: operation exceeded time limit");
		assertTranslated(ex, QueryTimeoutException.class, "Server time limit exceeded (maxTimeMS)");
	}

	@Test
	void serverErrorWithCodeFiftyIsAQueryTimeout() {
		MongoCommandException ex = commandException(50, "MaxTimeMSExpired", "operation exceeded time limit");
		assertTranslated(ex, QueryTimeoutException.class, "Server time limit exceeded (maxTimeMS)");
	}

	@Test
	void writeErrorWithCodeFiftyIsAQueryTimeout() {
		MongoWriteException ex = writeException(50, "operation exceeded time limit");
		assertTranslated(ex, QueryTimeoutException.class, "Server time limit exceeded (maxTimeMS)");
	}

	// Bulk writes

	@Test
	void bulkWriteExceptionIsABulkWriteFailureKeepingEachFailure() {
		MongoBulkWriteException ex = bulkWriteException(BulkWriteResult.acknowledged(3, 0, 0, 0, List.of(), List.of()),
				List.of(bulkWriteError(3, 11000, DUPLICATE_KEY_MESSAGE),
						bulkWriteError(5, 121, "Document failed validation")),
				null);
		MongoBulkWriteFailureException translated = assertTranslated(ex, MongoBulkWriteFailureException.class);
		assertThat(translated.getMessage())
			.isEqualTo("Bulk write failed for 2 operations: index 3 (code 11000, duplicate key), "
					+ "index 5 (code 121, Document failed validation)");
		assertThat(translated.getFailures()).containsExactly(new BulkWriteFailure(3, 11000, DUPLICATE_KEY_MESSAGE),
				new BulkWriteFailure(5, 121, "Document failed validation"));
		assertThat(translated.isDuplicateKey()).isFalse();
		assertThat(translated.getWriteConcernError()).isNull();
		assertThat(translated.getInsertedCount()).isEqualTo(3);
	}

	@Test
	void bulkWriteFailureMessageDoesNotQuoteTheDuplicateValueButTheFailureDoes() {
		// The server's duplicate key message quotes the duplicate value: that is how
		// MongoDB reports it, and the failure keeps it as it is for the caller. The
		// exception's message, which ends up in logs, says "duplicate key" instead.
		MongoBulkWriteException ex = bulkWriteException(BulkWriteResult.acknowledged(0, 0, 0, 0, List.of(), List.of()),
				List.of(bulkWriteError(0, 11000, DUPLICATE_KEY_MESSAGE)), null);
		MongoBulkWriteFailureException translated = assertTranslated(ex, MongoBulkWriteFailureException.class);
		assertThat(translated.getMessage())
			.isEqualTo("Bulk write failed for 1 operation: index 0 (code 11000, duplicate key)")
			.doesNotContain("ada@example.com");
		assertThat(translated.getFailures()).singleElement()
			.satisfies((failure) -> assertThat(failure.message()).contains("dup key: { email: \"ada@example.com\" }"));
	}

	@Test
	void bulkWriteFailureMessageListsAtMostFiveFailures() {
		List<BulkWriteError> errors = IntStream.range(0, 8)
			.mapToObj((index) -> bulkWriteError(index * 2, 11000, DUPLICATE_KEY_MESSAGE))
			.toList();
		MongoBulkWriteException ex = bulkWriteException(BulkWriteResult.acknowledged(8, 0, 0, 0, List.of(), List.of()),
				errors, null);
		MongoBulkWriteFailureException translated = assertTranslated(ex, MongoBulkWriteFailureException.class);
		assertThat(translated.getMessage()).isEqualTo("Bulk write failed for 8 operations: "
				+ "index 0 (code 11000, duplicate key), index 2 (code 11000, duplicate key), "
				+ "index 4 (code 11000, duplicate key), index 6 (code 11000, duplicate key), "
				+ "index 8 (code 11000, duplicate key) ... and 3 more");
		assertThat(translated.getFailures()).hasSize(8);
	}

	@ParameterizedTest
	@ValueSource(ints = { 11000, 11001, 12582 })
	void bulkWriteFailureWhoseFailuresAreAllDuplicateKeysIsADuplicateKey(int code) {
		MongoBulkWriteException ex = bulkWriteException(BulkWriteResult.acknowledged(1, 0, 0, 0, List.of(), List.of()),
				List.of(bulkWriteError(1, 11000, DUPLICATE_KEY_MESSAGE), bulkWriteError(2, code, "duplicate")), null);
		MongoBulkWriteFailureException translated = assertTranslated(ex, MongoBulkWriteFailureException.class);
		assertThat(translated.isDuplicateKey()).isTrue();
		assertThat(translated.getFailures()).allMatch(BulkWriteFailure::isDuplicateKey);
	}

	@Test
	void bulkWriteFailureKeepsThePartialResult() {
		ObjectId upserted = new ObjectId();
		BulkWriteResult result = BulkWriteResult.acknowledged(2, 5, 1, 4,
				List.of(new BulkWriteUpsert(6, new BsonObjectId(upserted)), new BulkWriteUpsert(9, new BsonInt32(42))),
				List.of());
		MongoBulkWriteException ex = bulkWriteException(result,
				List.of(bulkWriteError(7, 121, "Document failed validation")), null);
		MongoBulkWriteFailureException translated = assertTranslated(ex, MongoBulkWriteFailureException.class);
		assertThat(translated.getInsertedCount()).isEqualTo(2);
		assertThat(translated.getMatchedCount()).isEqualTo(5);
		assertThat(translated.getDeletedCount()).isEqualTo(1);
		assertThat(translated.getModifiedCount()).isEqualTo(4);
		assertThat(translated.getUpserts()).containsExactly(entry(6, new BsonObjectId(upserted)),
				entry(9, (BsonValue) new BsonInt32(42)));
	}

	@Test
	void bulkWriteFailureOfAnUnacknowledgedWriteHasNoCounts() {
		MongoBulkWriteException ex = bulkWriteException(BulkWriteResult.unacknowledged(),
				List.of(bulkWriteError(0, 121, "Document failed validation")), null);
		MongoBulkWriteFailureException translated = assertTranslated(ex, MongoBulkWriteFailureException.class);
		assertThat(translated.getInsertedCount()).isZero();
		assertThat(translated.getMatchedCount()).isZero();
		assertThat(translated.getModifiedCount()).isZero();
		assertThat(translated.getDeletedCount()).isZero();
		assertThat(translated.getUpserts()).isEmpty();
	}

	@Test
	void bulkWriteFailureKeepsTheWriteConcernError() {
		WriteConcernError writeConcernError = new WriteConcernError(64, "WriteConcernFailed",
				"waiting for replication timed out", new BsonDocument());
		MongoBulkWriteException ex = bulkWriteException(BulkWriteResult.acknowledged(3, 0, 0, 0, List.of(), List.of()),
				List.of(), writeConcernError);
		MongoBulkWriteFailureException translated = assertTranslated(ex, MongoBulkWriteFailureException.class);
		assertThat(translated.getWriteConcernError())
			.isEqualTo("64 (WriteConcernFailed): waiting for replication timed out");
		assertThat(translated.getMessage())
			.isEqualTo("Bulk write failed: write concern error 64 (WriteConcernFailed): "
					+ "waiting for replication timed out");
		assertThat(translated.getFailures()).isEmpty();
		assertThat(translated.isDuplicateKey()).isFalse();
	}

	@Test
	void bulkWriteFailureMessageNamesBothTheFailuresAndTheWriteConcernError() {
		WriteConcernError writeConcernError = new WriteConcernError(64, "", "waiting for replication timed out",
				new BsonDocument());
		MongoBulkWriteException ex = bulkWriteException(BulkWriteResult.acknowledged(1, 0, 0, 0, List.of(), List.of()),
				List.of(bulkWriteError(1, 11000, DUPLICATE_KEY_MESSAGE)), writeConcernError);
		assertThat(this.translator.translateExceptionIfPossible(ex)).hasMessage(
				"Bulk write failed for 1 operation: index 1 (code 11000, duplicate key); "
						+ "write concern error 64: waiting for replication timed out");
	}

	// Duplicate keys

	@Test
	void duplicateKeyWriteErrorIsADuplicateKey() {
		MongoWriteException ex = writeException(11000, DUPLICATE_KEY_MESSAGE);
		DuplicateKeyException translated = assertTranslated(ex, DuplicateKeyException.class, "Duplicate key");
		// As MongoDB reports it, with the duplicate value.
		assertThat(translated.getMessage()).contains("dup key: { email: \"ada@example.com\" }");
	}

	@ParameterizedTest
	@ValueSource(ints = { 11000, 11001, 12582 })
	void serverErrorWithADuplicateKeyCodeIsADuplicateKey(int code) {
		// findOneAndUpdate with upsert reports a duplicate key as a command error.
		MongoCommandException ex = commandException(code, "DuplicateKey", DUPLICATE_KEY_MESSAGE);
		assertTranslated(ex, DuplicateKeyException.class, "Duplicate key");
	}

	@Test
	void legacyDuplicateKeyExceptionIsADuplicateKey() {
		com.mongodb.DuplicateKeyException ex = new com.mongodb.DuplicateKeyException(
				errorResponse(11000, "DuplicateKey", DUPLICATE_KEY_MESSAGE), ADDRESS,
				WriteConcernResult.acknowledged(0, false, null));
		assertTranslated(ex, DuplicateKeyException.class, "Duplicate key");
	}

	// Write conflicts and transient errors

	@Test
	void writeConflictIsAConcurrencyFailureEvenWithATransientTransactionErrorLabel() {
		MongoCommandException ex = commandException(112, "WriteConflict",
				"Caused by :: Write conflict during plan execution and yielding is disabled.",
				MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);
		ConcurrencyFailureException translated = assertTranslated(ex, ConcurrencyFailureException.class,
				"Write conflict");
		assertThat(translated).isInstanceOf(TransientDataAccessException.class);
	}

	@Test
	void documentValidationFailureIsADataIntegrityViolation() {
		assertTranslated(writeException(121, "Document failed validation"), DataIntegrityViolationException.class,
				"Document failed the collection's validator");
	}

	@Test
	void writeConflictWriteErrorIsAConcurrencyFailure() {
		assertTranslated(writeException(112, "WriteConflict"), ConcurrencyFailureException.class, "Write conflict");
	}

	@Test
	void serverErrorLabelledTransientTransactionErrorIsTransient() {
		MongoCommandException ex = commandException(251, "NoSuchTransaction",
				"Transaction with { txnNumber: 2 } has been aborted.",
				MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);
		assertTranslated(ex, TransientDataAccessResourceException.class,
				"Transient transaction error, the transaction may be retried");
	}

	@Test
	void networkErrorLabelledTransientTransactionErrorIsTransientRatherThanAResourceFailure() {
		// The driver labels a network error inside a transaction so.
		MongoSocketReadException ex = new MongoSocketReadException("Prematurely reached end of stream", ADDRESS);
		ex.addLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);
		assertTranslated(ex, TransientDataAccessResourceException.class,
				"Transient transaction error, the transaction may be retried");
	}

	@Test
	void notPrimaryErrorLabelledTransientTransactionErrorIsTransient() {
		MongoNotPrimaryException ex = new MongoNotPrimaryException(
				errorResponse(10107, "NotWritablePrimary", "not primary",
						MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL),
				ADDRESS);
		assertTranslated(ex, TransientDataAccessResourceException.class,
				"Transient transaction error, the transaction may be retried");
	}

	@Test
	void networkErrorLabelledRetryableWriteErrorIsTransient() {
		// The driver labels a network error during a retryable write so.
		MongoSocketWriteException ex = new MongoSocketWriteException("Exception sending message", ADDRESS,
				new IOException("Broken pipe"));
		ex.addLabel("RetryableWriteError");
		assertTranslated(ex, TransientDataAccessResourceException.class, "Retryable write error");
	}

	@Test
	void writeConcernErrorLabelledRetryableWriteErrorIsTransient() {
		MongoWriteConcernException ex = new MongoWriteConcernException(
				new WriteConcernError(11602, "InterruptedDueToReplStateChange", "operation was interrupted",
						new BsonDocument()),
				null, ADDRESS, Set.of("RetryableWriteError"));
		assertTranslated(ex, TransientDataAccessResourceException.class, "Retryable write error");
	}

	// Resource failures

	@Test
	void serverSelectionTimeoutIsAResourceFailure() {
		MongoTimeoutException ex = new MongoTimeoutException("Timed out after 500 ms while waiting to connect. "
				+ "Client view of cluster state is {type=UNKNOWN, servers=[{address=db1.example.com:27017, "
				+ "type=UNKNOWN, state=CONNECTING}]");
		assertTranslated(ex, DataAccessResourceFailureException.class, "MongoDB server unavailable");
	}

	@Test
	void everyServerCircuitOpenIsAResourceFailureNotAMisuseAlthoughItIsAClientException() {
		AllServersCircuitOpenException ex = new AllServersCircuitOpenException(
				List.of("db1.example.com:27017", "db2.example.com:27017"));
		assertThat(ex).isInstanceOf(MongoClientException.class);
		DataAccessResourceFailureException translated = assertTranslated(ex, DataAccessResourceFailureException.class,
				"Every eligible MongoDB server is unavailable (circuit breakers open); the operation may be retried"
						+ " once a breaker lets calls through again");
		assertThat(translated).hasMessageContaining("db1.example.com:27017, db2.example.com:27017");
		assertThat(this.translator.translate(ex, "gave up after 3 attempts"))
			.isExactlyInstanceOf(DataAccessResourceFailureException.class);
	}

	@Test
	void serverUnavailableIsAResourceFailure() {
		MongoServerUnavailableException ex = new MongoServerUnavailableException(
				"The server at db1.example.com:27017 is no longer available");
		assertTranslated(ex, DataAccessResourceFailureException.class, "MongoDB server unavailable");
	}

	@ParameterizedTest
	@MethodSource("socketExceptions")
	void socketExceptionIsAResourceFailure(MongoSocketException ex) {
		assertTranslated(ex, DataAccessResourceFailureException.class, "Network error");
	}

	static Stream<MongoSocketException> socketExceptions() {
		return Stream.of(new MongoSocketException("Exception receiving message", ADDRESS),
				new MongoSocketOpenException("Exception opening socket", ADDRESS,
						new ConnectException("Connection refused")),
				new MongoSocketReadException("Prematurely reached end of stream", ADDRESS),
				new MongoSocketWriteException("Exception sending message", ADDRESS, new IOException("Broken pipe")),
				new MongoSocketClosedException("Cannot write to a closed stream", ADDRESS),
				new MongoSocketWriteTimeoutException("Timeout while writing message", ADDRESS,
						new IOException("timed out")));
	}

	@Test
	void socketReadTimeoutIsAResourceFailureRatherThanAQueryTimeout() {
		MongoSocketReadTimeoutException ex = new MongoSocketReadTimeoutException("Timeout while receiving message",
				ADDRESS, new SocketTimeoutException("Read timed out"));
		assertTranslated(ex, DataAccessResourceFailureException.class, "Socket read timed out (socketTimeoutMS)");
	}

	@Test
	void connectionPoolClearedIsAResourceFailure() {
		MongoConnectionPoolClearedException ex = new MongoConnectionPoolClearedException(
				new ServerId(new ClusterId(), ADDRESS),
				new MongoSocketReadException("Prematurely reached end of stream", ADDRESS));
		assertTranslated(ex, DataAccessResourceFailureException.class, "Connection pool cleared");
	}

	@Test
	void notPrimaryIsAResourceFailure() {
		MongoNotPrimaryException ex = new MongoNotPrimaryException(
				errorResponse(10107, "NotWritablePrimary", "not primary"), ADDRESS);
		assertTranslated(ex, DataAccessResourceFailureException.class, "Not primary");
	}

	@Test
	void nodeIsRecoveringIsAResourceFailure() {
		MongoNodeIsRecoveringException ex = new MongoNodeIsRecoveringException(
				errorResponse(11602, "InterruptedDueToReplStateChange", "operation was interrupted"), ADDRESS);
		assertTranslated(ex, DataAccessResourceFailureException.class, "Node is recovering");
	}

	@Test
	void nodeIsRecoveringErrorOfAServerShuttingDownSaysSo() {
		MongoNodeIsRecoveringException ex = new MongoNodeIsRecoveringException(
				errorResponse(91, "ShutdownInProgress", "The server is in quiesce mode and will shut down"), ADDRESS);
		assertTranslated(ex, DataAccessResourceFailureException.class, "Node is shutting down");
	}

	@Test
	void notPrimaryErrorRecognizedByItsMessageIsAResourceFailure() {
		// The driver falls back to the message when a reply has no code.
		MongoNotPrimaryException ex = new MongoNotPrimaryException(
				new BsonDocument("ok", new BsonInt32(0)).append("errmsg", new BsonString("not master")), ADDRESS);
		assertTranslated(ex, DataAccessResourceFailureException.class, "Not primary");
	}

	@Test
	void nodeIsRecoveringErrorRecognizedByItsMessageIsAResourceFailure() {
		MongoNodeIsRecoveringException ex = new MongoNodeIsRecoveringException(
				new BsonDocument("ok", new BsonInt32(0)).append("errmsg", new BsonString("node is recovering")),
				ADDRESS);
		assertTranslated(ex, DataAccessResourceFailureException.class, "Node is recovering");
	}

	@ParameterizedTest(name = "{0} ({1})")
	@MethodSource("stateChangeCodes")
	void stateChangeErrorOfAQueryIsAResourceFailure(int code, String codeName, String what) {
		// FindOperation rethrows a "not primary" or "node is recovering" reply to a find as a
		// MongoQueryException, not as a MongoNotPrimaryException or a
		// MongoNodeIsRecoveringException.
		MongoQueryException ex = new MongoQueryException(errorResponse(code, codeName, "state change"), ADDRESS);
		assertTranslated(ex, DataAccessResourceFailureException.class, what);
	}

	@ParameterizedTest(name = "{0} ({1})")
	@MethodSource("stateChangeCodes")
	void stateChangeErrorOfACommandIsAResourceFailure(int code, String codeName, String what) {
		MongoCommandException ex = commandException(code, codeName, "state change");
		assertTranslated(ex, DataAccessResourceFailureException.class, what);
	}

	@ParameterizedTest(name = "{0} ({1})")
	@MethodSource("stateChangeCodes")
	void stateChangeErrorLabelledTransientTransactionErrorIsTransient(int code, String codeName, String what) {
		MongoQueryException ex = new MongoQueryException(
				errorResponse(code, codeName, "state change", MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL),
				ADDRESS);
		assertTranslated(ex, TransientDataAccessResourceException.class,
				"Transient transaction error, the transaction may be retried");
	}

	/**
	 * The "not writable primary" and "node is recovering" error codes of the Server
	 * Discovery and Monitoring specification.
	 */
	static Stream<Arguments> stateChangeCodes() {
		return Stream.of(Arguments.of(10107, "NotWritablePrimary", "Not primary"),
				Arguments.of(13435, "NotPrimaryNoSecondaryOk", "Not primary"),
				Arguments.of(10058, "LegacyNotPrimary", "Not primary"),
				Arguments.of(11602, "InterruptedDueToReplStateChange", "Node is recovering"),
				Arguments.of(13436, "NotPrimaryOrSecondary", "Node is recovering"),
				Arguments.of(189, "PrimarySteppedDown", "Node is recovering"),
				Arguments.of(11600, "InterruptedAtShutdown", "Node is shutting down"),
				Arguments.of(91, "ShutdownInProgress", "Node is shutting down"));
	}

	@Test
	void stalePrimaryIsAResourceFailure() {
		MongoStalePrimaryException ex = new MongoStalePrimaryException("Primary db1.example.com:27017 is stale");
		assertTranslated(ex, DataAccessResourceFailureException.class, "Stale primary");
	}

	@ParameterizedTest
	@ValueSource(ints = { 6, 7, 89, 9001 })
	void serverErrorOfARouterThatCannotReachAShardIsAResourceFailure(int code) {
		MongoCommandException ex = commandException(code, "HostUnreachable", "Connection refused");
		assertTranslated(ex, DataAccessResourceFailureException.class, "Server unreachable");
	}

	@Test
	void networkErrorWhileAuthenticatingIsAResourceFailure() {
		MongoCredential credential = MongoCredential.createScramSha256Credential("app", "admin",
				"s3cret".toCharArray());
		MongoSecurityException ex = new MongoSecurityException(credential, "Exception authenticating " + credential,
				new MongoSocketReadException("Prematurely reached end of stream", ADDRESS));
		assertTranslated(ex, DataAccessResourceFailureException.class, "Network error while authenticating");
	}

	// Permission denied

	@Test
	void authenticationFailureIsPermissionDeniedWithoutThePassword() {
		MongoCredential credential = MongoCredential.createScramSha256Credential("app", "admin",
				"s3cret".toCharArray());
		MongoSecurityException ex = new MongoSecurityException(credential, "Exception authenticating " + credential,
				commandException(18, "AuthenticationFailed", "Authentication failed."));
		PermissionDeniedDataAccessException translated = assertTranslated(ex,
				PermissionDeniedDataAccessException.class, "Authentication failed");
		// The driver hides the password and keeps the user name, as MongoUriSanitizer does.
		assertThat(translated.getMessage()).contains("userName='app'")
			.contains("password=<hidden>")
			.doesNotContain("s3cret");
	}

	@Test
	void authenticationFailureMasksThePasswordShouldTheMessageQuoteIt() {
		MongoCredential credential = MongoCredential.createPlainCredential("app", "$external", "s3cret".toCharArray());
		MongoSecurityException ex = new MongoSecurityException(credential, "PLAIN login of app with s3cret failed");
		assertThat(this.translator.translateExceptionIfPossible(ex)).isExactlyInstanceOf(
				PermissionDeniedDataAccessException.class)
			.hasMessage("Authentication failed: PLAIN login of app with **** failed")
			.hasCause(ex);
	}

	@Test
	void unauthorizedIsPermissionDenied() {
		MongoCommandException ex = commandException(13, "Unauthorized",
				"not authorized on shop to execute command { find: \"users\" }");
		assertTranslated(ex, PermissionDeniedDataAccessException.class, "Not authorized");
	}

	@Test
	void authenticationFailedServerErrorIsPermissionDenied() {
		MongoCommandException ex = commandException(18, "AuthenticationFailed", "Authentication failed.");
		assertTranslated(ex, PermissionDeniedDataAccessException.class, "Authentication failed");
	}

	// Invalid API usage

	@Test
	void codecConfigurationExceptionIsInvalidApiUsage() {
		CodecConfigurationException ex = new CodecConfigurationException(
				"Can't find a codec for CodecCacheKey{clazz=class com.example.Order, types=null}.");
		assertTranslated(ex, InvalidDataAccessApiUsageException.class, "Codec configuration error");
	}

	@Test
	void bsonMaximumSizeExceededIsInvalidApiUsage() {
		BsonMaximumSizeExceededException ex = new BsonMaximumSizeExceededException(
				"Payload document size is larger than maximum of 16777216.");
		assertTranslated(ex, InvalidDataAccessApiUsageException.class, "Document too large");
	}

	@Test
	void bsonSerializationExceptionIsInvalidApiUsage() {
		BsonSerializationException ex = new BsonSerializationException("BSON field names can not contain null bytes");
		assertTranslated(ex, InvalidDataAccessApiUsageException.class, "BSON serialization failed");
	}

	@Test
	void otherBsonExceptionIsInvalidApiUsage() {
		BsonInvalidOperationException ex = new BsonInvalidOperationException(
				"Value expected to be of type INT32 is of unexpected type STRING");
		assertTranslated(ex, InvalidDataAccessApiUsageException.class, "Invalid BSON");
	}

	@ParameterizedTest
	@MethodSource("clientExceptions")
	void clientExceptionIsInvalidApiUsage(MongoClientException ex) {
		assertTranslated(ex, InvalidDataAccessApiUsageException.class, "Invalid use of the MongoDB client");
	}

	static Stream<MongoClientException> clientExceptions() {
		return Stream.of(
				new MongoClientException("This MongoDB deployment does not support retryable writes. "
						+ "Please add retryWrites=false to your connection string."),
				new MongoConfigurationException("A TXT record is only permitted to contain the keys [authsource, "
						+ "replicaset, loadbalanced]"));
	}

	// Uncategorized

	@Test
	void otherServerErrorIsUncategorizedWithItsCodeAndLabels() {
		MongoCommandException ex = commandException(2, "BadValue", "unknown operator: $foo",
				MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL);
		UncategorizedMongoException translated = assertTranslated(ex, UncategorizedMongoException.class,
				"MongoDB server error 2 (BadValue)");
		assertThat(translated.getCode()).isEqualTo(2);
		assertThat(translated.getErrorLabels()).containsExactly(MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL);
	}

	@Test
	void otherWriteErrorIsUncategorizedWithItsCode() {
		MongoWriteException ex = writeException(66, "Performing an update on the path '_id' would modify the immutable field '_id'");
		UncategorizedMongoException translated = assertTranslated(ex, UncategorizedMongoException.class,
				"MongoDB server error 66");
		assertThat(translated.getCode()).isEqualTo(66);
		assertThat(translated.getErrorLabels()).isEmpty();
	}

	@Test
	void writeConcernErrorIsUncategorizedWithItsCode() {
		MongoWriteConcernException ex = new MongoWriteConcernException(
				new WriteConcernError(64, "WriteConcernFailed", "waiting for replication timed out",
						new BsonDocument()),
				null, ADDRESS, Set.of());
		UncategorizedMongoException translated = assertTranslated(ex, UncategorizedMongoException.class,
				"MongoDB server error 64");
		assertThat(translated.getCode()).isEqualTo(64);
	}

	@Test
	void cursorNotFoundIsUncategorized() {
		MongoCursorNotFoundException ex = new MongoCursorNotFoundException(42,
				errorResponse(43, "CursorNotFound", "cursor id 42 not found"), ADDRESS);
		UncategorizedMongoException translated = assertTranslated(ex, UncategorizedMongoException.class,
				"MongoDB server error 43 (CursorNotFound)");
		assertThat(translated.getCode()).isEqualTo(43);
	}

	@Test
	void interruptionIsUncategorizedRatherThanAResourceFailure() {
		MongoInterruptedException ex = new MongoInterruptedException("Interrupted waiting for lock",
				new InterruptedException());
		UncategorizedMongoException translated = assertTranslated(ex, UncategorizedMongoException.class,
				"Interrupted");
		assertThat(translated.getCode()).isEqualTo(-1);
	}

	@ParameterizedTest
	@MethodSource("otherMongoExceptions")
	void otherMongoExceptionIsUncategorizedWithoutACode(MongoException ex) {
		UncategorizedMongoException translated = assertTranslated(ex, UncategorizedMongoException.class,
				"MongoDB error");
		assertThat(translated.getCode()).isEqualTo(-1);
	}

	static Stream<MongoException> otherMongoExceptions() {
		return Stream.of(new MongoException("boom"), new MongoException(8000, "Atlas error"),
				new MongoInternalException("Unexpected reply"));
	}

	// Messages

	@Test
	void messageMasksTheSecretsOfAConnectionStringItQuotes() {
		MongoException ex = new MongoException("Cannot use mongodb://app:s3cret@db1.example.com/shop for this");
		DataAccessException translated = this.translator.translateExceptionIfPossible(ex);
		assertThat(translated).hasMessage("MongoDB error: Cannot use mongodb://app:****@db1.example.com/shop for this")
			.hasCause(ex);
	}

	@Test
	void messageOfAnExceptionWithoutMessageSaysWhatHappened() {
		MongoSocketException ex = new MongoSocketException(null, ADDRESS);
		assertThat(this.translator.translateExceptionIfPossible(ex)).hasMessage("Network error");
	}

	@Test
	void translatedExceptionCanBeThrown() {
		MongoWriteException ex = writeException(11000, DUPLICATE_KEY_MESSAGE);
		assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> {
			try {
				throw ex;
			}
			catch (RuntimeException caught) {
				throw this.translator.translate(caught);
			}
		}).withCause(ex);
	}

	private <T extends DataAccessException> T assertTranslated(RuntimeException ex, Class<T> type, String what) {
		T translated = assertTranslated(ex, type);
		assertThat(translated).hasMessage(what + ": " + ex.getMessage());
		return translated;
	}

	private <T extends DataAccessException> T assertTranslated(RuntimeException ex, Class<T> type) {
		DataAccessException translated = this.translator.translateExceptionIfPossible(ex);
		assertThat(translated).isExactlyInstanceOf(type).hasCause(ex);
		assertThat(translated.getCause()).isSameAs(ex);
		assertThat(this.translator.translate(ex)).isExactlyInstanceOf(type);
		return type.cast(translated);
	}

	private static MongoCommandException commandException(int code, String codeName, String message,
			String... labels) {
		return new MongoCommandException(errorResponse(code, codeName, message, labels), ADDRESS);
	}

	private static MongoWriteException writeException(int code, String message) {
		return new MongoWriteException(new WriteError(code, message, new BsonDocument()), ADDRESS, Set.of());
	}

	private static MongoBulkWriteException bulkWriteException(BulkWriteResult result, List<BulkWriteError> errors,
			@Nullable WriteConcernError writeConcernError) {
		return new MongoBulkWriteException(result, errors, writeConcernError, ADDRESS, Set.of());
	}

	private static BulkWriteError bulkWriteError(int index, int code, String message) {
		return new BulkWriteError(code, message, new BsonDocument(), index);
	}

	/**
	 * Return an error reply, as the server sends it.
	 */
	private static BsonDocument errorResponse(int code, String codeName, String message, String... labels) {
		BsonArray errorLabels = new BsonArray();
		for (String label : labels) {
			errorLabels.add(new BsonString(label));
		}
		return new BsonDocument("ok", new BsonInt32(0)).append("errmsg", new BsonString(message))
			.append("code", new BsonInt32(code))
			.append("codeName", new BsonString(codeName))
			.append("errorLabels", errorLabels);
	}

}
