package io.connectplatform.mongodb.transaction;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.connectplatform.mongodb.Concurrently;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.gridfs.ConnectMongoGridFsAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.template.ConnectMongoTemplatesAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.transaction.ConnectMongoTransactionsAutoConfiguration;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.internal.SessionJoiningProxy;
import io.connectplatform.mongodb.gridfs.FileQuery;
import io.connectplatform.mongodb.gridfs.GridFsBucketTemplate;
import io.connectplatform.mongodb.metrics.TransactionMetrics;
import io.connectplatform.mongodb.transaction.MongoTransactionObserver.Outcome;
import io.connectplatform.mongodb.transaction.MongoTransactionObserver.RetryReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Transaction scenarios for {@link MongoTransactions}, the {@link MongoClientTransactionManager}
 * and {@code @Transactional}, written once and run by each subclass against its own
 * single-node replica set: {@link MongoTransactionsEmbeddedReplicaSetTests} against the
 * embedded server in every build, {@link MongoTransactionsContainerTests} against MongoDB
 * in Docker. Commits, aborts and rollbacks; templates, raw calls on a joining
 * {@link MongoDatabase} and GridFS joining {@code execute} and {@code @Transactional};
 * concurrent transactions and the retries of their write conflicts, counted by
 * {@link TransactionMetrics}; and errors the server itself returns through its
 * {@code failCommand} fail point, with the labels of the transaction specification. That
 * every single operation joins is in {@link MongoTransactionsJoiningScenarios}.
 */
abstract class MongoTransactionsScenarios extends MongoTransactionsJoiningScenarios {

	private static final Log logger = LogFactory.getLog(MongoTransactionsScenarios.class);

	@Test
	void aCommittedTransactionIsVisibleToAnotherClientOnlyAfterItsCommit() {
		this.transactions.execute((tx) -> {
			this.items.insert(new Item("a", 1));
			this.items.insert(new Item("b", 2));
			assertThat(this.itemsOfOtherClient.count()).as("not visible before the commit").isZero();
			return null;
		});
		assertThat(this.itemsOfOtherClient.findAll()).containsExactlyInAnyOrder(new Item("a", 1), new Item("b", 2));
		assertThat(this.observed).containsExactly(Outcome.COMMITTED);
		assertThat(this.registry.get(TransactionMetrics.TIMER_NAME).tag("outcome", "committed").timer().count())
			.isOne();
	}

	@Test
	void aThrowingBodyLeavesNothingBehind() {
		assertThatIllegalStateException().isThrownBy(() -> this.transactions.execute((tx) -> {
			this.items.insert(new Item("a", 1));
			this.items.updateOne(Filters.eq("_id", "a"), Updates.inc("quantity", 1));
			throw new IllegalStateException("the body fails");
		}));
		assertThat(this.itemsOfOtherClient.count()).isZero();
		assertThat(this.observed).containsExactly(Outcome.ABORTED);
	}

	@Test
	void aRollbackOnlyTransactionLeavesNothingBehind() {
		String result = this.transactions.execute((tx) -> {
			this.items.insert(new Item("a", 1));
			tx.setRollbackOnly();
			return "dry run";
		});
		assertThat(result).isEqualTo("dry run");
		assertThat(this.itemsOfOtherClient.count()).isZero();
		assertThat(this.commands).contains("abortTransaction").doesNotContain("commitTransaction");
	}

	@Test
	void templatesJoinTheTransactionOfTheThread() {
		this.items.insert(new Item("outside", 0));
		this.transactions.execute((tx) -> {
			this.items.insert(new Item("a", 1));
			this.items.updateOne(Filters.eq("_id", "outside"), Updates.set("quantity", 5));
			assertThat(this.items.findById("a")).as("the transaction reads its own write").contains(new Item("a", 1));
			assertThat(this.itemsOfOtherClient.findById("a")).as("another client sees nothing yet").isEmpty();
			assertThat(CompletableFuture.supplyAsync(() -> this.items.findById("outside")))
				.as("another thread, outside the transaction, sees the old value")
				.succeedsWithin(30, TimeUnit.SECONDS)
				.isEqualTo(Optional.of(new Item("outside", 0)));
			return null;
		});
		assertThat(this.itemsOfOtherClient.findAll()).containsExactlyInAnyOrder(new Item("outside", 5),
				new Item("a", 1));
	}

