package io.connectplatform.mongodb.core;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import io.connectplatform.mongodb.test.FaultInjectingProxy;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.PageRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MongoDriverExceptionTranslator} with a real {@link MongoClient} talking to
 * the embedded server over TCP, through a {@link FaultInjectingProxy}: the exceptions are
 * the ones the driver really throws, for servers that refuse connections, go away or stop
 * answering, for duplicate keys, and, through the {@code failCommand} fail point, for the
 * "not primary", "node is recovering" and "shutting down" errors of a failover, on a raw
 * {@code find} and through a {@link CollectionTemplate}.
 * <p>
 * Write conflicts, error labels and dropped connections inside transactions are in
 * {@link MongoExceptionTranslatorScenarios}, run against the embedded replica set and
 * against MongoDB. The embedded server ignores {@code maxTimeMS}, so a server-side time
 * limit is left to {@link MongoExceptionTranslatorContainerTests}.
 *
 * @author Connect MongoDB team
 */
class MongoExceptionTranslatorWireTests {

	private static final String FAILING_APPLICATION = "translator-wire-tests";

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create().withProxies();

	private final MongoDriverExceptionTranslator translator = new MongoDriverExceptionTranslator();

	private MongoClient client;

	private MongoCollection<Document> users;

	private boolean failPointSet;

	@BeforeEach
	void connect(TestInfo test) {
		this.client = MongoClients.create(settings().build());
		this.users = this.client.getDatabase("shop").getCollection(test.getTestMethod().orElseThrow().getName());
		// A parameterized test runs several times on the same collection.
		this.users.drop();
		this.users.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
	}

	@AfterEach
	void close() {
		// The proxy first: closing a client ends its sessions on the server, which would
		// wait forever behind a stalled proxy.
		FaultInjectingProxy proxy = mongo.proxy(0);
		proxy.resume();
		proxy.acceptConnections();
		if (this.failPointSet) {
			this.client.getDatabase("admin")
				.runCommand(new Document("configureFailPoint", "failCommand").append("mode", "off"));
		}
		this.client.close();
	}

