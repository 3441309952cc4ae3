package io.connectplatform.mongodb.core;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNotPrimaryException;
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
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link MongoExceptionTranslator} against a real MongoDB (a single-node replica
 * set), for what the embedded server cannot show: the counts of a failed bulk write,
 * {@code maxTimeMS}, and, through fail points, write conflicts, error labels and dropped
 * connections. Needs a Docker engine: where none runs, the class is reported as skipped.
 * <p>
 * Fail points need test commands, which {@link MongoDBContainer} does not enable: the
 * container's command (which {@code withReplicaSet()} sets to {@code --replSet docker-rs})
 * is replaced by one that also sets {@code enableTestCommands}.
 *
 * @author Connect MongoDB team
 */
@Testcontainers(disabledWithoutDocker = true)
class MongoExceptionTranslatorContainerTests {

	private static final String APPLICATION_NAME = "exception-translator-tests";

	@Container
	static MongoDBContainer mongo = new MongoDBContainer("mongo:8.0").withReplicaSet()
		.withCommand("--replSet", "docker-rs", "--setParameter", "enableTestCommands=1");

	private final MongoExceptionTranslator translator = new MongoExceptionTranslator();

	private MongoClient client;

	private MongoCollection<Document> users;

	@BeforeEach
	void connect(TestInfo test) {
		// Without retries, so that a single injected failure reaches the caller.
		this.client = MongoClients.create(settings().retryReads(false).retryWrites(false).build());
		this.users = this.client.getDatabase("shop").getCollection(test.getTestMethod().orElseThrow().getName());
		this.users.drop();
		this.users.insertOne(new Document("_id", 1).append("name", "Ada"));
	}

	@AfterEach
	void disableFailPointsAndClose() {
		MongoDatabase admin = this.client.getDatabase("admin");
		admin.runCommand(new Document("configureFailPoint", "failCommand").append("mode", "off"));
		admin.runCommand(new Document("configureFailPoint", "maxTimeAlwaysTimeOut").append("mode", "off"));
		this.client.close();
	}

	@Test
	void orderedInsertManyStopsAtTheFirstFailure() {
		List<Document> documents = List.of(document(2), document(3), document(1), document(4), document(1));
		assertThatExceptionOfType(MongoBulkWriteFailureException.class)
			.isThrownBy(() -> translate(() -> this.users.insertMany(documents)))
			.satisfies((ex) -> {
				assertThat(ex.getFailures()).extracting(BulkWriteFailure::index).containsExactly(2);
				assertThat(ex.getInsertedCount()).isEqualTo(2);
				assertThat(ex.isDuplicateKey()).isTrue();
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
				assertThat(ex.getInsertedCount()).isEqualTo(3);
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
				assertThat(ex.getInsertedCount()).isZero();
				assertThat(ex.getMatchedCount()).isEqualTo(1);
				assertThat(ex.getModifiedCount()).isEqualTo(1);
				assertThat(ex.getDeletedCount()).isEqualTo(1);
				assertThat(ex.getUpserts()).containsExactly(entry(2, new BsonInt32(99)));
			});
	}

	@Test
	void exceededMaxTimeIsAQueryTimeout() {
		// A server fail point that makes every operation with a maxTimeMS time out.
		this.client.getDatabase("admin")
			.runCommand(new Document("configureFailPoint", "maxTimeAlwaysTimeOut").append("mode", "alwaysOn"));
		assertThatExceptionOfType(QueryTimeoutException.class)
			.isThrownBy(() -> translate(() -> this.users.find().maxTime(10, TimeUnit.SECONDS).first()))
			.withCauseInstanceOf(MongoExecutionTimeoutException.class)
			.withMessageStartingWith("Server time limit exceeded (maxTimeMS): ");
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
			MongoCollection<Document> users = client.getDatabase("shop").getCollection(this.users.getNamespace()
				.getCollectionName());
			assertThatExceptionOfType(TransientDataAccessResourceException.class)
				.isThrownBy(() -> translate(() -> users.insertOne(document(2))))
				.withMessageStartingWith("Retryable write error: ");
		}
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
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> translate(() -> this.users.find().first()))
			.withCauseInstanceOf(MongoNotPrimaryException.class)
			.withMessageStartingWith("Not primary: ");
	}

	@Test
	void unauthorizedIsPermissionDenied() {
		failCommand("find", new Document("errorCode", 13));
		assertThatExceptionOfType(PermissionDeniedDataAccessException.class)
			.isThrownBy(() -> translate(() -> this.users.find().first()))
			.withMessageStartingWith("Not authorized: ");
	}

	private void failCommand(String command, Document data) {
		failCommand(command, 1, data);
	}

	/**
	 * Make the next operations of this class's clients that run the given command fail as
	 * {@code data} says.
	 */
	private void failCommand(String command, int times, Document data) {
		this.client.getDatabase("admin")
			.runCommand(new Document("configureFailPoint", "failCommand").append("mode", new Document("times", times))
				.append("data", data.append("failCommands", List.of(command)).append("appName", APPLICATION_NAME)));
	}

	private void translate(Runnable operation) {
		try {
			operation.run();
		}
		catch (RuntimeException ex) {
			throw this.translator.translate(ex);
		}
	}

	private static MongoClientSettings.Builder settings() {
		return MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(mongo.getReplicaSetUrl("shop")))
			.applicationName(APPLICATION_NAME);
	}

	private static Document document(int id) {
		return new Document("_id", id);
	}

}
