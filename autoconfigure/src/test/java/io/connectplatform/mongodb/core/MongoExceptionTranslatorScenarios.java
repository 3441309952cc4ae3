package io.connectplatform.mongodb.core;

import java.util.List;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoQueryException;
import com.mongodb.MongoSocketException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.connectplatform.mongodb.core.MongoBulkWriteFailureException.BulkWriteFailure;
import org.bson.BsonInt32;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Scenarios of {@link MongoDriverExceptionTranslator} with a real {@link MongoClient} against a
 * replica set, run against every server that runs them (a subclass says where: the embedded
 * replica set, or a real MongoDB): failed bulk writes, a write conflict between two
 * transactions, and, through the {@code failCommand} fail point, error codes, error labels
 * and closed connections, as the driver really reports them.
 * <p>
 * The clients run as application {@value #APPLICATION_NAME}, so that a fail point affects
 * them alone, and without retries, so that a single injected failure reaches the caller;
 * the server must have test commands enabled.
 *
 * @author Connect MongoDB team
 */
abstract class MongoExceptionTranslatorScenarios {

	private static final String APPLICATION_NAME = "exception-translator-scenarios";

	private final MongoDriverExceptionTranslator translator = new MongoDriverExceptionTranslator();

	private MongoClient client;

	private MongoCollection<Document> users;

	/**
	 * Return the connection string of the replica set to run the scenarios against.
	 * @return the connection string
	 */
	protected abstract String connectionString();

	/**
	 * Check the number of documents a failed bulk write reports as inserted.
	 * @param failure the failure
	 * @param expected the number of documents the server inserted
	 */
	protected abstract void assertInsertedCount(MongoBulkWriteFailureException failure, int expected);

	@BeforeEach
	void connect(TestInfo test) {
		this.client = MongoClients.create(settings().retryReads(false).retryWrites(false).build());
		this.users = this.client.getDatabase("shop").getCollection(test.getTestMethod().orElseThrow().getName());
		this.users.drop();
		this.users.insertOne(new Document("_id", 1).append("name", "Ada"));
	}

	@AfterEach
	void disableFailPointAndClose() {
		admin().runCommand(new Document("configureFailPoint", "failCommand").append("mode", "off"));
		this.client.close();
	}

	@Test
	void orderedInsertManyStopsAtTheFirstFailure() {
		List<Document> documents = List.of(document(2), document(3), document(1), document(4), document(1));
		assertThatExceptionOfType(MongoBulkWriteFailureException.class)
			.isThrownBy(() -> translate(() -> this.users.insertMany(documents)))
			.satisfies((ex) -> {
				assertThat(ex.getFailures()).extracting(BulkWriteFailure::index).containsExactly(2);
				assertThat(ex.isDuplicateKey()).isTrue();
				assertInsertedCount(ex, 2);
			});
		assertThat(this.users.countDocuments()).isEqualTo(3);
	}

	@Test
	void unorderedInsertManyCarriesOnAfterAFailure() {
		List<Document> documents = List.of(document(2), document(3), document(1), document(4), document(1));
		assertThatExceptionOfType(MongoBulkWriteFailureException.class)
			.isThrownBy(() -> translate(() -> this.users.insertMany(documents, new InsertManyOptions().ordered(false))))
			.satisfies((ex) -> {
				assertThat(ex.getFailures()).extracting(BulkWriteFailure::index).containsExactly(2, 4);
				assertThat(ex.getFailures()).extracting(BulkWriteFailure::code).containsOnly(11000);
				assertInsertedCount(ex, 3);
			});
		assertThat(this.users.countDocuments()).isEqualTo(4);
	}

	@Test
	void bulkWriteFailureKeepsTheCountsOfTheOperationsThatSucceeded() {
		this.users.insertOne(document(5));
		List<WriteModel<Document>> writes = List.of(new InsertOneModel<>(document(1)),
				new UpdateOneModel<>(Filters.eq("_id", 1), Updates.set("name", "Ada Lovelace")),
				new UpdateOneModel<>(Filters.eq("_id", 99), Updates.set("name", "Grace"),
						new UpdateOptions().upsert(true)),
				new DeleteOneModel<>(Filters.eq("_id", 5)));
		assertThatExceptionOfType(MongoBulkWriteFailureException.class)
			.isThrownBy(() -> translate(() -> this.users.bulkWrite(writes, new BulkWriteOptions().ordered(false))))
			.satisfies((ex) -> {
				assertThat(ex.getFailures()).extracting(BulkWriteFailure::index).containsExactly(0);
				assertInsertedCount(ex, 0);
				assertThat(ex.getMatchedCount()).isEqualTo(1);
				assertThat(ex.getModifiedCount()).isEqualTo(1);
				assertThat(ex.getDeletedCount()).isEqualTo(1);
				assertThat(ex.getUpserts()).containsExactly(entry(2, new BsonInt32(99)));
			});
	}

	@Test
	void maxTimeMsExpiredErrorIsAQueryTimeout() {
		failCommand("find", new Document("errorCode", 50));
		assertThatExceptionOfType(QueryTimeoutException.class)
			.isThrownBy(() -> translate(() -> this.users.find().first()))
			.withCauseInstanceOf(MongoExecutionTimeoutException.class);
	}

	@Test
	void writeConflictIsAConcurrencyFailure() {
		failCommand("update", new Document("errorCode", 112).append("errorLabels",
				List.of(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)));
		assertThatExceptionOfType(ConcurrencyFailureException.class)
			.isThrownBy(() -> translate(
					() -> this.users.updateOne(Filters.eq("_id", 1), Updates.set("name", "Ada Lovelace"))))
			.withCauseInstanceOf(MongoException.class)
			.withMessageStartingWith("Write conflict: ");
	}

	@Test
	void writeConflictBetweenTwoTransactionsIsAConcurrencyFailure() {
		try (ClientSession first = this.client.startSession(); ClientSession second = this.client.startSession()) {
			first.startTransaction();
			second.startTransaction();
			this.users.updateOne(first, Filters.eq("_id", 1), Updates.set("name", "Ada Lovelace"));
			assertThatExceptionOfType(ConcurrencyFailureException.class)
				.isThrownBy(() -> translate(
						() -> this.users.updateOne(second, Filters.eq("_id", 1), Updates.set("name", "Ada Byron"))))
				.withMessageStartingWith("Write conflict: ")
				.satisfies((ex) -> assertThat(((MongoException) ex.getCause())
					.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)).isTrue());
			first.commitTransaction();
		}
		assertThat(this.users.find().first()).containsEntry("name", "Ada Lovelace");
	}

	@Test
	void networkErrorInATransactionIsTransient() {
		failCommand("insert", new Document("closeConnection", true));
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			// The driver labels a network error inside a transaction TransientTransactionError.
			assertThatExceptionOfType(TransientDataAccessResourceException.class)
				.isThrownBy(() -> translate(() -> this.users.insertOne(session, document(2))))
				.withCauseInstanceOf(MongoSocketException.class)
				.satisfies((ex) -> assertThat(((MongoException) ex.getCause())
					.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)).isTrue());
		}
	}

	@Test
	void writeThatFailsAgainWhenRetriedIsTransient() {
		// ExceededTimeLimit labelled RetryableWriteError, twice: the driver retries once,
		// then hands the labelled error over.
		failCommand("insert", 2, new Document("errorCode", 262).append("errorLabels", List.of("RetryableWriteError")));
		try (MongoClient client = MongoClients.create(settings().retryWrites(true).build())) {
			MongoCollection<Document> users = client.getDatabase("shop")
				.getCollection(this.users.getNamespace().getCollectionName());
			assertThatExceptionOfType(TransientDataAccessResourceException.class)
				.isThrownBy(() -> translate(() -> users.insertOne(document(2))))
				.withMessageStartingWith("Retryable write error: ");
		}
		assertThat(this.users.countDocuments()).isOne();
	}

	@Test
	void droppedConnectionIsAResourceFailure() {
		failCommand("find", new Document("closeConnection", true));
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> translate(() -> this.users.find().first()))
			.withCauseInstanceOf(MongoSocketException.class)
			.withMessageStartingWith("Network error: ");
	}

	@Test
	void notPrimaryIsAResourceFailure() {
		failCommand("find", new Document("errorCode", 10107));
		// The driver reports it as a MongoNotPrimaryException, which FindOperation then
		// rethrows as a MongoQueryException, as it does with every command error of a find.
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> translate(() -> this.users.find().first()))
			.withCauseInstanceOf(MongoQueryException.class)
			.withMessageStartingWith("Not primary: ")
			.satisfies((ex) -> assertThat(((MongoException) ex.getCause()).getCode()).isEqualTo(10107));
	}

	@Test
	void notPrimaryOnAWriteIsAResourceFailure() {
		failCommand("update", new Document("errorCode", 10107));
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> translate(
					() -> this.users.updateOne(Filters.eq("_id", 1), Updates.set("name", "Ada Lovelace"))))
			.withCauseInstanceOf(MongoNotPrimaryException.class)
			.withMessageStartingWith("Not primary: ");
		assertThat(this.users.find().first()).containsEntry("name", "Ada");
	}

	@Test
	void unauthorizedIsPermissionDenied() {
		failCommand("find", new Document("errorCode", 13));
		assertThatExceptionOfType(PermissionDeniedDataAccessException.class)
			.isThrownBy(() -> translate(() -> this.users.find().first()))
			.withMessageStartingWith("Not authorized: ");
	}

	/**
	 * Return the admin database, through this class's client.
	 * @return the admin database
	 */
	protected MongoDatabase admin() {
		return this.client.getDatabase("admin");
	}

	/**
	 * Return this test's collection, through this class's client.
	 * @return the collection
	 */
	protected MongoCollection<Document> users() {
		return this.users;
	}

	private void failCommand(String command, Document data) {
		failCommand(command, 1, data);
	}

	/**
	 * Make the next commands of this class's clients with the given name fail as
	 * {@code data} says.
	 */
	private void failCommand(String command, int times, Document data) {
		Document mode = new Document("times", times);
		admin().runCommand(new Document("configureFailPoint", "failCommand").append("mode", mode)
			.append("data", data.append("failCommands", List.of(command)).append("appName", APPLICATION_NAME)));
	}

	/**
	 * Run an operation, translating what it throws.
	 * @param operation the operation
	 */
	protected void translate(Runnable operation) {
		try {
			operation.run();
		}
		catch (RuntimeException ex) {
			throw this.translator.translate(ex);
		}
	}

	private MongoClientSettings.Builder settings() {
		return MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(connectionString()))
			.applicationName(APPLICATION_NAME);
	}

	private static Document document(int id) {
		return new Document("_id", id);
	}

}