	@Test
	void rawCallsOnAJoiningDatabaseJoinTheTransactionOfTheThread() {
		MongoDatabase database = SessionJoiningProxy.database(this.client.getDatabase(DATABASE),
				new TransactionalSessionLookup(this.client));
		MongoCollection<Document> raw = database.getCollection(this.items.getCollectionName());
		assertThatIllegalStateException().isThrownBy(() -> this.transactions.execute((tx) -> {
			raw.insertOne(new Document("_id", "raw").append("quantity", 1));
			assertThat(raw.countDocuments()).as("the transaction reads its own raw write").isOne();
			assertThat(this.itemsOfOtherClient.count()).as("another client sees nothing yet").isZero();
			throw new IllegalStateException("roll back");
		}));
		assertThat(this.itemsOfOtherClient.count()).as("the raw write was rolled back with the transaction").isZero();
		this.transactions.execute((tx) -> raw.insertOne(new Document("_id", "raw").append("quantity", 1)));
		assertThat(this.itemsOfOtherClient.findById("raw")).contains(new Item("raw", 1));
	}

	@Test
	void gridFsCallsJoinTheTransactionWithTheTemplates() {
		GridFsBucketTemplate files = GridFsBucketTemplate.builder(this.client.getDatabase(DATABASE))
			.bucketName(this.items.getCollectionName())
			.sessionLookup(new TransactionalSessionLookup(this.client))
			.build();
		files.ensureIndexes();
		byte[] content = "an invoice".getBytes(StandardCharsets.UTF_8);
		assertThatIllegalStateException().isThrownBy(() -> this.transactions.execute((tx) -> {
			files.upload("invoice.txt", content);
			this.items.insert(new Item("invoiced", 1));
			throw new IllegalStateException("roll back");
		}));
		assertThat(files.exists(FileQuery.byFilename("invoice.txt"))).as("the upload was rolled back").isFalse();
		assertThat(this.otherClient.getDatabase(DATABASE)
			.getCollection(this.items.getCollectionName() + ".chunks")
			.countDocuments()).as("no chunk left behind").isZero();
		assertThat(this.itemsOfOtherClient.count()).isZero();
		Object id = this.transactions.execute((tx) -> {
			this.items.insert(new Item("invoiced", 1));
			return files.upload("invoice.txt", content).id();
		});
		assertThat(files.downloadBytes(id)).isEqualTo(content);
		assertThat(this.itemsOfOtherClient.findById("invoiced")).contains(new Item("invoiced", 1));
	}

	@Test
	void aReadOnlyTransactionRefusesATemplateWriteBeforeSendingIt() {
		this.commands.clear();
		this.transactions.execute(MongoTransactionSettings.builder().readOnly(true).build(), (tx) -> {
			assertThat(this.items.count()).isZero();
			assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
				.isThrownBy(() -> this.items.insert(new Item("a", 1)))
				.withMessageContaining("read-only");
			return null;
		});
		assertThat(this.commands).doesNotContain("insert");
		assertThat(this.itemsOfOtherClient.count()).isZero();
	}

	@Test
	void anAsyncTemplateOperationInsideATransactionIsRefusedBeforeItIsSubmitted() {
		this.transactions.execute((tx) -> {
			assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
				.isThrownBy(() -> this.items.async().insert(new Item("async", 1)))
				.withMessageContaining("inside a transaction");
			return null;
		});
		assertThat(this.asyncSubmissions).as("nothing was submitted to the async executor").hasValue(0);
		assertThat(this.itemsOfOtherClient.count()).isZero();
		assertThat(this.items.async().insert(new Item("after", 1))).succeedsWithin(30, TimeUnit.SECONDS)
			.isEqualTo(new Item("after", 1));
	}

	@Test
	void twoThreadsIncrementingOneCounterEndAtTheExactTotalAndTheRetriesAreCounted() throws Exception {
		this.items.insert(new Item("counter", 0));
		int threads = 2;
		int incrementsEach = 200;
		AtomicInteger bodyRuns = new AtomicInteger();
		CyclicBarrier bothHaveRead = new CyclicBarrier(threads);
		Concurrently.run(threads, () -> {
			for (int i = 0; i < incrementsEach; i++) {
				boolean first = i == 0;
				this.transactions.execute((tx) -> {
					bodyRuns.incrementAndGet();
					// Read, then write what was read plus one: without the transaction and
					// its retry, concurrent increments would be lost.
					int current = this.items.findById("counter").orElseThrow().quantity();
					if (first && tx.attempt() == 1) {
						// Both threads have read the same value, so one of the two writes
						// conflicts: at least one retry is certain.
						await(bothHaveRead);
					}
					this.items.updateOne(Filters.eq("_id", "counter"), Updates.set("quantity", current + 1));
					return null;
				});
			}
		});
		int total = threads * incrementsEach;
		long transientRetries = observedCount(RetryReason.TRANSIENT);
		logger.info(total + " concurrent increments needed " + transientRetries + " transient-error retries");
		assertThat(this.itemsOfOtherClient.findById("counter")).contains(new Item("counter", total));
		assertThat(observedCount(Outcome.COMMITTED)).isEqualTo(total);
		assertThat(transientRetries).isPositive();
		assertThat(bodyRuns).as("each retry ran the body again").hasValue(total + (int) transientRetries);
		assertThat(this.registry.get(TransactionMetrics.RETRIES_NAME).tag("reason", "transient").counter().count())
			.isEqualTo(transientRetries);
		assertThat(this.registry.get(TransactionMetrics.TIMER_NAME).tag("outcome", "committed").timer().count())
			.isEqualTo(total);
	}

