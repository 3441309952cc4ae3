package io.connectplatform.mongodb.autoconfigure.transaction;

import java.lang.reflect.Proxy;
import java.time.Duration;

import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;
import io.connectplatform.mongodb.autoconfigure.embedded.ConnectMongoEmbeddedAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.metrics.ConnectMongoMetricsAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.template.ConnectMongoTemplatesAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.template.entities.Note;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.metrics.TransactionMetrics;
import io.connectplatform.mongodb.transaction.MongoClientTransactionManager;
import io.connectplatform.mongodb.transaction.MongoTransactionSettings;
import io.connectplatform.mongodb.transaction.MongoTransactions;
import io.connectplatform.mongodb.transaction.MongoTransactionsUnsupportedException;
import io.connectplatform.mongodb.transaction.TransactionRetryPolicy;
import io.connectplatform.mongodb.transaction.TransactionalSessionLookup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ConnectMongoTransactionsAutoConfiguration}, over TCP against the embedded
 * server, a single-node replica set unless a test asks for a standalone one. What
 * transactions do in detail is shown by {@code MongoTransactionsScenarios}; here the beans,
 * the properties, the fail-fast error and the {@code run-without-transaction} mode.
 *
 * @author Connect MongoDB team
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectMongoTransactionsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConnectMongoEmbeddedAutoConfiguration.class,
				ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class,
				ConnectMongoTemplatesAutoConfiguration.class, ConnectMongoTransactionsAutoConfiguration.class,
				TransactionManagerCustomizationAutoConfiguration.class, TransactionAutoConfiguration.class))
		.withPropertyValues("connect.mongodb.embedded.enabled=true", "connect.mongodb.embedded.port=0");

	@Test
	void isListedAsAnAutoConfiguration() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
			.contains(ConnectMongoTransactionsAutoConfiguration.class.getName());
	}

	@Test
	void createsTheManagerTheHelperAndTheSessionLookupThatTheTemplatesUse() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MongoTransactions.class);
			assertThat(context).getBean("mongoTransactionManager").isInstanceOf(MongoClientTransactionManager.class);
			assertThat(context.getBean(PlatformTransactionManager.class))
				.isSameAs(context.getBean("mongoTransactionManager"));
			assertThat(context).getBean(MongoSessionLookup.class).isInstanceOf(TransactionalSessionLookup.class);
			assertThat(context).hasSingleBean(TransactionTemplate.class);
			assertThat(context.getBean(MongoTemplates.class)).extracting("context.sessions.sessions")
				.isSameAs(context.getBean(MongoSessionLookup.class));
		});
	}

	@Test
	void theDatabaseBeanJoinsTheThreadsTransactionAndTheTemplatesSkipTheProxy() {
		this.contextRunner.run((context) -> {
			MongoDatabase database = context.getBean(MongoDatabase.class);
			assertThat(Proxy.isProxyClass(database.getClass())).isTrue();
			assertThat(database.toString()).startsWith("SessionJoiningProxy[");
			MongoDatabase templatesDatabase = context.getBean(MongoTemplates.class).getDatabase();
			assertThat(Proxy.isProxyClass(templatesDatabase.getClass())).as("templates bind the session themselves")
				.isFalse();
			assertThat(templatesDatabase.getName()).isEqualTo(database.getName());
			database.getCollection("raw").insertOne(new Document("_id", 1));
			assertThat(context.getBean(MongoClient.class).getDatabase(database.getName()).getCollection("raw")
				.countDocuments()).isOne();
		});
	}

	@Test
	void aDatabaseBeanOfTheApplicationIsLeftAsItIs() {
		this.contextRunner.withUserConfiguration(ApplicationDatabase.class).run((context) -> {
				MongoDatabase database = context.getBean(MongoDatabase.class);
				assertThat(Proxy.isProxyClass(database.getClass())).isFalse();
				assertThat(database.getName()).isEqualTo("own");
				assertThat(context.getBean(MongoTemplates.class).getDatabase().getName()).isEqualTo("own");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationDatabase {

		@Bean
		MongoDatabase applicationDatabase(MongoClient client) {
			return client.getDatabase("own");
		}

	}

	@Test
	void bindsTheDefaultsOfTheSpecification() {
		this.contextRunner.run((context) -> {
			MongoClientTransactionManager manager = context.getBean(MongoClientTransactionManager.class);
			MongoTransactionSettings defaults = manager.getDefaultOptions();
			assertThat(defaults.getReadConcern()).isEqualTo(ReadConcern.SNAPSHOT);
			assertThat(defaults.getWriteConcern()).isEqualTo(WriteConcern.MAJORITY);
			assertThat(defaults.getReadPreference()).isEqualTo(ReadPreference.primary());
			assertThat(defaults.getMaxCommitTime()).isNull();
			assertThat(defaults.getReadOnly()).isFalse();
			TransactionRetryPolicy policy = manager.getRetryPolicy();
			assertThat(policy.maxAttempts()).isEqualTo(10);
			assertThat(policy.maxRetryTime()).isEqualTo(Duration.ofSeconds(120));
			assertThat(policy.backOff()).hasToString(
					"ExponentialBackOff[initialInterval=10, jitter=5, multiplier=2.0, maxInterval=1000, "
							+ "maxElapsedTime=9223372036854775807, maxAttempts=9223372036854775807]");
		});
	}

	@Test
	void bindsConfiguredValues() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.transactions.read-concern=majority",
					"connect.mongodb.transactions.write-concern=2",
					"connect.mongodb.transactions.read-preference=primary-preferred",
					"connect.mongodb.transactions.max-commit-time=3s", "connect.mongodb.transactions.read-only=true",
					"connect.mongodb.transactions.max-attempts=4", "connect.mongodb.transactions.max-retry-time=30s",
					"connect.mongodb.transactions.backoff.initial-interval=20ms",
					"connect.mongodb.transactions.backoff.multiplier=3",
					"connect.mongodb.transactions.backoff.max-interval=2s",
					"connect.mongodb.transactions.backoff.jitter=0ms")
			.run((context) -> {
				MongoClientTransactionManager manager = context.getBean(MongoClientTransactionManager.class);
				MongoTransactionSettings defaults = manager.getDefaultOptions();
				assertThat(defaults.getReadConcern()).isEqualTo(ReadConcern.MAJORITY);
				assertThat(defaults.getWriteConcern()).isEqualTo(new WriteConcern(2));
				assertThat(defaults.getReadPreference()).isEqualTo(ReadPreference.primaryPreferred());
				assertThat(defaults.getMaxCommitTime()).isEqualTo(Duration.ofSeconds(3));
				assertThat(defaults.getReadOnly()).isTrue();
				assertThat(manager.getRetryPolicy().maxAttempts()).isEqualTo(4);
				assertThat(manager.getRetryPolicy().maxRetryTime()).isEqualTo(Duration.ofSeconds(30));
				assertThat(manager.getRetryPolicy().backOff()).hasToString(
						"ExponentialBackOff[initialInterval=20, jitter=0, multiplier=3.0, maxInterval=2000, "
								+ "maxElapsedTime=9223372036854775807, maxAttempts=9223372036854775807]");
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			max-attempts=0                       | connect.mongodb.transactions.max-attempts
			max-retry-time=0s                    | connect.mongodb.transactions.max-retry-time
			write-concern=0                      | connect.mongodb.transactions.write-concern
			write-concern=most                   | connect.mongodb.transactions.write-concern
			read-concern=linearizable            | connect.mongodb.transactions.read-concern
			max-commit-time=0ms                  | connect.mongodb.transactions.max-commit-time
			backoff.initial-interval=0ms         | connect.mongodb.transactions.backoff.initial-interval
			backoff.multiplier=0.5               | connect.mongodb.transactions.backoff.multiplier
			backoff.max-interval=5ms             | connect.mongodb.transactions.backoff.max-interval
			backoff.jitter=-1ms                  | connect.mongodb.transactions.backoff.jitter
			""")
	void refusesAValueThatCannotWorkNamingTheProperty(String setting, String property) {
		this.contextRunner.withPropertyValues("connect.mongodb.transactions." + setting).run((context) -> {
			assertThat(context).hasFailed();
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
			assertThat(cause).isInstanceOf(InvalidMongoPropertyException.class);
			assertThat(((InvalidMongoPropertyException) cause).getProperty()).isEqualTo(property);
			assertThat(((InvalidMongoPropertyException) cause).getAction()).contains(property);
		});
	}

	@Test
	void appliesBootsTransactionManagerCustomizations() {
		this.contextRunner.withPropertyValues("spring.transaction.default-timeout=7s").run((context) -> {
			MongoClientTransactionManager manager = context.getBean(MongoClientTransactionManager.class);
			assertThat(manager.getDefaultTimeout()).isEqualTo(7);
		});
	}

	@Test
	void staysOutOfTheWayOfTheApplicationsTransactionManagerButIsAvailableByName() {
		this.contextRunner.withUserConfiguration(OtherTransactionManagerConfiguration.class).run((context) -> {
			assertThat(context.getBean(PlatformTransactionManager.class))
				.isInstanceOf(OtherTransactionManager.class);
			assertThat(context.getBean("mongoTransactionManager")).isInstanceOf(MongoClientTransactionManager.class);
			assertThat(context.getBean(TransactionTemplate.class).getTransactionManager())
				.isInstanceOf(OtherTransactionManager.class);
			assertThat(context).hasSingleBean(MongoTransactions.class);
		});
	}

	@Test
	void backsOffFromABeanNamedMongoTransactionManager() {
		this.contextRunner.withUserConfiguration(CustomMongoTransactionManagerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(MongoClientTransactionManager.class);
			assertThat(context.getBean(MongoClientTransactionManager.class).getRetryPolicy().maxAttempts()).isEqualTo(2);
			assertThat(context.getBean(MongoTransactions.class)).isNotNull();
		});
	}

	@Test
	void backsOffWithoutSpringTransactions() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(PlatformTransactionManager.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MongoTransactions.class)
				.doesNotHaveBean(MongoClientTransactionManager.class));
	}

	@Test
	void transactionalMethodRunsInARealTransactionOnTheEmbeddedReplicaSet() {
		this.contextRunner.withUserConfiguration(NoteServiceConfiguration.class).run((context) -> {
			NoteService service = context.getBean(NoteService.class);
			service.addTwo("a", "b");
			assertThatIllegalStateException().isThrownBy(() -> service.addOneThenFail("c"))
				.withMessage("fails after the first note");
			assertThat(context.getBean(MongoTemplates.class).of(Note.class).findAll()).extracting(Note::text)
				.as("the failed method's note was rolled back")
				.containsExactlyInAnyOrder("a", "b");
		});
	}

	@Test
	void transactionalMethodFailsFastOnAStandaloneEmbeddedServerWithWhatToDo() {
		this.contextRunner.withUserConfiguration(NoteServiceConfiguration.class)
			.withPropertyValues("connect.mongodb.embedded.topology=standalone")
			.run((context) -> {
				NoteService service = context.getBean(NoteService.class);
				assertThatExceptionOfType(MongoTransactionsUnsupportedException.class)
					.isThrownBy(() -> service.addTwo("a", "b"))
					.withMessageStartingWith(
							"Transactions require a replica set or a sharded cluster; connected to STANDALONE at localhost:")
					.withMessageContaining("connect.mongodb.transactions.on-standalone=run-without-transaction");
				assertThat(context.getBean(MongoTemplates.class).of(Note.class).count())
					.as("nothing ran: the error came before the body")
					.isZero();
			});
	}

	@Test
	void runWithoutTransactionRunsTheBodyAndWarnsOnce(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(NoteServiceConfiguration.class)
			.withPropertyValues("connect.mongodb.embedded.topology=standalone",
					"connect.mongodb.transactions.on-standalone=run-without-transaction")
			.run((context) -> {
				NoteService service = context.getBean(NoteService.class);
				service.addTwo("a", "b");
				context.getBean(MongoTransactions.class).execute((tx) -> {
					assertThat(tx.session()).isNull();
					return context.getBean(MongoTemplates.class).of(Note.class).insert(new Note(null, "c"));
				});
				assertThat(context.getBean(MongoTemplates.class).of(Note.class).count()).isEqualTo(3);
				assertThat(output.getOut().split("run-without-transaction: MongoDB at ", -1))
					.as("one WARN per application run").hasSize(2);
				assertThat(output.getOut()).contains("WARN").contains("WITHOUT a transaction");
			});
	}

	@Test
	void recordsTransactionMetricsWhenMicrometerIsThere() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ConnectMongoMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(TransactionMetrics.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find(TransactionMetrics.TIMER_NAME).tag("outcome", "committed").timer())
					.isNotNull();
				assertThat(registry.find(TransactionMetrics.RETRIES_NAME).tag("reason", "transient").counter())
					.isNotNull();
			});
	}

	@Test
	void failureAnalysisSaysWhatToDo() {
		FailureAnalysis analysis = new MongoTransactionsUnsupportedFailureAnalyzer()
			.analyze(new IllegalStateException("startup task failed",
					new MongoTransactionsUnsupportedException("STANDALONE", "127.0.0.1:27017")));
		assertThat(analysis.getDescription()).contains("127.0.0.1:27017").contains("STANDALONE");
		assertThat(analysis.getAction()).contains("--replSet")
			.contains("connect.mongodb.transactions.on-standalone=run-without-transaction");
	}

	@Configuration(proxyBeanMethods = false)
	static class NoteServiceConfiguration {

		@Bean
		NoteService noteService(MongoTemplates templates) {
			return new NoteService(templates);
		}

	}

	static class NoteService {

		private final MongoTemplates templates;

		NoteService(MongoTemplates templates) {
			this.templates = templates;
		}

		@Transactional
		public void addTwo(String first, String second) {
			this.templates.of(Note.class).insert(new Note(null, first));
			this.templates.of(Note.class).insert(new Note(null, second));
		}

		@Transactional
		public void addOneThenFail(String first) {
			this.templates.of(Note.class).insert(new Note(null, first));
			throw new IllegalStateException("fails after the first note");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OtherTransactionManagerConfiguration {

		@Bean
		OtherTransactionManager otherTransactionManager() {
			return new OtherTransactionManager();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomMongoTransactionManagerConfiguration {

		@Bean
		MongoClientTransactionManager mongoTransactionManager(com.mongodb.client.MongoClient client) {
			return MongoClientTransactionManager.builder(client)
				.retryPolicy(new TransactionRetryPolicy(2, Duration.ofSeconds(1), TransactionRetryPolicy.DEFAULT.backOff()))
				.build();
		}

	}

	/**
	 * Stands for a JDBC or JPA transaction manager.
	 */
	static class OtherTransactionManager extends AbstractPlatformTransactionManager {

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}

	}

}
