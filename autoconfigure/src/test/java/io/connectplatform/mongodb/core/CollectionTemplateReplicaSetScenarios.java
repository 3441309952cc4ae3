package io.connectplatform.mongodb.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Scenarios of {@link CollectionTemplate} that need a replica set, run against every server
 * that runs them (a subclass says where: the embedded replica set, or a real MongoDB):
 * operations join the transaction that a {@link MongoSessionLookup} finds and are committed
 * or rolled back with it; a write conflict between two transactions, a connection closed
 * inside a transaction and a retried write, the last two injected with the
 * {@code failCommand} fail point; bulk writes that fail part-way; a unique index and the
 * options of a TTL index (only the options: the embedded server never expires documents,
 * and waiting for MongoDB's TTL monitor, which runs once a minute, would slow the build).
 * <p>
 * The clients run as application {@value #APPLICATION_NAME}, so that a fail point affects
 * them alone; the server must have test commands enabled.
 *
 * @author Connect MongoDB team
 */
abstract class CollectionTemplateReplicaSetScenarios {

	private static final String APPLICATION_NAME = "collection-template-scenarios";

	private final ThreadLocal<ClientSession> boundSession = new ThreadLocal<>();

	private MongoClient client;

	private CollectionTemplate<Account> accounts;

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
		this.client = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(connectionString()))
			.applicationName(APPLICATION_NAME)
			.build());
		MongoTemplates templates = MongoTemplates.builder(this.client, "templates")
			.sessionLookup(this.boundSession::get)
			.build();
		this.accounts = templates.of(test.getTestMethod().orElseThrow().getName(), Account.class);
		this.accounts.drop();
	}

	@AfterEach
	void disableFailPointAndClose() {
		this.boundSession.remove();
		this.client.getDatabase("admin")
			.runCommand(new Document("configureFailPoint", "failCommand").append("mode", "off"));
		this.client.close();
	}

	@Test
	void operationsJoinTheBoundTransactionAndAreRolledBackWithIt() {
		this.accounts.createCollection(new CreateCollectionOptions());
		this.accounts.insert(new Account("kept", "Kept", 1));
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.boundSession.set(session);
			this.accounts.insert(new Account("a", "Ada", 10));
			this.accounts.updateOne(Filters.eq("_id", "kept"), Updates.inc("balance", 5));
			this.accounts.bulk().insert(new Account("b", "Bob", 20)).deleteOne(Filters.eq("_id", "kept")).execute();
			assertThat(this.accounts.count()).as("the transaction sees its own writes").isEqualTo(2);
			session.abortTransaction();
			this.boundSession.remove();
		}
		assertThat(this.accounts.findAll()).containsExactly(new Account("kept", "Kept", 1));
	}

	@Test
	void operationsJoinTheBoundTransactionAndAreCommittedWithIt() {
		this.accounts.createCollection(new CreateCollectionOptions());
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.boundSession.set(session);
			this.accounts.insert(new Account("a", "Ada", 10));
			this.boundSession.remove();
			assertThat(this.accounts.findById("a")).as("outside the transaction, not committed yet").isEmpty();
			session.commitTransaction();
		}
		assertThat(this.accounts.findById("a")).contains(new Account("a", "Ada", 10));
	}

	@Test
	void readsInsideTheBoundTransactionSeeItsUncommittedWrites() {
		this.accounts.createCollection(new CreateCollectionOptions());
		this.accounts.insert(new Account("kept", "Kept", 1));
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.boundSession.set(session);
			this.accounts.insertAll(List.of(new Account("a", "Ada", 10), new Account("b", "Bob", 20)));
			this.accounts.save(new Account("kept", "Kept", 2));
			assertThat(this.accounts.findById("a")).contains(new Account("a", "Ada", 10));
			assertThat(this.accounts.findBy("name", "Bob")).containsExactly(new Account("b", "Bob", 20));
			assertThat(this.accounts.find(FindQuery.where(Filters.gte("balance", 2)).sort(Sorts.ascending("balance"))))
				.extracting(Account::id)
				.containsExactly("kept", "a", "b");
			assertThat(this.accounts.page(Filters.empty(), PageRequest.of(0, 2, Sort.by("_id"))).getTotalElements())
				.isEqualTo(3);
			assertThat(this.accounts.existsById("b")).isTrue();
			assertThat(this.accounts.distinct("name", Filters.empty(), String.class))
				.containsExactlyInAnyOrder("Kept", "Ada", "Bob");
			assertThat(this.accounts.aggregate(List.of(Aggregates.match(Filters.eq("_id", "kept"))), Account.class))
				.containsExactly(new Account("kept", "Kept", 2));
			assertThat(this.accounts.findOneAndUpdate(Filters.eq("_id", "a"), Updates.inc("balance", 1),
					ReturnDocument.AFTER))
				.contains(new Account("a", "Ada", 11));
			session.abortTransaction();
			this.boundSession.remove();
		}
		assertThat(this.accounts.findAll()).containsExactly(new Account("kept", "Kept", 1));
	}

	@Test
	void aSecondTransactionWritingTheSameDocumentFailsWithAConcurrencyFailure() {
		this.accounts.insert(new Account("a", "Ada", 0));
		try (ClientSession first = this.client.startSession(); ClientSession second = this.client.startSession()) {
			first.startTransaction();
			second.startTransaction();
			this.boundSession.set(first);
			this.accounts.updateOne(Filters.eq("_id", "a"), Updates.inc("balance", 1));
			this.boundSession.set(second);
			assertThatExceptionOfType(ConcurrencyFailureException.class)
				.isThrownBy(() -> this.accounts.updateOne(Filters.eq("_id", "a"), Updates.inc("balance", 10)))
				.withMessageStartingWith("Write conflict: ")
				.satisfies((ex) -> assertThat(((MongoException) ex.getCause())
					.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)).isTrue());
			this.boundSession.remove();
			first.commitTransaction();
		}
		assertThat(this.accounts.findById("a")).contains(new Account("a", "Ada", 1));
	}

	@Test
	void aConnectionClosedInsideTheBoundTransactionIsATransientFailure() {
		this.accounts.createCollection(new CreateCollectionOptions());
		failCommand("insert", 1, new Document("closeConnection", true));
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.boundSession.set(session);
			assertThatExceptionOfType(TransientDataAccessResourceException.class)
				.isThrownBy(() -> this.accounts.insert(new Account("a", "Ada", 10)))
				.withCauseInstanceOf(MongoSocketException.class);
			this.boundSession.remove();
			session.abortTransaction();
		}
		assertThat(this.accounts.count()).isZero();
	}

	@Test
	void aWriteInterruptedOnceIsRetriedByTheDriverAndAppliedOnce() {
		this.accounts.createCollection(new CreateCollectionOptions());
		failCommand("insert", 1, new Document("errorCode", 91));
		this.accounts.insert(new Account("a", "Ada", 10));
		assertThat(this.accounts.findAll()).containsExactly(new Account("a", "Ada", 10));
	}

	@Test
	void anOrderedBulkWriteStopsAtTheFirstFailure() {
		this.accounts.insert(new Account("dup", "Existing", 0));
		assertThatExceptionOfType(MongoBulkWriteFailureException.class).isThrownBy(() -> this.accounts.bulk()
			.insert(new Account("a", "A", 0))
			.insert(new Account("dup", "Duplicate", 0))
			.insert(new Account("c", "C", 0))
			.execute()).satisfies((ex) -> {
				assertThat(ex.getFailures()).singleElement().satisfies((f) -> assertThat(f.index()).isEqualTo(1));
				assertThat(ex.isDuplicateKey()).isTrue();
				assertInsertedCount(ex, 1);
			});
		assertThat(this.accounts.existsById("a")).isTrue();
		assertThat(this.accounts.existsById("c")).isFalse();
	}

	@Test
	void anUnorderedBulkWriteTriesEveryOperation() {
		this.accounts.insert(new Account("dup", "Existing", 0));
		assertThatExceptionOfType(MongoBulkWriteFailureException.class).isThrownBy(() -> this.accounts.bulk()
			.insert(new Account("dup", "Duplicate", 0))
			.insert(new Account("c", "C", 0))
			.ordered(false)
			.execute()).satisfies((ex) -> {
				assertThat(ex.getFailures()).singleElement().satisfies((f) -> assertThat(f.index()).isZero());
				assertInsertedCount(ex, 1);
			});
		assertThat(this.accounts.existsById("c")).isTrue();
	}

	@Test
	void aUniqueIndexFromTheApiRejectsADuplicate() {
		this.accounts.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true));
		this.accounts.insert(new Account("a", "Ada", 0));
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.accounts.insert(new Account("b", "Ada", 0)));
	}

	@Test
	void aTtlIndexIsCreatedWithItsExpiry() {
		this.accounts.createIndex(Indexes.ascending("createdAt"), new IndexOptions().expireAfter(60L, TimeUnit.SECONDS));
		List<Document> indexes = this.accounts.getCollection().listIndexes().into(new ArrayList<>());
		// Compared as a number: the driver sends a 64-bit integer, which a server may keep.
		assertThat(indexes).filteredOn((index) -> index.get("key", Document.class).containsKey("createdAt"))
			.singleElement()
			.satisfies((index) -> assertThat(index.get("expireAfterSeconds")).isInstanceOfSatisfying(Number.class,
					(expiry) -> assertThat(expiry.longValue()).isEqualTo(60)));
	}

	/**
	 * Return the template of this test's collection.
	 * @return the template
	 */
	protected CollectionTemplate<Account> accounts() {
		return this.accounts;
	}

	/**
	 * Make the next commands of this class's clients with the given name fail as
	 * {@code data} says.
	 */
	private void failCommand(String command, int times, Document data) {
		this.client.getDatabase("admin")
			.runCommand(new Document("configureFailPoint", "failCommand").append("mode", new Document("times", times))
				.append("data", data.append("failCommands", List.of(command)).append("appName", APPLICATION_NAME)));
	}

	/**
	 * An account.
	 *
	 * @param id the id
	 * @param name the name
	 * @param balance the balance
	 */
	public record Account(@BsonId String id, String name, int balance) {
	}

}
