package io.connectplatform.mongodb.transaction;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.template.ConnectMongoTemplatesAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.transaction.ConnectMongoTransactionsAutoConfiguration;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.core.SessionJoiningProxy;
import io.connectplatform.mongodb.gridfs.FileQuery;
import io.connectplatform.mongodb.gridfs.GridFsTemplate;
import io.connectplatform.mongodb.transaction.MongoTransactionObserver.Outcome;
import io.connectplatform.mongodb.transaction.MongoTransactionObserver.RetryReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

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
 * Tests for {@link MongoTransactions}, the {@link MongoTransactionManager} and
 * {@code @Transactional} against a real MongoDB, a single-node replica set with test
 * commands enabled, so that the {@code failCommand} fail point can make the server itself
 * fail a command with the labels of the transaction specification. Skipped where no Docker
 * engine runs: the embedded server has no transactions, so these behaviours need a real
 * server.
 * <p>
 * {@code withReplicaSet()} sets the {@code --replSet docker-rs} command and initiates the
 * replica set once the container runs; replacing the command afterwards keeps the
 * initiation (Testcontainers 2.0.5 keys it on a flag, not on the command), so the command
 * below repeats {@code --replSet docker-rs} and adds {@code enableTestCommands}.
 */
@Testcontainers(disabledWithoutDocker = true)
class MongoTransactionsContainerTests {

	private static final Log logger = LogFactory.getLog(MongoTransactionsContainerTests.class);

	private static final String FAIL_POINT_APP = "tx-fail-points";

	@Container
	static MongoDBContainer mongo = new MongoDBContainer("mongo:8.0").withReplicaSet()
		.withCommand("--replSet", "docker-rs", "--setParameter", "enableTestCommands=1");

	private final List<String> commands = new CopyOnWriteArrayList<>();

	private final List<Object> observed = new CopyOnWriteArrayList<>();

	private MongoClient client;

	private MongoClient otherClient;

	private MongoTransactionManager manager;

	private MongoTransactions transactions;

	private CollectionTemplate<Item> items;

	private CollectionTemplate<Item> itemsOfOtherClient;

