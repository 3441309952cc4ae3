package io.connectplatform.mongodb.autoconfigure.springdata;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.MongoDatabase;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.embedded.ConnectMongoEmbeddedAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.template.ConnectMongoTemplatesAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.transaction.ConnectMongoTransactionsAutoConfiguration;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.gridfs.GridFsBucketTemplate;
import io.connectplatform.mongodb.springdata.SpringDataTransactionParticipant;
import io.connectplatform.mongodb.transaction.MongoClientTransactionManager;
import io.connectplatform.mongodb.transaction.MongoTransactions;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * An application with both Spring Data MongoDB (Boot's {@code DataMongoAutoConfiguration})
 * and Connect MongoDB, over TCP against the embedded single-node replica set: one
 * {@code MongoClient}, one transaction manager (ours), and Spring Data's {@code MongoTemplate}
 * and our templates in the same transaction. Each write is checked from outside the
 * transaction, with the client's plain database (no session), so that a write that ran
 * outside the transaction, or in a second one, shows.
 *
 * @author Connect MongoDB team
 */
class SpringDataSideBySideTests {

	private static final AutoConfigurations CONNECT_FIRST = AutoConfigurations.of(
			ConnectMongoEmbeddedAutoConfiguration.class, ConnectMongoAutoConfiguration.class,
			ConnectMongoTemplatesAutoConfiguration.class, ConnectMongoTransactionsAutoConfiguration.class,
			MongoAutoConfiguration.class, DataMongoAutoConfiguration.class,
			TransactionManagerCustomizationAutoConfiguration.class, TransactionAutoConfiguration.class);

	private static final AutoConfigurations SPRING_DATA_FIRST = AutoConfigurations.of(DataMongoAutoConfiguration.class,
			MongoAutoConfiguration.class, TransactionAutoConfiguration.class,
			TransactionManagerCustomizationAutoConfiguration.class, ConnectMongoTransactionsAutoConfiguration.class,
			ConnectMongoTemplatesAutoConfiguration.class, ConnectMongoAutoConfiguration.class,
			ConnectMongoEmbeddedAutoConfiguration.class);

	private final ApplicationContextRunner contextRunner = runner(CONNECT_FIRST)
		.withUserConfiguration(LedgerConfiguration.class);

	private static ApplicationContextRunner runner(AutoConfigurations configurations) {
		return new ApplicationContextRunner().withConfiguration(configurations)
			.withPropertyValues("connect.mongodb.embedded.enabled=true", "connect.mongodb.embedded.port=0");
	}

	@Test
	void bothLibrariesShareOneClientOneDatabaseAndOneTransactionManager() {
		this.contextRunner.run(SpringDataSideBySideTests::assertOneClientAndOneManager);
	}

	@Test
	void theAutoConfigurationsListedInEitherOrderGiveTheSameApplication() {
		runner(SPRING_DATA_FIRST).withUserConfiguration(LedgerConfiguration.class).run((context) -> {
			assertOneClientAndOneManager(context);
			assertRollbackCoversBoth(context);
		});
	}

	@Test
	void aMongoDatabaseFactoryOfTheApplicationSwitchesOffTheClientAutoConfigurationsAsInBoot() {
		runner(CONNECT_FIRST).withUserConfiguration(ApplicationFactoryConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(MongoClient.class)
				.doesNotHaveBean(MongoClientSettings.class)
				.doesNotHaveBean(MongoTemplates.class);
			assertThat(context.getBean(MongoClient.class)).isSameAs(context.getBean("applicationClient"));
			assertThat(context.getBean(MongoDatabaseFactory.class)).isSameAs(context.getBean("applicationFactory"));
		});
	}

	@Test
	void aWholeApplicationWithBothLibrariesStartsWithOneClientAndOneTransactionManager() {
		SpringApplication application = new SpringApplication(BothLibrariesApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--connect.mongodb.embedded.enabled=true",
				"--connect.mongodb.embedded.port=0", "--spring.main.banner-mode=off")) {
			assertThat(context.getBeansOfType(MongoClient.class)).hasSize(1);
			assertThat(context.getBeansOfType(PlatformTransactionManager.class)).hasSize(1)
				.allSatisfy((name, manager) -> assertThat(manager).isInstanceOf(MongoClientTransactionManager.class));
			assertThat(context.getBeansOfType(GridFsTemplate.class)).as("Spring Data's GridFS").hasSize(1);
			assertThat(context.getBeansOfType(GridFsBucketTemplate.class)).as("ours").hasSize(1);
			assertThat(context.getBean(MongoDatabaseFactory.class)).extracting("mongoClient")
				.isSameAs(context.getBean(MongoClient.class));
		}
	}

	/**
	 * An application with every auto-configuration on the test class path: ours, Boot's and
	 * Boot's Spring Data MongoDB.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BothLibrariesApplication {

	}

	private static void assertOneClientAndOneManager(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed()
			.hasSingleBean(MongoClient.class)
			.hasSingleBean(MongoDatabaseFactory.class)
			.hasSingleBean(MongoTemplate.class)
			.hasSingleBean(MongoTemplates.class)
			.hasSingleBean(MongoDatabase.class)
			.hasSingleBean(PlatformTransactionManager.class)
			.hasSingleBean(SpringDataTransactionParticipant.class);
		MongoClient client = context.getBean(MongoClient.class);
		assertThat(context.getBean(MongoDatabaseFactory.class)).extracting("mongoClient").isSameAs(client);
		assertThat(context.getBean(PlatformTransactionManager.class)).isInstanceOf(MongoClientTransactionManager.class)
			.extracting(MongoClientTransactionManager.class::cast)
			.extracting(MongoClientTransactionManager::getResourceFactory)
			.isSameAs(client);
		assertThat(context.getBean(MongoTemplate.class).getDb().getName())
			.isEqualTo(context.getBean(MongoDatabase.class).getName())
			.isEqualTo(context.getBean(MongoTemplates.class).getDatabase().getName());
	}

	@Test
	void aTransactionalMethodThatThrowsRollsBackTheWritesOfBoth() {
		this.contextRunner.run(SpringDataSideBySideTests::assertRollbackCoversBoth);
	}

	private static void assertRollbackCoversBoth(AssertableApplicationContext context) {
		Ledger ledger = context.getBean(Ledger.class);
		assertThatIllegalStateException().isThrownBy(() -> ledger.writeBoth("rolled-back", (inside) -> {
			throw new IllegalStateException("fail after both writes");
		})).withMessage("fail after both writes");
		assertThat(committed(context, "theirs")).as("Spring Data's write").isEmpty();
		assertThat(committed(context, "ours")).as("our write").isEmpty();
	}

	@Test
	void aTransactionalMethodThatReturnsCommitsTheWritesOfBothTogether() {
		this.contextRunner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			AtomicReference<List<Document>> seenOutside = new AtomicReference<>();
			ledger.writeBoth("committed",
					(inside) -> seenOutside.set(concat(committed(context, "theirs"), committed(context, "ours"))));
			assertThat(seenOutside.get()).as("neither write is visible outside before the commit").isEmpty();
			assertThat(committed(context, "theirs")).containsExactly(new Document("_id", "committed"));
			assertThat(committed(context, "ours")).containsExactly(new Document("_id", "committed"));
			assertThat(TransactionSynchronizationManager.getResourceMap()).as("nothing left bound to the thread")
				.isEmpty();
		});
	}

	@Test
	void insideTheTransactionEachLibrarySeesTheUncommittedWriteOfTheOther() {
		this.contextRunner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			AtomicReference<List<Document>> oursSeenBySpringData = new AtomicReference<>();
			AtomicReference<List<Document>> theirsSeenByUs = new AtomicReference<>();
			ledger.writeBoth("pending", (inside) -> {
				oursSeenBySpringData.set(inside.mongoTemplate.findAll(Document.class, "ours"));
				theirsSeenByUs.set(inside.templates.of("theirs", Document.class).findAll());
			});
			assertThat(oursSeenBySpringData.get()).containsExactly(new Document("_id", "pending"));
			assertThat(theirsSeenByUs.get()).containsExactly(new Document("_id", "pending"));
		});
	}

	@Test
	void mongoTransactionsExecuteCoversSpringDataToo() {
		this.contextRunner.run((context) -> {
			MongoTransactions transactions = context.getBean(MongoTransactions.class);
			MongoTemplate mongoTemplate = context.getBean(MongoTemplate.class);
			CollectionTemplate<Document> ours = context.getBean(MongoTemplates.class).of("ours", Document.class);
			assertThatIllegalStateException().isThrownBy(() -> transactions.executeWithoutResult((tx) -> {
				mongoTemplate.insert(new Document("_id", "rolled-back"), "theirs");
				ours.insert(new Document("_id", "rolled-back"));
				throw new IllegalStateException("fail");
			}));
			assertThat(committed(context, "theirs")).isEmpty();
			assertThat(committed(context, "ours")).isEmpty();
			List<Document> seenOutside = transactions.execute((tx) -> {
				mongoTemplate.insert(new Document("_id", "committed"), "theirs");
				ours.insert(new Document("_id", "committed"));
				assertThat(mongoTemplate.findAll(Document.class, "ours")).hasSize(1);
				return concat(committed(context, "theirs"), committed(context, "ours"));
			});
			assertThat(seenOutside).isEmpty();
			assertThat(committed(context, "theirs")).containsExactly(new Document("_id", "committed"));
			assertThat(committed(context, "ours")).containsExactly(new Document("_id", "committed"));
		});
	}

	@Test
	void aWriteConflictOfSpringDataInsideExecuteRunsTheWholeBodyAgain() {
		this.contextRunner.run((context) -> {
			MongoClient client = context.getBean(MongoClient.class);
			MongoCollection<Document> theirs = client.getDatabase(context.getBean(MongoDatabase.class).getName())
				.getCollection("theirs");
			theirs.insertOne(new Document("_id", "stock").append("available", 10));
			MongoTemplate mongoTemplate = context.getBean(MongoTemplate.class);
			CollectionTemplate<Document> ours = context.getBean(MongoTemplates.class).of("ours", Document.class);
			List<Integer> attempts = new ArrayList<>();
			try (ClientSession other = client.startSession()) {
				other.startTransaction();
				theirs.updateOne(other, Filters.eq("_id", "stock"), Updates.inc("available", -5));
				context.getBean(MongoTransactions.class).executeWithoutResult((tx) -> {
					attempts.add(tx.attempt());
					ours.insert(new Document("_id", "order-" + tx.attempt()));
					if (tx.attempt() > 1) {
						other.abortTransaction();
					}
					mongoTemplate.updateFirst(Query.query(Criteria.where("_id").is("stock")),
							new Update().inc("available", -1), "theirs");
				});
			}
			assertThat(attempts).as("the first attempt met the other transaction's write").containsExactly(1, 2);
			assertThat(committed(context, "theirs"))
				.containsExactly(new Document("_id", "stock").append("available", 9));
			assertThat(committed(context, "ours")).as("the first attempt's insert was rolled back with it")
				.containsExactly(new Document("_id", "order-2"));
		});
	}

	@Test
	void aNewTransactionInsideSuspendsSpringDatasPartOfTheOuterOneAndResumesIt() {
		this.contextRunner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			assertThatIllegalStateException().isThrownBy(() -> ledger.writeBoth("outer", (inside) -> {
				ledger.writeTheirsInNewTransaction("inner");
				inside.mongoTemplate.insert(new Document("_id", "outer-after-inner"), "theirs");
				throw new IllegalStateException("fail the outer transaction");
			}));
			assertThat(committed(context, "theirs")).as("only the inner transaction committed")
				.containsExactly(new Document("_id", "inner"));
			assertThat(committed(context, "ours")).isEmpty();
		});
	}

	@Test
	void codeThatRunsWithoutTheTransactionDoesNotSeeItsSession() {
		this.contextRunner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			assertThatIllegalStateException().isThrownBy(() -> ledger.writeBoth("outer", (inside) -> {
				ledger.writeTheirsWithoutTransaction("not-supported");
				throw new IllegalStateException("fail the transaction");
			}));
			assertThat(committed(context, "theirs")).as("the write of the suspended part ran on its own")
				.containsExactly(new Document("_id", "not-supported"));
			assertThat(committed(context, "ours")).isEmpty();
		});
	}

	@Test
	void withoutSpringDataOnTheClassPathThereIsNoParticipant() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ConnectMongoEmbeddedAutoConfiguration.class,
					ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class,
					ConnectMongoTemplatesAutoConfiguration.class, ConnectMongoTransactionsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MongoDatabaseFactory.class))
			.withPropertyValues("connect.mongodb.embedded.enabled=true", "connect.mongodb.embedded.port=0")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(MongoClientTransactionManager.class)
				.doesNotHaveBean(SpringDataTransactionParticipant.class));
	}

	/**
	 * The committed documents of a collection, read with the client's plain database: no
	 * session, so outside any transaction.
	 */
	private static List<Document> committed(AssertableApplicationContext context, String collection) {
		MongoClient client = context.getBean(MongoClient.class);
		String database = context.getBean(MongoDatabase.class).getName();
		return client.getDatabase(database).getCollection(collection).find().into(new ArrayList<>());
	}

	private static List<Document> concat(List<Document> first, List<Document> second) {
		return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
	}

	/**
	 * A service of the application that writes with both libraries in one
	 * {@code @Transactional} method.
	 */
	static class Ledger {

		final MongoTemplate mongoTemplate;

		final MongoTemplates templates;

		Ledger(MongoTemplate mongoTemplate, MongoTemplates templates) {
			this.mongoTemplate = mongoTemplate;
			this.templates = templates;
		}

		@Transactional
		public void writeBoth(String id, Consumer<Ledger> andThen) {
			this.mongoTemplate.insert(new Document("_id", id), "theirs");
			this.templates.of("ours", Document.class).insert(new Document("_id", id));
			andThen.accept(this);
		}

		@Transactional(propagation = Propagation.REQUIRES_NEW)
		public void writeTheirsInNewTransaction(String id) {
			this.mongoTemplate.insert(new Document("_id", id), "theirs");
		}

		@Transactional(propagation = Propagation.NOT_SUPPORTED)
		public void writeTheirsWithoutTransaction(String id) {
			this.mongoTemplate.insert(new Document("_id", id), "theirs");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LedgerConfiguration {

		@Bean
		Ledger ledger(MongoTemplate mongoTemplate, MongoTemplates templates) {
			return new Ledger(mongoTemplate, templates);
		}

	}

	/**
	 * An application that configures Spring Data MongoDB itself: its own client (never
	 * connected here) and factory.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ApplicationFactoryConfiguration {

		@Bean(destroyMethod = "close")
		MongoClient applicationClient() {
			return MongoClients.create("mongodb://localhost:1/?serverSelectionTimeoutMS=100");
		}

		@Bean
		MongoDatabaseFactory applicationFactory(MongoClient applicationClient) {
			return new SimpleMongoClientDatabaseFactory(applicationClient, "application");
		}

	}

}
