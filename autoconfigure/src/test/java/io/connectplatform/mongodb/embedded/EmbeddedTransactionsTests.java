package io.connectplatform.mongodb.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.ServerApi;
import com.mongodb.ServerApiVersion;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerType;
import io.connectplatform.mongodb.Concurrently;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the embedded single-node replica set's sessions and transactions, with the
 * driver alone (no library code) over TCP: what MongoDB guarantees, checked against our
 * server.
 *
 * @author Connect MongoDB team
 */
class EmbeddedTransactionsTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private MongoClient client;

	private MongoClient other;

	private MongoCollection<Document> items;

	private MongoCollection<Document> itemsOfOther;

	@BeforeEach
	void connect(TestInfo test) {
		this.client = MongoClients.create(mongo.getConnectionString());
		this.other = MongoClients.create(mongo.getConnectionString());
		String name = test.getTestMethod().orElseThrow().getName();
		this.items = this.client.getDatabase("tx").getCollection(name);
		this.itemsOfOther = this.other.getDatabase("tx").getCollection(name);
	}

	@AfterEach
	void close() {
		this.client.close();
		this.other.close();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(mongo.server(0).getActiveTransactions()).isZero());
	}

	@Test
	void theDriverSeesAReplicaSetWithOnePrimary() {
		this.items.insertOne(new Document("_id", 1));
		assertThat(this.client.getClusterDescription().getType()).isEqualTo(ClusterType.REPLICA_SET);
		assertThat(this.client.getClusterDescription().getServerDescriptions()).singleElement()
			.satisfies((server) -> {
				assertThat(server.getType()).isEqualTo(ServerType.REPLICA_SET_PRIMARY);
				assertThat(server.getSetName()).isEqualTo(EmbeddedMongoSettings.REPLICA_SET_NAME);
				assertThat(server.getLogicalSessionTimeoutMinutes()).isEqualTo(30);
				assertThat(server.getTopologyVersion()).isNotNull();
			});
	}

	@Test
	void aClientDeclaringAServerApiVersionConnects() {
		try (MongoClient versioned = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(mongo.getConnectionString()))
			.serverApi(ServerApi.builder().version(ServerApiVersion.V1).build())
			.build())) {
			versioned.getDatabase("tx").getCollection("versioned").insertOne(new Document("_id", 1));
			assertThat(versioned.getDatabase("tx").getCollection("versioned").countDocuments()).isOne();
		}
	}

	@Test
	void aCommittedTransactionIsVisibleToOthersOnlyAfterItsCommit() {
		this.items.insertOne(new Document("_id", "kept").append("n", 0));
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.items.insertOne(session, new Document("_id", "a").append("n", 1));
			this.items.updateOne(session, Filters.eq("_id", "kept"), Updates.inc("n", 5));
			this.items.deleteOne(session, Filters.eq("_id", "a"));
			this.items.insertOne(session, new Document("_id", "b").append("n", 2));
			assertThat(this.items.find(session).into(new ArrayList<>())).as("the transaction reads its own writes")
				.containsExactlyInAnyOrder(new Document("_id", "kept").append("n", 5),
						new Document("_id", "b").append("n", 2));
			assertThat(this.itemsOfOther.find().into(new ArrayList<>())).as("no one else sees them yet")
				.containsExactly(new Document("_id", "kept").append("n", 0));
			session.commitTransaction();
		}
		assertThat(this.itemsOfOther.find().into(new ArrayList<>())).containsExactlyInAnyOrder(
				new Document("_id", "kept").append("n", 5), new Document("_id", "b").append("n", 2));
	}

	@Test
	void anAbortedTransactionLeavesNothing() {
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.items.insertOne(session, new Document("_id", "a"));
			session.abortTransaction();
		}
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.items.insertOne(session, new Document("_id", "b"));
			// closing a session with a running transaction aborts it
		}
		assertThat(this.itemsOfOther.countDocuments()).isZero();
	}

	@Test
	void aTransactionReadsTheDataAsOfItsStart() {
		this.items.insertOne(new Document("_id", "a").append("n", 1));
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			assertThat(this.items.find(session, Filters.eq("_id", "a")).first()).containsEntry("n", 1);
			this.itemsOfOther.updateOne(Filters.eq("_id", "a"), Updates.set("n", 2));
			this.itemsOfOther.insertOne(new Document("_id", "b").append("n", 3));
			this.itemsOfOther.insertOne(new Document("_id", "c").append("n", 4));
			this.itemsOfOther.deleteOne(Filters.eq("_id", "c"));
			assertThat(this.items.find(session).into(new ArrayList<>())).as("the snapshot of its first command")
				.containsExactly(new Document("_id", "a").append("n", 1));
			assertThat(this.items.countDocuments(session, Filters.gte("n", 0))).isOne();
			session.commitTransaction();
		}
	}

	@Test
	void theSecondWriterOfADocumentFailsWithAWriteConflictLabelledTransient() {
		this.items.insertOne(new Document("_id", "a").append("n", 0));
		try (ClientSession first = this.client.startSession(); ClientSession second = this.other.startSession()) {
			first.startTransaction();
			second.startTransaction();
			this.items.updateOne(first, Filters.eq("_id", "a"), Updates.inc("n", 1));
			assertThatExceptionOfType(MongoCommandException.class)
				.isThrownBy(() -> this.itemsOfOther.updateOne(second, Filters.eq("_id", "a"), Updates.inc("n", 10)))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(112))
				.satisfies((ex) -> assertThat(ex.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL))
					.isTrue());
			first.commitTransaction();
			second.abortTransaction();
		}
		assertThat(this.itemsOfOther.find().first()).containsEntry("n", 1);
	}

	@Test
	void writingADocumentChangedSinceTheTransactionStartedIsAWriteConflict() {
		this.items.insertOne(new Document("_id", "a").append("n", 0));
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			assertThat(this.items.find(session).first()).containsEntry("n", 0);
			this.itemsOfOther.updateOne(Filters.eq("_id", "a"), Updates.set("n", 7));
			assertThatExceptionOfType(MongoCommandException.class)
				.isThrownBy(() -> this.items.updateOne(session, Filters.eq("_id", "a"), Updates.inc("n", 1)))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(112));
		}
		assertThat(this.itemsOfOther.find().first()).containsEntry("n", 7);
	}

	@Test
	void aWriteOutsideTheTransactionToADocumentItWroteMakesItsCommitFail() {
		this.items.insertOne(new Document("_id", "a").append("n", 0));
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.items.updateOne(session, Filters.eq("_id", "a"), Updates.inc("n", 1));
			this.itemsOfOther.updateOne(Filters.eq("_id", "a"), Updates.inc("n", 100));
			assertThatExceptionOfType(MongoCommandException.class).isThrownBy(session::commitTransaction)
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(112))
				.satisfies((ex) -> assertThat(ex.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL))
					.isTrue());
		}
		assertThat(this.itemsOfOther.find().first()).as("the acknowledged write outside is kept").containsEntry("n", 100);
	}

	@Test
	void aCommitSentAgainIsAnsweredOk() {
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.items.insertOne(session, new Document("_id", "a"));
			session.commitTransaction();
			session.commitTransaction();
		}
		assertThat(this.itemsOfOther.countDocuments()).isOne();
	}

	@Test
	void aDuplicateKeyInATransactionFailsTheWriteAndAbortsTheTransaction() {
		this.items.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
		this.items.insertOne(new Document("_id", 1).append("email", "ada@example.com"));
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.items.insertOne(session, new Document("_id", 2).append("email", "grace@example.com"));
			assertThatExceptionOfType(MongoException.class)
				.isThrownBy(() -> this.items.insertOne(session, new Document("_id", 1).append("email", "x")))
				.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(11000));
			assertThatExceptionOfType(MongoCommandException.class).isThrownBy(session::commitTransaction)
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(251));
		}
		assertThat(this.itemsOfOther.countDocuments()).isOne();
	}

	@Test
	void aUniqueIndexFilledByAnotherCommitFailsTheCommitAndAppliesNothing() {
		this.items.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.items.insertOne(session, new Document("_id", 1).append("email", "other@example.com"));
			this.items.insertOne(session, new Document("_id", 2).append("email", "ada@example.com"));
			this.itemsOfOther.insertOne(new Document("_id", 3).append("email", "ada@example.com"));
			assertThatExceptionOfType(MongoCommandException.class).isThrownBy(session::commitTransaction)
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(11000));
		}
		assertThat(this.itemsOfOther.find().into(new ArrayList<>())).as("not half of the transaction")
			.containsExactly(new Document("_id", 3).append("email", "ada@example.com"));
	}

	@Test
	void writingToACollectionCreatedAfterTheTransactionStartedIsATransientSnapshotError() {
		this.items.insertOne(new Document("_id", "pin"));
		MongoCollection<Document> created = this.client.getDatabase("tx").getCollection("createdMeanwhile");
		MongoCollection<Document> createdOfOther = this.other.getDatabase("tx").getCollection("createdMeanwhile");
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			assertThat(this.items.find(session).first()).as("the transaction's snapshot is taken").isNotNull();
			createdOfOther.insertOne(new Document("_id", "other"));
			assertThatExceptionOfType(MongoCommandException.class)
				.isThrownBy(() -> created.insertOne(session, new Document("_id", "mine")))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(246))
				.satisfies((ex) -> assertThat(ex.getErrorCodeName()).isEqualTo("SnapshotUnavailable"))
				.satisfies((ex) -> assertThat(ex.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL))
					.isTrue());
			assertThatExceptionOfType(MongoCommandException.class).isThrownBy(session::commitTransaction)
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(251));
		}
		assertThat(createdOfOther.find().into(new ArrayList<>())).containsExactly(new Document("_id", "other"));
	}

	@Test
	void aTransactionFailingOnACollectionCreatedMeanwhileSucceedsWhenRunAgain() {
		this.items.insertOne(new Document("_id", "pin"));
		MongoCollection<Document> created = this.client.getDatabase("tx").getCollection("createdBeforeRetry");
		MongoCollection<Document> createdOfOther = this.other.getDatabase("tx").getCollection("createdBeforeRetry");
		AtomicInteger attempts = new AtomicInteger();
		try (ClientSession session = this.client.startSession()) {
			session.withTransaction(() -> {
				this.items.find(session).first();
				if (attempts.incrementAndGet() == 1) {
					createdOfOther.insertOne(new Document("_id", "other"));
				}
				created.insertOne(session, new Document("_id", "mine"));
				return null;
			});
		}
		assertThat(attempts).hasValue(2);
		assertThat(createdOfOther.find().into(new ArrayList<>()))
			.containsExactlyInAnyOrder(new Document("_id", "other"), new Document("_id", "mine"));
	}

	@Test
	void aCollectionTheTransactionCreatesItselfCanBeWrittenInIt() {
		MongoCollection<Document> implicit = this.client.getDatabase("tx").getCollection("createdInTransaction");
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.client.getDatabase("tx").createCollection(session, this.items.getNamespace().getCollectionName());
			this.items.insertOne(session, new Document("_id", "a"));
			session.commitTransaction();
			session.startTransaction();
			this.items.insertOne(session, new Document("_id", "b"));
			implicit.insertOne(session, new Document("_id", "c"));
			implicit.insertOne(session, new Document("_id", "d"));
			session.commitTransaction();
		}
		assertThat(this.itemsOfOther.countDocuments()).isEqualTo(2);
		assertThat(this.other.getDatabase("tx").getCollection("createdInTransaction").countDocuments()).isEqualTo(2);
	}

	@Test
	void commandsMongoDbRefusesInATransactionAreRefusedAndAbortIt() {
		this.items.insertOne(new Document("_id", 1));
		List<Runnable> refused = new ArrayList<>();
		ClientSession[] session = new ClientSession[1];
		refused.add(() -> this.items.listIndexes(session[0]).into(new ArrayList<>()));
		refused.add(() -> this.items.createIndex(session[0], Indexes.ascending("x")));
		refused.add(() -> this.items.drop(session[0]));
		refused.add(() -> this.client.getDatabase("tx")
			.runCommand(session[0], new Document("count", this.items.getNamespace().getCollectionName())));
		for (Runnable command : refused) {
			try (ClientSession current = this.client.startSession()) {
				session[0] = current;
				current.startTransaction();
				this.items.insertOne(current, new Document("_id", 2));
				assertThatExceptionOfType(MongoCommandException.class).isThrownBy(command::run)
					.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(263));
				assertThatExceptionOfType(MongoCommandException.class).isThrownBy(current::commitTransaction)
					.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(251));
			}
		}
		assertThat(this.itemsOfOther.countDocuments()).isOne();
	}

	@Test
	void endingTheSessionAbortsItsTransactionAndFreesItsDocuments() {
		this.items.insertOne(new Document("_id", "a").append("n", 0));
		ClientSession session = this.client.startSession();
		session.startTransaction();
		this.items.updateOne(session, Filters.eq("_id", "a"), Updates.set("n", 1));
		BsonDocument lsid = session.getServerSession().getIdentifier();
		// as a client that dies would never do: the server is told the session ended
		this.other.getDatabase("admin").runCommand(new Document("endSessions", List.of(lsid)));
		try (ClientSession next = this.other.startSession()) {
			next.startTransaction();
			this.itemsOfOther.updateOne(next, Filters.eq("_id", "a"), Updates.set("n", 2));
			next.commitTransaction();
		}
		assertThat(this.itemsOfOther.find().first()).containsEntry("n", 2);
		assertThatExceptionOfType(MongoCommandException.class).isThrownBy(session::commitTransaction)
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(251));
		session.close();
	}

	@Test
	void twoThreadsIncrementingOneCounterInTransactionsLoseNoIncrement() throws Exception {
		this.items.insertOne(new Document("_id", "counter").append("n", 0));
		AtomicInteger attempts = new AtomicInteger();
		Concurrently.run(2, () -> {
			for (int i = 0; i < 200; i++) {
				try (ClientSession session = this.client.startSession()) {
					session.withTransaction(() -> {
						attempts.incrementAndGet();
						int n = this.items.find(session, Filters.eq("_id", "counter")).first().getInteger("n");
						this.items.updateOne(session, Filters.eq("_id", "counter"), Updates.set("n", n + 1));
						return null;
					});
				}
			}
		});
		assertThat(this.itemsOfOther.find().first()).containsEntry("n", 400);
		assertThat(attempts.get()).as("conflicting attempts were run again").isGreaterThanOrEqualTo(400);
	}

	@Test
	void eightThreadsInsertingInTransactionsLoseNothing() throws Exception {
		AtomicInteger next = new AtomicInteger();
		Concurrently.run(8, () -> {
			for (int i = 0; i < 50; i++) {
				int id = next.incrementAndGet();
				try (ClientSession session = this.client.startSession()) {
					session.withTransaction(() -> {
						this.items.insertOne(session, new Document("_id", id));
						this.items.insertOne(session, new Document("_id", -id));
						return null;
					});
				}
			}
		});
		assertThat(this.itemsOfOther.countDocuments()).isEqualTo(800);
	}

	@Test
	void eightThreadsWritingWithoutTransactionsLoseNothing() throws Exception {
		this.items.insertOne(new Document("_id", "counter").append("n", 0));
		AtomicInteger next = new AtomicInteger();
		Concurrently.run(8, () -> {
			for (int i = 0; i < 100; i++) {
				this.items.insertOne(new Document("_id", next.incrementAndGet()));
				this.items.updateOne(Filters.eq("_id", "counter"), Updates.inc("n", 1));
			}
		});
		assertThat(this.itemsOfOther.countDocuments()).isEqualTo(801);
		assertThat(this.itemsOfOther.find(Filters.eq("_id", "counter")).first()).containsEntry("n", 800);
	}

}
