package io.connectplatform.mongodb.core;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MongoExceptionTranslator} with a real {@link MongoClient} talking to
 * the embedded server over TCP, through a {@link FaultInjectingProxy}: the exceptions are
 * the ones the driver really throws.
 * <p>
 * The embedded server ignores {@code maxTimeMS} (a one-millisecond limit on a slow
 * aggregation is not enforced) and has no fail points, so a server-side time limit, a
 * write conflict or an error label cannot be produced here:
 * {@link MongoExceptionTranslatorTests} and {@link MongoExceptionTranslatorContainerTests}
 * cover them.
 *
 * @author Connect MongoDB team
 */
class MongoExceptionTranslatorWireTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create().withProxies();

	private final MongoExceptionTranslator translator = new MongoExceptionTranslator();

	private MongoClient client;

	private MongoCollection<Document> users;

	@BeforeEach
	void connect(TestInfo test) {
		this.client = MongoClients.create(settings().build());
		this.users = this.client.getDatabase("shop").getCollection(test.getTestMethod().orElseThrow().getName());
		this.users.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
	}

	@AfterEach
	void close() {
		// The proxy first: closing a client ends its sessions on the server, which would
		// wait forever behind a stalled proxy.
		FaultInjectingProxy proxy = mongo.proxy(0);
		proxy.resume();
		proxy.acceptConnections();
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

	private static Document user(int id, String email) {
		return new Document("_id", id).append("email", email);
	}

}
