package io.connectplatform.mongodb.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonValue;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.annotation.Version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for the optimistic locking of {@link CollectionTemplate#save} and
 * {@link CollectionTemplate#replace} with {@link Version} properties of records and POJOs.
 *
 * @author Connect MongoDB team
 */
class CollectionTemplateVersioningTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private MongoClient client;

	private String databaseName;

	private MongoTemplates templates;

	private CollectionTemplate<Invoice> invoices;

	@BeforeEach
	void createTemplates() {
		this.client = new RecordedCommands().createClient(mongo.getConnectionString());
		this.databaseName = "versioning_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		this.templates = MongoTemplates.builder(this.client, this.databaseName).build();
		this.invoices = this.templates.of(Invoice.class);
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void saveOfANewRecordInsertsItAtVersionZero() {
		Invoice saved = this.invoices.save(new Invoice(null, "A-1", 100, 0));
		assertThat(saved.id()).isNotNull();
		assertThat(saved.version()).isZero();
		assertThat(storedVersion("invoice", saved.id())).isEqualTo(new BsonInt64(0));
	}

	@Test
	void saveOfARecordIncrementsItsVersion() {
		Invoice v0 = this.invoices.insert(new Invoice(null, "A-1", 100, 0));
		Invoice v1 = this.invoices.save(new Invoice(v0.id(), "A-1", 150, v0.version()));
		assertThat(v1).isEqualTo(new Invoice(v0.id(), "A-1", 150, 1));
		Invoice v2 = this.invoices.save(new Invoice(v0.id(), "A-1", 175, v1.version()));
		assertThat(v2.version()).isEqualTo(2);
		assertThat(this.invoices.findById(v0.id())).contains(v2);
		assertThat(storedVersion("invoice", v0.id())).isEqualTo(new BsonInt64(2));
	}

	@Test
	void replaceOfARecordIncrementsItsVersion() {
		Invoice v0 = this.invoices.insert(new Invoice(null, "A-1", 100, 0));
		assertThat(this.invoices.replace(new Invoice(v0.id(), "A-1", 120, 0)))
			.contains(new Invoice(v0.id(), "A-1", 120, 1));
		assertThat(this.invoices.findById(v0.id())).get().extracting(Invoice::version).isEqualTo(1L);
	}

	@Test
	void staleSaveIsRejectedWithTheIdAndBothVersions() {
		Invoice v0 = this.invoices.insert(new Invoice(null, "A-1", 100, 0));
		Invoice mine = new Invoice(v0.id(), "A-1", 200, 0);
		Invoice theirs = this.invoices.save(new Invoice(v0.id(), "A-1", 300, 0));
		assertThat(theirs.version()).isEqualTo(1);
		assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> this.invoices.save(mine))
			.withMessageContaining(v0.id().toHexString())
			.withMessageContaining("expected version 0")
			.withMessageContaining("now at version 1")
			.withMessageNotContaining("Bson");
		assertThat(this.invoices.findById(v0.id())).contains(theirs);
	}

	@Test
	void staleReplaceIsRejectedWithTheIdAndBothVersions() {
		Invoice v0 = this.invoices.insert(new Invoice(null, "A-1", 100, 0));
		this.invoices.save(new Invoice(v0.id(), "A-1", 300, 0));
		this.invoices.save(new Invoice(v0.id(), "A-1", 400, 1));
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> this.invoices.replace(new Invoice(v0.id(), "A-1", 200, 0)))
			.withMessageContaining(v0.id().toHexString())
			.withMessageContaining("expected version 0")
			.withMessageContaining("now at version 2");
		assertThat(this.invoices.findById(v0.id())).get().extracting(Invoice::amount).isEqualTo(400);
	}

	@Test
	void saveOfARecordDeletedMeanwhileIsRejected() {
		Invoice v0 = this.invoices.insert(new Invoice(null, "A-1", 100, 0));
		Invoice v1 = this.invoices.save(v0);
		this.invoices.deleteById(v0.id());
		assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> this.invoices.save(v1))
			.withMessageContaining(v0.id().toHexString())
			.withMessageContaining("expected version 1")
			.withMessageContaining("deleted");
		assertThat(this.invoices.count()).isZero();
	}

	@Test
	void replaceOfARecordDeletedMeanwhileReturnsEmpty() {
		Invoice v0 = this.invoices.insert(new Invoice(null, "A-1", 100, 0));
		this.invoices.deleteById(v0.id());
		assertThat(this.invoices.replace(v0)).isEmpty();
		assertThat(this.invoices.count()).isZero();
	}

	@Test
	void saveOfANewRecordWithAnAssignedIdAndVersionZeroInsertsIt() {
		ObjectId id = new ObjectId();
		Invoice saved = this.invoices.save(new Invoice(id, "A-1", 100, 0));
		assertThat(saved).isEqualTo(new Invoice(id, "A-1", 100, 0));
		assertThat(this.invoices.findById(id)).contains(saved);
		assertThat(this.invoices.save(saved).version()).isEqualTo(1);
	}

	@Test
	void saveOfANewRecordWithAnAssignedIdAndAHigherVersionIsRejected() {
		ObjectId id = new ObjectId();
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> this.invoices.save(new Invoice(id, "A-1", 100, 3)))
			.withMessageContaining("deleted");
		assertThat(this.invoices.count()).isZero();
	}

	@Test
	void saveOfAPojoWithALongVersionStartsAtZeroAndIncrements() {
		CollectionTemplate<Account> accounts = this.templates.of(Account.class);
		Account account = new Account(null, "ada", null);
		accounts.save(account);
		assertThat(account.getId()).isNotNull();
		assertThat(account.getVersion()).isEqualTo(0L);
		account.setOwner("ada lovelace");
		assertThat(accounts.save(account)).isSameAs(account);
		assertThat(account.getVersion()).isEqualTo(1L);
		assertThat(storedVersion("account", account.getId())).isEqualTo(new BsonInt64(1));
		Account found = accounts.findById(account.getId()).get();
		assertThat(found.getOwner()).isEqualTo("ada lovelace");
		assertThat(found.getVersion()).isEqualTo(1L);
	}

	@Test
	void saveOfAPojoWithAnIntegerVersionKeepsAnIntegerVersion() {
		CollectionTemplate<Counter> counters = this.templates.of(Counter.class);
		Counter counter = counters.insert(new Counter(null, 1, null));
		assertThat(counter.getVersion()).isEqualTo(0);
		counter.setValue(2);
		counters.save(counter);
		assertThat(counter.getVersion()).isEqualTo(1);
		assertThat(storedVersion("counter", counter.getId())).isEqualTo(new BsonInt32(1));
		assertThat(counters.replace(new Counter(counter.getId(), 3, 1))).get()
			.extracting(Counter::getVersion)
			.isEqualTo(2);
	}

	@Test
	void staleSaveOfAPojoIsRejectedAndLeavesItsVersionAlone() {
		CollectionTemplate<Account> accounts = this.templates.of(Account.class);
		Account account = accounts.insert(new Account(null, "ada", null));
		Account stale = new Account(account.getId(), "stale", 0L);
		accounts.save(account);
		assertThat(account.getVersion()).isEqualTo(1L);
		assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> accounts.save(stale))
			.withMessageContaining(account.getId())
			.withMessageContaining("expected version 0")
			.withMessageContaining("now at version 1");
		// Nothing was written, so the version must not have moved either: a retry with the
		// same stale entity must fail again instead of overwriting the newer document
		assertThat(stale.getVersion()).isEqualTo(0L);
		assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> accounts.save(stale));
		assertThat(accounts.findById(account.getId())).get().extracting(Account::getOwner).isEqualTo("ada");
	}

	@Test
	void staleReplaceOfAPojoIsRejectedAndLeavesItsVersionAlone() {
		CollectionTemplate<Counter> counters = this.templates.of(Counter.class);
		Counter counter = counters.insert(new Counter(null, 1, null));
		counters.updateOne(Filters.eq("_id", counter.getId()), Updates.inc("version", 1));
		assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> counters.replace(counter));
		assertThat(counter.getVersion()).isEqualTo(0);
	}

	@Test
	void saveOfANewPojoWithAnAssignedIdAndVersionZeroInsertsItAtVersionZero() {
		CollectionTemplate<Counter> counters = this.templates.of(Counter.class);
		ObjectId id = new ObjectId();
		Counter counter = new Counter(id, 5, 0);
		assertThat(counters.save(counter)).isSameAs(counter);
		// As a record with version 0 is: inserted as it is
		assertThat(counter.getVersion()).isEqualTo(0);
		assertThat(storedVersion("counter", id)).isEqualTo(new BsonInt32(0));
	}

	@Test
	void saveOfAPojoWithANullVersionInsertsIt() {
		CollectionTemplate<Account> accounts = this.templates.of(Account.class);
		Account account = new Account("acc-1", "ada", null);
		accounts.save(account);
		assertThat(account.getVersion()).isEqualTo(0L);
		assertThat(accounts.findById("acc-1")).isPresent();
	}

	@Test
	void concurrentSavesOfTheSameVersionLetExactlyOneWin() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			for (int attempt = 0; attempt < 20; attempt++) {
				Invoice v0 = this.invoices.insert(new Invoice(null, "A-" + attempt, 0, 0));
				CyclicBarrier barrier = new CyclicBarrier(2);
				List<Future<Invoice>> saves = new ArrayList<>();
				for (int amount = 1; amount <= 2; amount++) {
					Invoice change = new Invoice(v0.id(), v0.number(), amount, v0.version());
					Callable<Invoice> save = () -> {
						barrier.await(5, TimeUnit.SECONDS);
						return this.invoices.save(change);
					};
					saves.add(executor.submit(save));
				}
				List<Invoice> winners = new ArrayList<>();
				List<Throwable> losers = new ArrayList<>();
				for (Future<Invoice> save : saves) {
					try {
						winners.add(save.get(10, TimeUnit.SECONDS));
					}
					catch (ExecutionException ex) {
						losers.add(ex.getCause());
					}
				}
				assertThat(winners).hasSize(1);
				assertThat(losers).singleElement().isInstanceOf(OptimisticLockingFailureException.class);
				assertThat(winners.get(0).version()).isEqualTo(1);
				assertThat(this.invoices.findById(v0.id())).contains(winners.get(0));
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void nonNumericVersionIsRejectedWhenTheTemplateIsCreated() {
		assertThatIllegalStateException().isThrownBy(() -> this.templates.of(Stamped.class))
			.withMessageContaining("@Version")
			.withMessageContaining("'stamp'")
			.withMessageContaining(Stamped.class.getName())
			.withMessageContaining("java.time.Instant");
		assertThatIllegalStateException().isThrownBy(() -> this.templates.of(Labelled.class))
			.withMessageContaining("'label'")
			.withMessageContaining("java.lang.String");
	}

	@Test
	void metadataTellsWhetherATypeIsVersioned() {
		assertThat(this.templates.metadata(Invoice.class).isVersioned()).isTrue();
		assertThat(this.templates.metadata(Account.class).isVersioned()).isTrue();
		assertThat(this.templates.metadata(Unversioned.class).isVersioned()).isFalse();
		assertThat(this.templates.metadata(Invoice.class).getIdType()).isEqualTo(ObjectId.class);
		assertThat(this.templates.metadata(Account.class).getIdType()).isEqualTo(String.class);
	}

	private BsonValue storedVersion(String collection, Object id) {
		return this.client.getDatabase(this.databaseName)
			.getCollection(collection, BsonDocument.class)
			.find(Filters.eq("_id", id))
			.first()
			.get("version");
	}

	public record Invoice(@BsonId ObjectId id, String number, int amount, @Version long version) {
	}

	public record Unversioned(@BsonId ObjectId id) {
	}

	public record Stamped(@BsonId ObjectId id, @Version Instant stamp) {
	}

	public static class Labelled {

		private ObjectId id;

		@Version
		private String label;

		public ObjectId getId() {
			return this.id;
		}

		public void setId(ObjectId id) {
			this.id = id;
		}

		public String getLabel() {
			return this.label;
		}

		public void setLabel(String label) {
			this.label = label;
		}

	}

	public static class Account {

		private String id;

		private String owner;

		@Version
		private Long version;

		public Account() {
		}

		Account(String id, String owner, Long version) {
			this.id = id;
			this.owner = owner;
			this.version = version;
		}

		public String getId() {
			return this.id;
		}

		public void setId(String id) {
			this.id = id;
		}

		public String getOwner() {
			return this.owner;
		}

		public void setOwner(String owner) {
			this.owner = owner;
		}

		public Long getVersion() {
			return this.version;
		}

		public void setVersion(Long version) {
			this.version = version;
		}

	}

	public static class Counter {

		private ObjectId id;

		private int value;

		@Version
		private Integer version;

		public Counter() {
		}

		Counter(ObjectId id, int value, Integer version) {
			this.id = id;
			this.value = value;
			this.version = version;
		}

		public ObjectId getId() {
			return this.id;
		}

		public void setId(ObjectId id) {
			this.id = id;
		}

		public int getValue() {
			return this.value;
		}

		public void setValue(int value) {
			this.value = value;
		}

		public Integer getVersion() {
			return this.version;
		}

		public void setVersion(Integer version) {
			this.version = version;
		}

	}

}
