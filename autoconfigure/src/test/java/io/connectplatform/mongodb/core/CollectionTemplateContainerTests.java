package io.connectplatform.mongodb.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CollectionTemplate} against a real MongoDB (a single-node replica set), for
 * what the embedded server cannot show: transactions that templates join through a
 * {@link MongoSessionLookup}, enforced {@code $jsonSchema} validators, real bulk-write
 * semantics and TTL index options. Skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class CollectionTemplateContainerTests {

	@Container
	static MongoDBContainer mongo = new MongoDBContainer("mongo:8.0").withReplicaSet();

	private final ThreadLocal<ClientSession> boundSession = new ThreadLocal<>();

	private MongoClient client;

	private CollectionTemplate<Account> accounts;

	@BeforeEach
	void connect(TestInfo test) {
		this.client = MongoClients.create(mongo.getReplicaSetUrl());
		MongoTemplates templates = MongoTemplates.builder(this.client, "templates")
			.sessionLookup(this.boundSession::get)
			.build();
		this.accounts = templates.of(test.getTestMethod().orElseThrow().getName(), Account.class);
		this.accounts.drop();
	}

	@AfterEach
	void close() {
		this.boundSession.remove();
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
	void aJsonSchemaValidatorRejectsADocumentWithADataIntegrityViolation() {
		this.accounts.createCollectionWithSchema(Document.parse("""
				{bsonType: "object", required: ["name", "balance"],
				 properties: {balance: {bsonType: "int", minimum: 0}}}"""));
		this.accounts.insert(new Account("a", "Ada", 1));
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.accounts.insert(new Account("b", "Bob", -1)))
			.withMessageContaining("validator");
		assertThat(this.accounts.count()).isEqualTo(1);
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
				assertThat(ex.getInsertedCount()).isEqualTo(1);
				assertThat(ex.isDuplicateKey()).isTrue();
			});
		assertThat(this.accounts.existsById("c")).isFalse();
	}

	@Test
	void anUnorderedBulkWriteTriesEveryOperation() {
		this.accounts.insert(new Account("dup", "Existing", 0));
		assertThatExceptionOfType(MongoBulkWriteFailureException.class).isThrownBy(() -> this.accounts.bulk()
			.insert(new Account("dup", "Duplicate", 0))
			.insert(new Account("c", "C", 0))
			.ordered(false)
			.execute()).satisfies((ex) -> assertThat(ex.getInsertedCount()).isEqualTo(1));
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
		assertThat(indexes).anySatisfy((index) -> assertThat(index.get("expireAfterSeconds")).isEqualTo(60));
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