	@Test
	void eightThreadsInsertingDistinctDocumentsInTransactionsLoseNone() throws Exception {
		AtomicInteger next = new AtomicInteger();
		Concurrently.run(8, () -> {
			for (int i = 0; i < 50; i++) {
				int id = next.incrementAndGet();
				this.transactions.execute((tx) -> {
					this.items.insert(new Item("first-" + id, id));
					this.items.insert(new Item("second-" + id, id));
					return null;
				});
			}
		});
		assertThat(this.itemsOfOtherClient.count()).isEqualTo(800);
		assertThat(this.itemsOfOtherClient.distinct("quantity", Filters.empty(), Integer.class)).hasSize(400);
		assertThat(observedCount(Outcome.COMMITTED)).isEqualTo(400);
	}

	@Test
	void aTransientErrorFromTheServerRunsTheBodyAgain() {
		failNext("insert", 2, new Document("errorCode", 112).append("errorLabels", List.of("TransientTransactionError")));
		AtomicInteger runs = new AtomicInteger();
		int attempt = this.transactions.execute((tx) -> {
			runs.incrementAndGet();
			this.items.insert(new Item("a", tx.attempt()));
			return tx.attempt();
		});
		assertThat(attempt).isEqualTo(3);
		assertThat(runs).hasValue(3);
		assertThat(this.itemsOfOtherClient.findAll()).containsExactly(new Item("a", 3));
		assertThat(this.observed).containsExactly(Outcome.ABORTED, RetryReason.TRANSIENT, Outcome.ABORTED,
				RetryReason.TRANSIENT, Outcome.COMMITTED);
		assertThat(this.registry.get(TransactionMetrics.RETRIES_NAME).tag("reason", "transient").counter().count())
			.isEqualTo(2);
	}

	@Test
	void anUnknownCommitResultFromTheServerSendsTheCommitAgainOnly() {
		failNext("commitTransaction", 2,
				new Document("errorCode", 91).append("errorLabels", List.of("UnknownTransactionCommitResult")));
		AtomicInteger runs = new AtomicInteger();
		this.transactions.execute((tx) -> {
			runs.incrementAndGet();
			return this.items.insert(new Item("a", 1));
		});
		assertThat(runs).hasValue(1);
		assertThat(this.itemsOfOtherClient.findAll()).containsExactly(new Item("a", 1));
		assertThat(retries()).isNotEmpty().allMatch(RetryReason.UNKNOWN_COMMIT_RESULT::equals);
		assertThat(this.commands.stream().filter("commitTransaction"::equals).count()).isGreaterThanOrEqualTo(3);
		assertThat(this.observed).endsWith(Outcome.COMMITTED).doesNotContain(Outcome.ABORTED, Outcome.FAILED);
		assertThat(this.registry.get(TransactionMetrics.RETRIES_NAME)
			.tag("reason", "unknown-commit-result")
			.counter()
			.count()).isEqualTo(retries().size());
	}

