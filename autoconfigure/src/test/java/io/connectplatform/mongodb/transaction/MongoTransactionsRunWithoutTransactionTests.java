package io.connectplatform.mongodb.transaction;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.connection.ClusterType;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.gridfs.GridFsBucketOperations;
import io.connectplatform.mongodb.gridfs.GridFsBucketTemplate;
import io.connectplatform.mongodb.gridfs.UploadOptions;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bson.BsonValue;
import org.bson.codecs.pojo.annotations.BsonId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that the rules of the transaction API hold with
 * {@link OnStandalone#RUN_WITHOUT_TRANSACTION}, where a transaction runs without a session:
 * code developed against the embedded server must behave as it will against a replica set.
 * A read-only transaction refuses template and GridFS writes before anything is sent, async
 * operations are refused inside a transaction, and {@link MongoTransactions#isTransactionActive()}
 * agrees with {@link MongoTransaction#session()}. Over the wire, against the embedded server,
 * with a command listener that proves what was sent.
 * <p>
 * Every test here needs a <em>standalone</em> server, the only kind on which a transaction
 * runs without a session, so the extension below asks for one. The same rules with a session are
 * tested in {@code MongoTransactionsRetryTests} and {@code MongoTransactionsScenarios}.
 */
class MongoTransactionsRunWithoutTransactionTests {

	// Standalone on purpose: see the class description.
	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create().standalone();

	private static final String BUCKET = "documents";

	private final List<String> commands = new CopyOnWriteArrayList<>();

	private final AtomicInteger submitted = new AtomicInteger();

	private MongoClient client;

	private TransactionalSessionLookup lookup;

	private CollectionTemplate<Item> items;

	private GridFsBucketTemplate files;

	private MongoClientTransactionManager manager;

	private MongoTransactions transactions;

	@BeforeEach
	void connect(TestInfo test) {
		this.client = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(mongo.getConnectionString()))
			.addCommandListener(new CommandListener() {

				@Override
				public void commandStarted(CommandStartedEvent event) {
					MongoTransactionsRunWithoutTransactionTests.this.commands.add(event.getCommandName());
				}

			})
			.build());
		this.lookup = new TransactionalSessionLookup(this.client);
		Executor counting = (task) -> {
			this.submitted.incrementAndGet();
			task.run();
		};
		this.items = MongoTemplates.builder(this.client, "parity")
			.sessionLookup(this.lookup)
			.asyncExecutor(counting)
			.build()
			.of(test.getTestMethod().orElseThrow().getName(), Item.class);
		this.items.drop();
		this.items.insert(new Item("existing", 1));
		this.files = GridFsBucketTemplate.builder(this.client.getDatabase("parity"))
			.sessionLookup(this.lookup)
			.build()
			.bucket(BUCKET);
		this.files.drop();
		this.manager = MongoClientTransactionManager.builder(this.client)
			.onStandalone(OnStandalone.RUN_WITHOUT_TRANSACTION)
			.build();
		this.transactions = new MongoTransactions(this.manager);
		assertThat(this.client.getClusterDescription().getType()).as("a standalone server")
			.isEqualTo(ClusterType.STANDALONE);
		this.commands.clear();
	}

	@AfterEach
	void close() {
		this.client.close();
		assertThat(TransactionSynchronizationManager.getResourceMap()).isEmpty();
		assertThat(TransactionSynchronizationManager.isSynchronizationActive()).isFalse();
	}

	private static MongoTransactionSettings readOnly() {
		return MongoTransactionSettings.builder().readOnly(true).build();
	}

	/**
	 * Assert that each write is refused, naming the operation and the collection, and that
	 * nothing at all was sent for it.
	 */
	private void assertRefusedBeforeSending(String operation, ThrowingCallable write) {
		this.commands.clear();
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class).isThrownBy(write)
			.withMessage("Cannot " + operation + " in '" + this.items.getCollectionName()
					+ "': the current transaction is read-only");
		assertThat(this.commands).as("commands sent for the refused %s", operation).isEmpty();
	}

	@Test
	void aReadOnlyTransactionRefusesTemplateWritesBeforeSendingThem() {
		this.transactions.execute(readOnly(), (tx) -> {
			assertThat(tx.session()).isNull();
			assertThat(this.items.findById("existing")).as("reads are allowed").contains(new Item("existing", 1));
			assertRefusedBeforeSending("insert", () -> this.items.insert(new Item("a", 1)));
			assertRefusedBeforeSending("insert", () -> this.items.insertAll(List.of(new Item("b", 1))));
			assertRefusedBeforeSending("replace", () -> this.items.save(new Item("existing", 2)));
			assertRefusedBeforeSending("update",
					() -> this.items.updateOne(Filters.eq("_id", "existing"), Updates.inc("quantity", 1)));
			assertRefusedBeforeSending("update",
					() -> this.items.updateMany(Filters.empty(), Updates.inc("quantity", 1)));
			assertRefusedBeforeSending("update",
					() -> this.items.upsert(Filters.eq("_id", "c"), Updates.set("quantity", 1)));
			assertRefusedBeforeSending("update", () -> this.items.findOneAndUpdate(Filters.eq("_id", "existing"),
					Updates.inc("quantity", 1), ReturnDocument.AFTER));
			assertRefusedBeforeSending("replace", () -> this.items.replace(new Item("existing", 2)));
			assertRefusedBeforeSending("delete", () -> this.items.deleteById("existing"));
			assertRefusedBeforeSending("delete", () -> this.items.deleteMany(Filters.empty()));
			assertRefusedBeforeSending("delete", () -> this.items.findOneAndDelete(Filters.eq("_id", "existing")));
			assertRefusedBeforeSending("bulk write", () -> this.items.bulk().insert(new Item("d", 1)).execute());
			return null;
		});
		assertThat(this.items.findAll()).as("nothing was written").containsExactly(new Item("existing", 1));
	}

	@Test
	void aReadOnlyTransactionTemplateRefusesTemplateWritesAsATransactionalReadOnlyMethodWould() {
		TransactionTemplate template = new TransactionTemplate(this.manager);
		template.setReadOnly(true);
		template.executeWithoutResult((status) -> {
			assertThat(this.lookup.currentSession()).isNull();
			assertRefusedBeforeSending("insert", () -> this.items.insert(new Item("a", 1)));
			assertRefusedBeforeSending("update",
					() -> this.items.updateOne(Filters.eq("_id", "existing"), Updates.inc("quantity", 1)));
			assertRefusedBeforeSending("delete", () -> this.items.deleteById("existing"));
		});
		assertThat(this.items.findAll()).containsExactly(new Item("existing", 1));
	}

	@Test
	void aJoinedTransactionInsideAReadOnlyOneIsReadOnlyToo() {
		this.transactions.execute(readOnly(), (outer) -> this.transactions.execute((inner) -> {
			assertThat(inner.isNewTransaction()).isFalse();
			assertRefusedBeforeSending("insert", () -> this.items.insert(new Item("a", 1)));
			return null;
		}));
		assertThat(this.items.findAll()).containsExactly(new Item("existing", 1));
	}

	@Test
	void aReadOnlyTransactionRefusesGridFsWritesBeforeSendingThem() {
		BsonValue stored = this.files.upload("kept.txt", new byte[] { 1, 2, 3 }).id();
		this.commands.clear();
		this.transactions.execute(readOnly(), (tx) -> {
			List<ThrowingCallable> writes = List.of(() -> this.files.upload("a.txt", new byte[] { 1 }),
					() -> this.files.upload("a.txt", new byte[] { 1 }, UploadOptions.defaults()),
					() -> this.files.openUploadStream("a.txt"), () -> this.files.rename(stored, "b.txt"),
					() -> this.files.replaceMetadata(stored, null), () -> this.files.delete(stored),
					() -> this.files.deleteAll("kept.txt"), this.files::drop);
			for (ThrowingCallable write : writes) {
				assertThatExceptionOfType(InvalidDataAccessApiUsageException.class).isThrownBy(write)
					.withMessageStartingWith("Cannot ")
					.withMessageEndingWith("in GridFS bucket '" + BUCKET + "': the current transaction is read-only");
			}
			return null;
		});
		assertThat(this.commands).as("nothing was sent").isEmpty();
		assertThat(this.files.downloadBytes(stored)).containsExactly(1, 2, 3);
		assertThat(this.client.getDatabase("parity").getCollection(BUCKET + ".files").countDocuments()).isOne();
	}

	@Test
	void anOrdinaryTransactionStillWritesWithoutASession() {
		this.transactions.execute((tx) -> {
			assertThat(tx.session()).isNull();
			this.items.insert(new Item("a", 1));
			return this.files.upload("a.txt", new byte[] { 1 });
		});
		assertThat(this.items.findById("a")).contains(new Item("a", 1));
		assertThat(this.files.downloadBytes("a.txt", GridFsBucketOperations.LATEST)).containsExactly(1);
	}

	@Test
	void anAsyncOperationIsRefusedInsideATransaction() {
		this.transactions.execute((tx) -> {
			assertThat(tx.session()).isNull();
			assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
				.isThrownBy(() -> this.items.async().insert(new Item("async", 1)))
				.withMessage("Cannot run the async insert on '" + this.items.getCollectionName()
						+ "' inside a transaction: async operations run on another thread and cannot join it."
						+ " Use the synchronous operation inside the transaction.");
			assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
				.isThrownBy(() -> this.items.async().findById("existing"))
				.withMessageStartingWith("Cannot run the async findById on '");
			return null;
		});
		assertThat(this.submitted).as("nothing was submitted to the async executor").hasValue(0);
		assertThat(this.items.findById("async")).isEmpty();
		assertThat(this.items.async().insert(new Item("after", 1)).join()).isEqualTo(new Item("after", 1));
		assertThat(this.submitted).hasValue(1);
	}

	@Test
	void anAsyncOperationIsRefusedInATransactionTemplateToo() {
		new TransactionTemplate(this.manager)
			.executeWithoutResult((status) -> assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
				.isThrownBy(() -> this.items.async().insert(new Item("async", 1)))
				.withMessageContaining("inside a transaction"));
		assertThat(this.submitted).hasValue(0);
		assertThat(this.items.findById("async")).isEmpty();
	}

	@Test
	void noTransactionIsActiveAndTheSessionIsNullWhileTheBodyRunsInAScope() {
		assertThat(this.transactions.isTransactionActive()).isFalse();
		assertThat(this.lookup.isTransactionScopeBound()).isFalse();
		this.transactions.execute((outer) -> {
			assertThat(outer.session()).isNull();
			assertThat(this.transactions.isTransactionActive()).isFalse();
			assertThat(this.lookup.currentSession()).isNull();
			assertThat(this.lookup.isTransactionScopeBound()).isTrue();
			return this.transactions.execute((inner) -> {
				assertThat(inner.isNewTransaction()).as("joins the scope").isFalse();
				assertThat(inner.session()).isNull();
				assertThat(this.transactions.isTransactionActive()).isFalse();
				assertThat(this.lookup.isTransactionScopeBound()).isTrue();
				return null;
			});
		});
		new TransactionTemplate(this.manager).executeWithoutResult((status) -> {
			assertThat(this.transactions.isTransactionActive()).isFalse();
			assertThat(this.lookup.isTransactionScopeBound()).isTrue();
		});
		assertThat(this.transactions.isTransactionActive()).isFalse();
		assertThat(this.lookup.isTransactionScopeBound()).isFalse();
	}

	/**
	 * An entity for the template.
	 *
	 * @param id the id
	 * @param quantity a quantity
	 */
	public record Item(@BsonId String id, int quantity) {
	}

}
