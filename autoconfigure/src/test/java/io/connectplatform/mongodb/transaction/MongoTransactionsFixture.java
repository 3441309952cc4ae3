package io.connectplatform.mongodb.transaction;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.metrics.TransactionMetrics;
import io.connectplatform.mongodb.transaction.MongoTransactionObserver.Outcome;
import io.connectplatform.mongodb.transaction.MongoTransactionObserver.RetryReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.data.annotation.Version;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every transaction scenario runs on: two clients of the server a subclass names in
 * {@link #connectionString(String)} (one that runs the transactions, with an application
 * name the {@code failCommand} fail point can target and a record of the commands it sends,
 * and another that plays a second application), a {@link MongoClientTransactionManager} whose
 * outcomes and retries are both recorded and measured by {@link TransactionMetrics}, and
 * templates of a collection named after the test method, created empty beforehand.
 *
 * @see MongoTransactionsScenarios
 */
abstract class MongoTransactionsFixture {

	static final String DATABASE = "transactions";

	static final String FAIL_POINT_APP = "tx-fail-points";

	final List<String> commands = new CopyOnWriteArrayList<>();

	final List<Object> observed = new CopyOnWriteArrayList<>();

	final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	final AtomicInteger asyncSubmissions = new AtomicInteger();

	MongoClient client;

	MongoClient otherClient;

	MongoClientTransactionManager manager;

	MongoTransactions transactions;

	MongoTemplates templates;

	CollectionTemplate<Item> items;

	CollectionTemplate<Item> itemsOfOtherClient;

	/**
	 * Return the connection string of the replica set the scenarios run against.
	 * @param database the database to name in it
	 * @return the connection string
	 */
	protected abstract String connectionString(String database);

	@BeforeEach
	void connect(TestInfo test) {
		this.client = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(connectionString(DATABASE)))
			.applicationName(FAIL_POINT_APP)
			.addCommandListener(new CommandListener() {

				@Override
				public void commandStarted(CommandStartedEvent event) {
					MongoTransactionsFixture.this.commands.add(event.getCommandName());
				}

			})
			.build());
		this.otherClient = MongoClients.create(connectionString(DATABASE));
		MongoTransactionObserver recording = new MongoTransactionObserver() {

			@Override
			public void completed(Outcome outcome, long durationNanos) {
				MongoTransactionsFixture.this.observed.add(outcome);
			}

			@Override
			public void retried(RetryReason reason) {
				MongoTransactionsFixture.this.observed.add(reason);
			}

		};
		this.manager = MongoClientTransactionManager.builder(this.client)
			.retryPolicy(new TransactionRetryPolicy(50, Duration.ofSeconds(60), TransactionRetryPolicy
				.exponentialBackOff(Duration.ofMillis(5), 1.5, Duration.ofMillis(100), Duration.ofMillis(5))))
			.observer(MongoTransactionObserver.of(List.of(recording, new TransactionMetrics(this.registry))))
			.build();
		this.transactions = new MongoTransactions(this.manager);
		this.templates = MongoTemplates.builder(this.client, DATABASE)
			.sessionLookup(new TransactionalSessionLookup(this.client))
			.asyncExecutor((task) -> {
				this.asyncSubmissions.incrementAndGet();
				task.run();
			})
			.build();
		String collection = test.getTestMethod().orElseThrow().getName();
		this.items = this.templates.of(collection, Item.class);
		this.itemsOfOtherClient = MongoTemplates.builder(this.otherClient, DATABASE).build().of(collection, Item.class);
		createEmpty(collection);
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

	/**
	 * Drop a collection and create it again, empty, outside any transaction: a transaction
	 * cannot create a collection on the fly in every server version.
	 * @param name the name of the collection
	 */
	void createEmpty(String name) {
		this.otherClient.getDatabase(DATABASE).getCollection(name).drop();
		this.otherClient.getDatabase(DATABASE).createCollection(name);
	}

	/**
	 * Return the collection of the test as documents, through the client that runs the
	 * transactions but without joining them: a call joins only when given
	 * {@link MongoTransaction#session()} explicitly.
	 * @return the plain collection
	 */
	MongoCollection<Document> plainCollection() {
		return this.client.getDatabase(DATABASE).getCollection(this.items.getCollectionName());
	}

	/**
	 * Return the collection of the test as documents, as another application sees it.
	 * @return the collection of the other client
	 */
	MongoCollection<Document> collectionOfOtherClient() {
		return this.otherClient.getDatabase(DATABASE).getCollection(this.items.getCollectionName());
	}

	void failPoint(Document command) {
		this.otherClient.getDatabase("admin").runCommand(command);
	}

	void failNext(String commandName, int times, Document error) {
		Document data = new Document("failCommands", List.of(commandName)).append("appName", FAIL_POINT_APP);
		data.putAll(error);
		failPoint(new Document("configureFailPoint", "failCommand").append("mode", new Document("times", times))
			.append("data", data));
	}

	List<Object> retries() {
		return this.observed.stream().filter(RetryReason.class::isInstance).toList();
	}

	long observedCount(Object outcomeOrReason) {
		return this.observed.stream().filter(outcomeOrReason::equals).count();
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
	 * An entity with a {@link Version @Version} property, for optimistic locking.
	 *
	 * @param id the id
	 * @param quantity a quantity
	 * @param version the version
	 */
	public record VersionedItem(@BsonId String id, int quantity, @Version long version) {
	}

}