	@Test
	void duplicateKeyOnInsertOneIsADuplicateKey() {
		this.users.insertOne(user(1, "ada@example.com"));
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> translate(() -> this.users.insertOne(user(2, "ada@example.com"))))
			.withCauseInstanceOf(MongoWriteException.class)
			.withMessageStartingWith("Duplicate key: Write operation error on MongoDB server")
			.withMessageContaining("E11000");
	}

	@Test
	void duplicateIdOnInsertOneIsADuplicateKey() {
		this.users.insertOne(user(1, "ada@example.com"));
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> translate(() -> this.users.insertOne(user(1, "grace@example.com"))))
			.withCauseInstanceOf(MongoWriteException.class);
	}

	@Test
	void duplicateKeyOnUpsertingFindOneAndUpdateIsADuplicateKey() {
		this.users.insertOne(user(1, "ada@example.com"));
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> translate(() -> this.users.findOneAndUpdate(Filters.eq("_id", 2),
					Updates.set("email", "ada@example.com"), new FindOneAndUpdateOptions().upsert(true))))
			.withCauseInstanceOf(MongoCommandException.class);
	}

	@Test
	void duplicateKeyInInsertManyIsABulkWriteFailureWithTheFailingIndex() {
		this.users.insertOne(user(1, "ada@example.com"));
		List<Document> documents = List.of(user(2, "grace@example.com"), user(3, "alan@example.com"),
				user(4, "ada@example.com"), user(5, "edsger@example.com"));
		// Only the failure is asserted, not the counts: in a bulk write error the embedded
		// server reports every document it was sent as inserted (4 here, where MongoDB
		// says 2). The container tests assert the counts.
		assertThatExceptionOfType(MongoBulkWriteFailureException.class)
			.isThrownBy(() -> translate(() -> this.users.insertMany(documents)))
			.withCauseInstanceOf(MongoBulkWriteException.class)
			.withMessage("Bulk write failed for 1 operation: index 2 (code 11000, duplicate key)")
			.satisfies((ex) -> {
				assertThat(ex.getFailures()).singleElement().satisfies((failure) -> {
					assertThat(failure.index()).isEqualTo(2);
					assertThat(failure.code()).isEqualTo(11000);
					assertThat(failure.message()).contains("ada@example.com");
				});
				assertThat(ex.isDuplicateKey()).isTrue();
			});
	}

	@Test
	void duplicateKeysInUnorderedBulkWriteAreABulkWriteFailureWithEachFailingIndex() {
		this.users.insertOne(user(1, "ada@example.com"));
		List<WriteModel<Document>> writes = List.of(new InsertOneModel<>(user(2, "grace@example.com")),
				new InsertOneModel<>(user(3, "ada@example.com")),
				new UpdateOneModel<>(Filters.eq("_id", 2), Updates.set("name", "Grace")),
				new InsertOneModel<>(user(1, "alan@example.com")));
		assertThatExceptionOfType(MongoBulkWriteFailureException.class)
			.isThrownBy(() -> translate(() -> this.users.bulkWrite(writes, new BulkWriteOptions().ordered(false))))
			.satisfies((ex) -> {
				assertThat(ex.getFailures()).extracting((failure) -> failure.index()).containsExactly(1, 3);
				assertThat(ex.getFailures()).allSatisfy((failure) -> assertThat(failure.code()).isEqualTo(11000));
				assertThat(ex.isDuplicateKey()).isTrue();
			});
	}

	@Test
	void serverThatRefusesConnectionsIsAResourceFailure() {
		mongo.proxy(0).refuseConnections();
		try (MongoClient client = MongoClients.create(settings().build())) {
			MongoCollection<Document> users = client.getDatabase("shop").getCollection("refused");
			// Usually server selection times out (MongoTimeoutException); when the refused
			// connection attempt is still fresh, the driver throws that MongoSocketOpenException
			// itself (seen on JDK 25). Both are resource failures.
			assertThatExceptionOfType(DataAccessResourceFailureException.class)
				.isThrownBy(() -> translate(() -> users.find().first()))
				.satisfies((ex) -> assertThat(ex.getCause()).isInstanceOfAny(MongoTimeoutException.class,
						MongoSocketOpenException.class))
				.satisfies((ex) -> assertThat(ex.getMessage()).startsWith(
						(ex.getCause() instanceof MongoTimeoutException) ? "MongoDB server unavailable: Timed out"
								: "Network error"));
		}
	}

	@Test
	void serverThatGoesAwayIsAResourceFailure() {
		this.users.insertOne(user(1, "ada@example.com"));
		FaultInjectingProxy proxy = mongo.proxy(0);
		proxy.refuseConnections();
		proxy.dropConnections();
		// Either the operation finds its pooled connection closed (and the retry finds no
		// server), or the driver's monitor has noticed first and server selection times
		// out: both are resource failures.
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> translate(() -> this.users.find().first()))
			.satisfies((ex) -> assertThat(ex.getCause()).isInstanceOfAny(MongoSocketException.class,
					MongoTimeoutException.class));
	}

	@Test
	void serverThatStopsAnsweringIsAResourceFailure() {
		try (MongoClient client = MongoClients.create(settings().retryReads(false)
			.applyToSocketSettings((socket) -> socket.readTimeout(300, TimeUnit.MILLISECONDS))
			.build())) {
			MongoCollection<Document> users = client.getDatabase("shop").getCollection("hung");
			users.insertOne(user(1, "ada@example.com"));
			mongo.proxy(0).stall();
			assertThatExceptionOfType(DataAccessResourceFailureException.class)
				.isThrownBy(() -> translate(() -> users.find().first()))
				.withCauseInstanceOf(MongoSocketReadTimeoutException.class)
				.withMessageStartingWith("Socket read timed out (socketTimeoutMS): ");
		}
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource({ "10107, Not primary", "13435, Not primary", "10058, Not primary", "11602, Node is recovering",
			"13436, Node is recovering", "189, Node is recovering", "11600, Node is shutting down",
			"91, Node is shutting down" })
	void failoverErrorOfAReadIsAResourceFailure(int code, String description) {
		this.users.insertOne(user(1, "ada@example.com"));
		// Without retries, so that the error reaches the caller; the fail point affects only
		// the clients of this application.
		try (MongoClient client = MongoClients.create(settings().applicationName(FAILING_APPLICATION)
			.retryReads(false)
			.build())) {
			MongoCollection<Document> users = client.getDatabase("shop")
				.getCollection(this.users.getNamespace().getCollectionName());
			CollectionTemplate<User> template = MongoTemplates.builder(client, "shop")
				.build()
				.of(this.users.getNamespace().getCollectionName(), User.class);
			List<Runnable> reads = List.of(() -> translate(() -> users.find().first()),
					() -> template.findById(1), () -> template.page(Filters.empty(), PageRequest.of(0, 10)));
			for (Runnable read : reads) {
				failFind(1, code);
				assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(read::run)
					.withMessageStartingWith(description + ": ")
					.satisfies((ex) -> assertThat(ex.getCause()).isInstanceOfSatisfying(MongoException.class,
							(cause) -> assertThat(cause.getCode()).isEqualTo(code)));
			}
			assertThat(template.findById(1)).as("the fail point is spent").isPresent();
		}
	}

	@Test
	void failoverErrorThatOutlastsTheRetryOfAReadIsAResourceFailure() {
		this.users.insertOne(user(1, "ada@example.com"));
		try (MongoClient client = MongoClients.create(settings().applicationName(FAILING_APPLICATION).build())) {
			CollectionTemplate<User> template = MongoTemplates.builder(client, "shop")
				.build()
				.of(this.users.getNamespace().getCollectionName(), User.class);
			// Twice: the driver retries a read once, then hands the error over.
			failFind(2, 11602);
			assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(() -> template.findById(1))
				.withMessageStartingWith("Node is recovering: ");
			failFind(1, 11602);
			assertThat(template.findById(1)).as("a single failure is retried").isPresent();
		}
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
			.applyConnectionString(new ConnectionString(mongo.getConnectionString()))
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(500, TimeUnit.MILLISECONDS));
	}

	/**
	 * Make the next {@code find} commands of the clients of {@value #FAILING_APPLICATION}
	 * fail with the given code.
	 */
	private void failFind(int times, int code) {
		this.failPointSet = true;
		this.client.getDatabase("admin")
			.runCommand(new Document("configureFailPoint", "failCommand").append("mode", new Document("times", times))
				.append("data", new Document("failCommands", List.of("find")).append("errorCode", code)
					.append("appName", FAILING_APPLICATION)));
	}

	private static Document user(int id, String email) {
		return new Document("_id", id).append("email", email);
	}

	/**
	 * A user, as a template reads it.
	 *
	 * @param id the id
	 * @param email the email address
	 */
	public record User(@BsonId int id, String email) {
	}

}
