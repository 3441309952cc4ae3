package io.connectplatform.mongodb.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.embedded.EmbeddedChannel;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for retryable writes on the embedded replica set: a write sent again with the same
 * session and transaction number is applied once and answered as the first time. Some
 * tests send the writes to a backend themselves, as a driver sends a write again; the
 * others go through the driver's own retries.
 *
 * @author Connect MongoDB team
 */
class RetryableWritesTests {

	private static final String APP = "retryable-writes-tests";

	private static EmbeddedMongoServer server;

	private final SharedMemoryBackend backend = SharedMemoryBackend.replicaSet();

	private final EmbeddedChannel channel = new EmbeddedChannel();

	private final Document lsid = new Document("id", UUID.randomUUID());

	private MongoClient admin;

	@BeforeAll
	static void startServer() {
		server = EmbeddedMongoServer.start("localhost", 0, EmbeddedMongoSettings.defaults().withTestCommands(true));
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@BeforeEach
	void connect() {
		this.admin = MongoClients.create(server.getConnectionString());
	}

	@AfterEach
	void close() {
		failPoint("{configureFailPoint: 'failCommand', mode: 'off'}");
		this.admin.close();
		this.channel.finishAndReleaseAll();
		this.backend.close();
	}

	@Test
	void aWriteSentAgainWithTheSameTransactionNumberIsAppliedOnce() {
		Document inserted = insert(1, new Document("_id", 1).append("n", 0));
		assertThat(insert(1, new Document("_id", 1).append("n", 0))).as("the insert sent again")
			.isEqualTo(inserted);
		Document incremented = increment(2, 1);
		assertThat(increment(2, 1)).as("the update sent again").isEqualTo(incremented);
		assertThat(incremented).containsEntry("n", 1).containsEntry("nModified", 1);
		assertThat(counters()).containsExactly(new Document("_id", 1).append("n", 1));
	}

	@Test
	void aNewerTransactionNumberIsANewWriteAndAnOlderOneIsRefused() {
		insert(1, new Document("_id", 1).append("n", 0));
		increment(2, 1);
		increment(3, 1);
		assertThat(increment(2, 1)).containsEntry("ok", 0.0)
			.containsEntry("code", ServerErrors.TRANSACTION_TOO_OLD)
			.containsEntry("codeName", "TransactionTooOld");
		assertThat(counters()).containsExactly(new Document("_id", 1).append("n", 2));
	}

	@Test
	void aFindAndModifySentAgainIsAppliedOnceAndAnsweredWithTheSameDocument() {
		insert(1, new Document("_id", 1).append("n", 0));
		// copied as it went out: its value is the stored document itself, which changes
		Document first = send("findAndModify", new Document("query", new Document("_id", 1))
			.append("update", new Document("$inc", new Document("n", 1)))
			.append("new", true), 2)
			.cloneDeeply();
		Document again = send("findAndModify", new Document("query", new Document("_id", 1))
			.append("update", new Document("$inc", new Document("n", 1)))
			.append("new", true), 2);
		assertThat(again).isEqualTo(first);
		assertThat(first.get("value")).isEqualTo(new Document("_id", 1).append("n", 1));
		assertThat(counters()).containsExactly(new Document("_id", 1).append("n", 1));
	}

	@Test
	void anIncrementRetriedAfterAClosedConnectionIsAppliedOnce() {
		try (MongoClient client = client()) {
			MongoCollection<BsonDocument> counters = client.getDatabase("retry")
				.getCollection("closedConnection", BsonDocument.class);
			counters.drop();
			counters.insertOne(BsonDocument.parse("{_id: 1, n: 0}"));
			failOnce("{failCommands: ['update'], closeConnection: true}");
			counters.updateOne(Filters.eq("_id", 1), Updates.inc("n", 1));
			failOnce("{failCommands: ['insert'], closeConnection: true}");
			counters.insertOne(BsonDocument.parse("{_id: 2, n: 0}"));
			assertThat(counters.find().into(new ArrayList<>())).containsExactly(
					BsonDocument.parse("{_id: 1, n: 1}"), BsonDocument.parse("{_id: 2, n: 0}"));
		}
	}

	@Test
	void anIncrementAppliedButAnsweredWithARetryableWriteConcernErrorIsAppliedOnce() {
		try (MongoClient client = client()) {
			MongoCollection<BsonDocument> counters = client.getDatabase("retry")
				.getCollection("writeConcernError", BsonDocument.class);
			counters.drop();
			counters.insertOne(BsonDocument.parse("{_id: 1, n: 0}"));
			// the update is applied, then its reply says that the primary is shutting down:
			// the driver sends it again, with the same transaction number, once it has found
			// the primary again
			failOnce("{failCommands: ['update'], writeConcernError: {code: 91, errmsg: 'shutting down'}}");
			counters.updateOne(Filters.eq("_id", 1), Updates.inc("n", 1));
			assertThat(counters.find().first()).isEqualTo(BsonDocument.parse("{_id: 1, n: 1}"));
		}
	}

	private Document insert(long txnNumber, Document document) {
		return send("insert", new Document("documents", List.of(document)), txnNumber);
	}

	private Document increment(long txnNumber, Object id) {
		Document update = new Document("q", new Document("_id", id)).append("u",
				new Document("$inc", new Document("n", 1)));
		return send("update", new Document("updates", List.of(update)), txnNumber);
	}

	private Document send(String command, Document arguments, long txnNumber) {
		Document query = new Document(command, "counters");
		query.putAll(arguments);
		query.append("lsid", this.lsid).append("txnNumber", txnNumber);
		return this.backend.handleCommand(this.channel, "retry", command, query);
	}

	@SuppressWarnings("unchecked")
	private List<Document> counters() {
		Document reply = this.backend.handleCommand(this.channel, "retry", "find", new Document("find", "counters"));
		return (List<Document>) ((Document) reply.get("cursor")).get("firstBatch");
	}

	private static MongoClient client() {
		return MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(server.getConnectionString()))
			.applicationName(APP)
			.retryWrites(true)
			// finds the server again soon after an error said that it was shutting down
			.applyToServerSettings((server) -> server.heartbeatFrequency(500, TimeUnit.MILLISECONDS))
			.build());
	}

	private void failOnce(String data) {
		BsonDocument failData = BsonDocument.parse(data).append("appName", new BsonString(APP));
		failPoint("{configureFailPoint: 'failCommand', mode: {times: 1}, data: " + failData.toJson() + "}");
	}

	private void failPoint(String command) {
		this.admin.getDatabase("admin").runCommand(BsonDocument.parse(command));
	}

}