	@BeforeEach
	void connect(TestInfo test) {
		this.client = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(mongo.getReplicaSetUrl()))
			.applicationName(FAIL_POINT_APP)
			.addCommandListener(new CommandListener() {

				@Override
				public void commandStarted(CommandStartedEvent event) {
					MongoTransactionsContainerTests.this.commands.add(event.getCommandName());
				}

			})
			.build());
		this.otherClient = MongoClients.create(mongo.getReplicaSetUrl());
		this.manager = MongoTransactionManager.builder(this.client)
			.retryPolicy(new TransactionRetryPolicy(50, Duration.ofSeconds(60), TransactionRetryPolicy
				.exponentialBackOff(Duration.ofMillis(5), 1.5, Duration.ofMillis(100), Duration.ofMillis(5))))
			.observer(new MongoTransactionObserver() {

				@Override
				public void completed(Outcome outcome, long durationNanos) {
					MongoTransactionsContainerTests.this.observed.add(outcome);
				}

				@Override
				public void retried(RetryReason reason) {
					MongoTransactionsContainerTests.this.observed.add(reason);
				}

			})
			.build();
		this.transactions = new MongoTransactions(this.manager);
		String collection = test.getTestMethod().orElseThrow().getName();
		this.items = MongoTemplates.builder(this.client, "transactions")
			.sessionLookup(new TransactionalSessionLookup(this.client))
			.build()
			.of(collection, Item.class);
		this.itemsOfOtherClient = MongoTemplates.builder(this.otherClient, "transactions")
			.build()
			.of(collection, Item.class);
		this.items.drop();
		// A transaction cannot create a collection on the fly in every server version.
		this.otherClient.getDatabase("transactions").createCollection(collection);
	}

	@AfterEach
	void close() {
		try {
			failPoint(new Document("configureFailPoint", "failCommand").append("mode", "off"));
		}
		finally {
			this.client.close();
			this.otherClient.close();
		}
		assertThat(TransactionSynchronizationManager.getResourceMap()).isEmpty();
	}

	private void failPoint(Document command) {
		this.otherClient.getDatabase("admin").runCommand(command);
	}

	private void failNext(String commandName, int times, Document error) {
		Document data = new Document("failCommands", List.of(commandName)).append("appName", FAIL_POINT_APP);
		data.putAll(error);
		failPoint(new Document("configureFailPoint", "failCommand").append("mode", new Document("times", times))
			.append("data", data));
	}

	private List<Object> retries() {
		return this.observed.stream().filter(RetryReason.class::isInstance).toList();
	}

	@Test
	void aCommittedTransactionIsVisibleToAnotherClient() {
		this.transactions.execute((tx) -> {
			this.items.insert(new Item("a", 1));
			this.items.insert(new Item("b", 2));
			return null;
		});
		assertThat(this.itemsOfOtherClient.findAll()).containsExactlyInAnyOrder(new Item("a", 1), new Item("b", 2));
		assertThat(this.observed).containsExactly(Outcome.COMMITTED);
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
	void templatesJoinTheTransactionOfTheThread() throws Exception {
		this.items.insert(new Item("outside", 0));
		this.transactions.execute((tx) -> {
			this.items.insert(new Item("a", 1));
			this.items.updateOne(Filters.eq("_id", "outside"), Updates.set("quantity", 5));
			assertThat(this.items.findById("a")).as("the transaction reads its own write").contains(new Item("a", 1));
			assertThat(this.itemsOfOtherClient.findById("a")).as("another client sees nothing yet").isEmpty();
			assertThat(CompletableFuture.supplyAsync(() -> this.items.findById("outside")).join())
				.as("another thread, outside the transaction, sees the old value")
				.contains(new Item("outside", 0));
			return null;
		});
		assertThat(this.itemsOfOtherClient.findAll()).containsExactlyInAnyOrder(new Item("outside", 5),
				new Item("a", 1));
	}

	@Test
	void rawCallsOnAJoiningDatabaseJoinTheTransactionOfTheThread() {
		MongoDatabase database = SessionJoiningProxy.database(this.client.getDatabase("transactions"),
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
		GridFsTemplate files = GridFsTemplate.builder(this.client.getDatabase("transactions"))
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
		assertThat(this.otherClient.getDatabase("transactions")
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
		this.transactions.execute(MongoTransactionOptions.builder().readOnly(true).build(), (tx) -> {
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
	void concurrentTransactionsOnTheSameDocumentBothFinishWithTheExactTotal() throws Exception {
		this.items.insert(new Item("counter", 0));
		int threads = 2;
		int incrementsEach = 25;
		CyclicBarrier start = new CyclicBarrier(threads);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(executor.submit(() -> {
					start.await(30, TimeUnit.SECONDS);
					for (int i = 0; i < incrementsEach; i++) {
						this.transactions.execute((tx) -> {
							// Read, then write what was read plus one: without the transaction and
							// its retry, concurrent increments would be lost.
							int current = this.items.findById("counter").orElseThrow().quantity();
							this.items.updateOne(Filters.eq("_id", "counter"), Updates.set("quantity", current + 1));
							return null;
						});
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			executor.shutdownNow();
		}
		long transientRetries = retries().stream().filter(RetryReason.TRANSIENT::equals).count();
		logger.info(threads * incrementsEach + " concurrent increments needed " + transientRetries
				+ " transient-error retries");
		assertThat(this.itemsOfOtherClient.findById("counter")).contains(new Item("counter", threads * incrementsEach));
		assertThat(this.observed.stream().filter(Outcome.COMMITTED::equals).count())
			.isEqualTo(threads * incrementsEach);
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
	}

	@Test
	void transactionalMethodsRunInATransactionOfTheAutoConfiguredManager() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class,
					ConnectMongoTemplatesAutoConfiguration.class, ConnectMongoTransactionsAutoConfiguration.class,
					TransactionAutoConfiguration.class, TransactionManagerCustomizationAutoConfiguration.class))
			.withPropertyValues("spring.mongodb.uri=" + mongo.getReplicaSetUrl("transactions"))
			.withBean(OrderService.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				OrderService service = context.getBean(OrderService.class);
				String collection = service.collectionName();
				CollectionTemplate<Item> orders = MongoTemplates.builder(this.otherClient, "transactions")
					.build()
					.of(collection, Item.class);
				orders.drop();
				this.otherClient.getDatabase("transactions").createCollection(collection);
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

	/**
	 * An entity for the templates.
	 *
	 * @param id the id
	 * @param quantity a quantity
	 */
	public record Item(@BsonId String id, int quantity) {
	}

	/**
	 * A service with {@code @Transactional} methods, proxied by Spring.
	 */
	public static class OrderService {

		private final CollectionTemplate<Item> orders;

		private final MongoTransactions transactions;

		public OrderService(MongoTemplates templates, MongoTransactions transactions) {
			this.orders = templates.of("orderService", Item.class);
			this.transactions = transactions;
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

	}

}
