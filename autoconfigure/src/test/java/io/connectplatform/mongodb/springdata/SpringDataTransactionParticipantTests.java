package io.connectplatform.mongodb.springdata;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import io.connectplatform.mongodb.transaction.MongoClientTransactionManager;
import io.connectplatform.mongodb.transaction.TransactionSessionParticipant;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.ResourceHolderSupport;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link SpringDataTransactionParticipant} with a {@link MongoClientTransactionManager},
 * over TCP against the embedded single-node replica set, with two clients of the same
 * server: the manager's, and another one.
 *
 * @author Connect MongoDB team
 */
class SpringDataTransactionParticipantTests {

	@RegisterExtension
	static final EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private MongoClient client;

	private MongoClient otherClient;

	private MongoDatabaseFactory factory;

	private MongoDatabaseFactory otherFactory;

	@BeforeEach
	void connect() {
		this.client = MongoClients.create(mongo.getConnectionString());
		this.otherClient = MongoClients.create(mongo.getConnectionString());
		this.factory = new SimpleMongoClientDatabaseFactory(this.client, "participant");
		this.otherFactory = new SimpleMongoClientDatabaseFactory(this.otherClient, "participant");
		this.client.getDatabase("participant").drop();
	}

	@AfterEach
	void close() {
		this.client.close();
		this.otherClient.close();
	}

	private SpringDataTransactionParticipant participant() {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerSingleton("factory", this.factory);
		beans.registerSingleton("otherFactory", this.otherFactory);
		return new SpringDataTransactionParticipant(beans.getBeanProvider(MongoDatabaseFactory.class));
	}

	private TransactionTemplate transactionTemplate() {
		return new TransactionTemplate(
				MongoClientTransactionManager.builder(this.client).participants(List.of(participant())).build());
	}

	@Test
	void aFactoryOnTheManagersClientJoinsAndOneOnAnotherClientIsLeftAlone() {
		MongoTemplate joining = new MongoTemplate(this.factory);
		MongoTemplate other = new MongoTemplate(this.otherFactory);
		transactionTemplate().executeWithoutResult((status) -> {
			assertThat(TransactionSynchronizationManager.getResource(this.factory)).isNotNull();
			assertThat(TransactionSynchronizationManager.getResource(this.otherFactory)).isNull();
			joining.insert(new Document("_id", "joined"), "items");
			other.insert(new Document("_id", "other-client"), "items");
			status.setRollbackOnly();
		});
		assertThat(committed()).as("the other client's write ran outside the transaction, which rolled back")
			.containsExactly(new Document("_id", "other-client"));
		assertThat(TransactionSynchronizationManager.getResourceMap()).isEmpty();
	}

	@Test
	void aHolderBoundUnderTheFactoryBeforeTheTransactionIsSetAsideAndRestored() {
		ResourceHolderSupport before = new ResourceHolderSupport() {
		};
		TransactionSynchronizationManager.bindResource(this.factory, before);
		try {
			transactionTemplate().executeWithoutResult((status) -> {
				assertThat(TransactionSynchronizationManager.getResource(this.factory)).isNotSameAs(before)
					.isInstanceOf(ResourceHolderSupport.class);
				new MongoTemplate(this.factory).insert(new Document("_id", "joined"), "items");
				assertThat(committed()).isEmpty();
			});
			assertThat(TransactionSynchronizationManager.getResource(this.factory)).isSameAs(before);
			assertThat(committed()).containsExactly(new Document("_id", "joined"));
		}
		finally {
			TransactionSynchronizationManager.unbindResourceIfPossible(this.factory);
		}
	}

	@Test
	void aParticipantThatFailsStopsTheTransactionAndLeavesNothingBound() {
		TransactionSessionParticipant failing = (session) -> {
			throw new IllegalStateException("cannot bind");
		};
		TransactionTemplate transactions = new TransactionTemplate(MongoClientTransactionManager.builder(this.client)
			.participants(List.of(participant(), failing))
			.build());
		assertThatExceptionOfType(CannotCreateTransactionException.class)
			.isThrownBy(() -> transactions.executeWithoutResult((status) -> {
			}))
			.withMessage("Could not bind the MongoDB session for a transaction participant: cannot bind");
		assertThat(TransactionSynchronizationManager.getResourceMap()).isEmpty();
	}

	@Test
	void aSpringDataVersionWithoutTheHolderIsReportedWhenTheParticipantIsCreated() {
		assertThatIllegalStateException()
			.isThrownBy(() -> SpringDataResourceHolders
				.load(new FilteredClassLoader(SpringDataResourceHolders.HOLDER_CLASS)))
			.withMessageContaining("has no constructor MongoResourceHolder(ClientSession, MongoDatabaseFactory)");
	}

	@Test
	void nullFactoriesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SpringDataTransactionParticipant(null))
			.withMessage("factories must not be null");
	}

	@Test
	void nullParticipantsAreRefusedByTheManager() {
		MongoClientTransactionManager.Builder builder = MongoClientTransactionManager.builder(this.client);
		assertThatIllegalArgumentException().isThrownBy(() -> builder.participants(null))
			.withMessage("participants must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.participants(java.util.Arrays.asList(
				participant(), null)))
			.withMessage("participants must not contain null, got null at index 1");
	}

	private List<Document> committed() {
		return this.client.getDatabase("participant").getCollection("items").find().into(new ArrayList<>());
	}

}