	@Test
	void transactionalMethodsRunInATransactionOfTheAutoConfiguredManager() {
		contextRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			OrderService service = context.getBean(OrderService.class);
			CollectionTemplate<Item> orders = ordersOfOtherClient(service);
			assertThatIllegalStateException().isThrownBy(() -> service.placeTwo("failed", true, () -> {
			})).withMessage("the second order fails");
			assertThat(orders.count()).as("the first write is rolled back").isZero();
			service.placeTwo("ok", false,
					() -> assertThat(orders.count()).as("not visible before the commit").isZero());
			assertThat(orders.findAll()).containsExactlyInAnyOrder(new Item("ok-1", 1), new Item("ok-2", 2));
			assertThat(service.placeTwoThroughMongoTransactions("joined")).isTrue();
			assertThat(orders.count()).isEqualTo(4);
		});
	}

	@Test
	void rawCallsOnTheDatabaseBeanAndGridFsJoinTransactionalMethods() {
		contextRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			OrderService service = context.getBean(OrderService.class);
			CollectionTemplate<Item> orders = ordersOfOtherClient(service);
			GridFsBucketTemplate files = GridFsBucketTemplate.builder(this.otherClient.getDatabase(DATABASE))
				.bucketName(service.collectionName())
				.build();
			files.drop();
			files.ensureIndexes();
			assertThatIllegalStateException()
				.isThrownBy(() -> service.placeWithRawCallAndFile("failed", true, () -> {
				}))
				.withMessage("the invoice fails");
			assertThat(orders.count()).as("the template and the raw write are rolled back").isZero();
			assertThat(files.count(FileQuery.all())).as("the upload is rolled back").isZero();
			service.placeWithRawCallAndFile("ok", false, () -> {
				assertThat(orders.count()).as("not visible before the commit").isZero();
				assertThat(files.count(FileQuery.all())).as("no file visible before the commit").isZero();
			});
			assertThat(orders.findAll()).containsExactlyInAnyOrder(new Item("ok-1", 1), new Item("ok-raw", 2));
			assertThat(files.find(FileQuery.all())).singleElement()
				.satisfies((file) -> assertThat(file.filename()).isEqualTo("ok.txt"));
		});
	}

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class,
					ConnectMongoTemplatesAutoConfiguration.class, ConnectMongoTransactionsAutoConfiguration.class,
					ConnectMongoGridFsAutoConfiguration.class, TransactionAutoConfiguration.class,
					TransactionManagerCustomizationAutoConfiguration.class))
			.withPropertyValues("spring.mongodb.uri=" + connectionString(DATABASE))
			.withBean(OrderService.class);
	}

	private CollectionTemplate<Item> ordersOfOtherClient(OrderService service) {
		createEmpty(service.collectionName());
		return MongoTemplates.builder(this.otherClient, DATABASE).build().of(service.collectionName(), Item.class);
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("The other thread did not come", ex);
		}
	}

	/**
	 * A service with {@code @Transactional} methods, proxied by Spring.
	 */
	public static class OrderService {

		private final CollectionTemplate<Item> orders;

		private final MongoTransactions transactions;

		private final MongoDatabase database;

		private final GridFsBucketTemplate files;

		public OrderService(MongoTemplates templates, MongoTransactions transactions, MongoDatabase database,
				GridFsBucketTemplate files) {
			this.orders = templates.of("orderService", Item.class);
			this.transactions = transactions;
			this.database = database;
			this.files = files.bucket(this.orders.getCollectionName());
		}

		public String collectionName() {
			return this.orders.getCollectionName();
		}

		/**
		 * Insert an order, then fail if asked, or insert a second one and run the given
		 * check before the commit.
		 * @param prefix the prefix of the ids
		 * @param fail whether to fail after the first order
		 * @param beforeCommit what to run after both writes, still in the transaction
		 */
		@Transactional
		public void placeTwo(String prefix, boolean fail, Runnable beforeCommit) {
			assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isTrue();
			this.orders.insert(new Item(prefix + "-1", 1));
			if (fail) {
				throw new IllegalStateException("the second order fails");
			}
			this.orders.insert(new Item(prefix + "-2", 2));
			beforeCommit.run();
		}

		/**
		 * Insert two orders through {@link MongoTransactions}, which joins this method's
		 * transaction.
		 * @param prefix the prefix of the ids
		 * @return whether the inner call joined rather than started a transaction
		 */
		@Transactional
		public boolean placeTwoThroughMongoTransactions(String prefix) {
			return this.transactions.execute((tx) -> {
				this.orders.insert(new Item(prefix + "-1", 1));
				this.orders.insert(new Item(prefix + "-2", 2));
				return !tx.isNewTransaction();
			});
		}

		/**
		 * Insert an order through the template, another through a raw call on the
		 * {@code MongoDatabase} bean, and upload its invoice to GridFS; then fail if asked,
		 * or run the given check before the commit.
		 * @param prefix the prefix of the ids
		 * @param fail whether to fail after the writes
		 * @param beforeCommit what to run after the writes, still in the transaction
		 */
		@Transactional
		public void placeWithRawCallAndFile(String prefix, boolean fail, Runnable beforeCommit) {
			this.orders.insert(new Item(prefix + "-1", 1));
			this.database.getCollection(collectionName())
				.insertOne(new Document("_id", prefix + "-raw").append("quantity", 2));
			this.files.upload(prefix + ".txt", "an invoice".getBytes(StandardCharsets.UTF_8));
			if (fail) {
				throw new IllegalStateException("the invoice fails");
			}
			beforeCommit.run();
		}

	}

}
