package io.connectplatform.mongodb.transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.connection.ClusterType;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.metrics.TransactionMetrics;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.codecs.pojo.annotations.BsonId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link MongoTransactions} and the {@link MongoClientTransactionManager} over the wire
 * against the embedded server, a standalone server without sessions or transactions: the
 * default {@link OnStandalone#FAIL} mode fails before the body runs with a message that
 * says what to do, and {@link OnStandalone#RUN_WITHOUT_TRANSACTION} runs the body without a
 * transaction, so that nothing is rolled back. The server sits behind a proxy so that a test
 * can hold back its replies and catch the client before it has met the server.
 */
@ExtendWith(OutputCaptureExtension.class)
class MongoTransactionsEmbeddedTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create().standalone().withProxies();

	private static final String WARNING = "connect.mongodb.transactions.on-standalone=run-without-transaction: MongoDB at ";

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<String> observed = new ArrayList<>();

	private MongoClient client;

	private CollectionTemplate<Item> items;

	@BeforeEach
	void connect(TestInfo test) {
		this.client = MongoClients.create(mongo.getConnectionString());
		this.items = templates(this.client).of(test.getTestMethod().orElseThrow().getName(), Item.class);
		this.items.drop();
	}

	@AfterEach
	void close() {
		mongo.proxy(0).resume();
		this.client.close();
		assertThat(TransactionSynchronizationManager.getResourceMap()).isEmpty();
		assertThat(TransactionSynchronizationManager.isSynchronizationActive()).isFalse();
	}

	private static MongoTemplates templates(MongoClient client) {
		return MongoTemplates.builder(client, "transactions").sessionLookup(new TransactionalSessionLookup(client)).build();
	}

	private MongoClientTransactionManager manager(MongoClient client, OnStandalone onStandalone) {
		MongoTransactionObserver recording = new MongoTransactionObserver() {

			@Override
			public void completed(Outcome outcome, long durationNanos) {
				MongoTransactionsEmbeddedTests.this.observed.add(outcome.tagValue());
			}

			@Override
			public void retried(RetryReason reason) {
				MongoTransactionsEmbeddedTests.this.observed.add(reason.tagValue());
			}

		};
		return MongoClientTransactionManager.builder(client)
			.onStandalone(onStandalone)
			.observer(MongoTransactionObserver.of(List.of(recording, new TransactionMetrics(this.registry))))
			.build();
	}

	private String address() {
		return "localhost:" + mongo.proxy(0).getPort();
	}

	private void assertNoTransactionRecorded() {
		assertThat(this.observed).isEmpty();
		assertThat(this.registry.getMeters()).isNotEmpty().allSatisfy((meter) -> assertThat(measured(meter)).isZero());
	}

	private static double measured(Meter meter) {
		double total = 0;
		for (var measurement : meter.measure()) {
			total += measurement.getValue();
		}
		return total;
	}

	@Test
	void byDefaultATransactionFailsBeforeTheBodyRunsSayingWhatToDo() {
		this.items.insert(new Item("connected", 1));
		assertThat(this.client.getClusterDescription().getType()).isEqualTo(ClusterType.STANDALONE);
		MongoTransactions transactions = new MongoTransactions(manager(this.client, OnStandalone.FAIL));
		AtomicInteger runs = new AtomicInteger();
		assertThatExceptionOfType(MongoTransactionsUnsupportedException.class)
			.isThrownBy(() -> transactions.execute((tx) -> runs.incrementAndGet()))
			.withMessageContaining("Transactions require a replica set or a sharded cluster; connected to STANDALONE at "
					+ address() + ".")
			.withMessageContaining("connect.mongodb.transactions.on-standalone=run-without-transaction")
			.satisfies((ex) -> {
				assertThat(ex.getClusterType()).isEqualTo("STANDALONE");
				assertThat(ex.getServers()).isEqualTo(address());
			});
		assertThat(runs).hasValue(0);
		assertNoTransactionRecorded();
	}

	@Test
	void byDefaultATransactionTemplateFailsBeforeTheBodyRunsToo() {
		this.items.insert(new Item("connected", 1));
		TransactionTemplate template = new TransactionTemplate(manager(this.client, OnStandalone.FAIL));
		AtomicInteger runs = new AtomicInteger();
		assertThatExceptionOfType(MongoTransactionsUnsupportedException.class)
			.isThrownBy(() -> template.executeWithoutResult((status) -> runs.incrementAndGet()))
			.withMessageContaining("connected to STANDALONE at " + address());
		assertThat(runs).hasValue(0);
	}

	/**
	 * A client that has not heard from its server yet describes the deployment as
	 * {@code UNKNOWN}, and the driver starts sessions without asking the server; the first
	 * transaction right after start-up must still see that the server is standalone.
	 */
	@Test
	void aClientThatHasNotMetTheServerYetStillFailsBeforeTheBodyRuns() {
		try (MongoClient fresh = freshClientMeetingTheServerLate()) {
			MongoTransactions transactions = new MongoTransactions(manager(fresh, OnStandalone.FAIL));
			AtomicInteger runs = new AtomicInteger();
			assertThatExceptionOfType(MongoTransactionsUnsupportedException.class)
				.isThrownBy(() -> transactions.execute((tx) -> runs.incrementAndGet()))
				.withMessageContaining("connected to STANDALONE at " + address());
			assertThat(runs).hasValue(0);
		}
	}

	@Test
	void aClientThatHasNotMetTheServerYetRunsWithoutATransactionWhenConfigured() {
		try (MongoClient fresh = freshClientMeetingTheServerLate()) {
			MongoTransactions transactions = new MongoTransactions(
					manager(fresh, OnStandalone.RUN_WITHOUT_TRANSACTION));
			CollectionTemplate<Item> items = templates(fresh).of(this.items.getCollectionName(), Item.class);
			transactions.execute((tx) -> {
				assertThat(tx.session()).isNull();
				return items.insert(new Item("a", 1));
			});
			assertThat(this.items.findById("a")).contains(new Item("a", 1));
		}
	}

	/**
	 * Create a client while the proxy holds back the server's replies, and let them through
	 * a little later, so that the client's first calls find the deployment still unknown.
	 */
	private MongoClient freshClientMeetingTheServerLate() {
		mongo.proxy(0).stall();
		MongoClient fresh = MongoClients.create(mongo.getConnectionString());
		assertThat(fresh.getClusterDescription().getType()).isEqualTo(ClusterType.UNKNOWN);
		CompletableFuture.runAsync(() -> mongo.proxy(0).resume(),
				CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
		return fresh;
	}

	@Test
	void runWithoutTransactionRunsTheBodyWithoutASessionAndRollsNothingBack() {
		MongoTransactions transactions = new MongoTransactions(
				manager(this.client, OnStandalone.RUN_WITHOUT_TRANSACTION));
		Item inserted = transactions.execute((tx) -> {
			assertThat(tx.session()).isNull();
			assertThat(tx.attempt()).isEqualTo(1);
			assertThat(transactions.isTransactionActive()).as("no MongoDB transaction runs").isFalse();
			return this.items.insert(new Item("kept", 1));
		});
		assertThat(inserted).isEqualTo(new Item("kept", 1));
		assertThatIllegalStateException().isThrownBy(() -> transactions.execute((tx) -> {
			this.items.insert(new Item("not rolled back", 2));
			throw new IllegalStateException("the body fails after a write");
		})).withMessage("the body fails after a write");
		Item rollbackOnly = transactions.execute((tx) -> {
			tx.setRollbackOnly();
			return this.items.insert(new Item("rollback-only", 3));
		});
		assertThat(rollbackOnly).isEqualTo(new Item("rollback-only", 3));
		assertThat(this.items.findAll()).containsExactlyInAnyOrder(new Item("kept", 1), new Item("not rolled back", 2),
				new Item("rollback-only", 3));
		assertNoTransactionRecorded();
	}

	@Test
	void runWithoutTransactionWarnsOnceAcrossSeveralTransactions(CapturedOutput output) {
		MongoClientTransactionManager manager = manager(this.client, OnStandalone.RUN_WITHOUT_TRANSACTION);
		MongoTransactions transactions = new MongoTransactions(manager);
		TransactionTemplate template = new TransactionTemplate(manager);
		for (int i = 0; i < 3; i++) {
			int n = i;
			transactions.execute((tx) -> this.items.insert(new Item("execute-" + n, n)));
			template.executeWithoutResult((status) -> this.items.insert(new Item("template-" + n, n)));
		}
		assertThat(this.items.count()).isEqualTo(6);
		assertThat(output.getAll().split(Pattern.quote(WARNING), -1)).as("one warning").hasSize(2);
		assertThat(output.getAll()).contains("WARN")
			.contains(WARNING + address() + " is STANDALONE, so transactional code runs WITHOUT a transaction");
		assertNoTransactionRecorded();
	}

	@Test
	void runWithoutTransactionRunsATransactionTemplateBodyTheSameWay() {
		TransactionTemplate template = new TransactionTemplate(
				manager(this.client, OnStandalone.RUN_WITHOUT_TRANSACTION));
		TransactionalSessionLookup lookup = new TransactionalSessionLookup(this.client);
		assertThatIllegalStateException().isThrownBy(() -> template.executeWithoutResult((status) -> {
			assertThat(status.isNewTransaction()).isTrue();
			assertThat(lookup.currentSession()).isNull();
			this.items.insert(new Item("not rolled back", 1));
			throw new IllegalStateException("the body fails after a write");
		}));
		assertThat(this.items.findAll()).containsExactly(new Item("not rolled back", 1));
		assertNoTransactionRecorded();
	}

	@Test
	void runWithoutTransactionLetsAnInnerExecuteJoin() {
		MongoTransactions transactions = new MongoTransactions(
				manager(this.client, OnStandalone.RUN_WITHOUT_TRANSACTION));
		transactions.execute((outer) -> transactions.execute((inner) -> {
			assertThat(inner.isNewTransaction()).isFalse();
			return this.items.insert(new Item("inner", 1));
		}));
		assertThat(this.items.findAll()).containsExactly(new Item("inner", 1));
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
