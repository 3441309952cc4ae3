package io.connectplatform.mongodb.autoconfigure.transaction;

import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.template.ConnectMongoTemplatesAutoConfiguration;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import io.connectplatform.mongodb.transaction.MongoClientTransactionManager;
import io.connectplatform.mongodb.transaction.MongoTransactionObserver;
import io.connectplatform.mongodb.springdata.SpringDataTransactionParticipant;
import io.connectplatform.mongodb.springdata.SpringDataTransactionRuntimeHints;
import io.connectplatform.mongodb.transaction.MongoTransactions;
import io.connectplatform.mongodb.transaction.TransactionSessionParticipant;
import io.connectplatform.mongodb.transaction.TransactionalSessionLookup;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionManager;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of MongoDB transactions: the
 * {@link MongoClientTransactionManager} named {@value #TRANSACTION_MANAGER}, {@link MongoTransactions}
 * and the {@link MongoSessionLookup} through which the templates join the thread's
 * transaction. With that lookup, the {@code MongoDatabase} bean the client auto-configuration
 * creates joins the transaction too, for raw CRUD calls on it.
 * <p>
 * When the application has no other transaction manager, ours is the one
 * {@code @Transactional} uses. When it has one (JDBC, JPA, …), ours is registered as well
 * but only for injection by name ({@code @Transactional("mongoTransactionManager")}), so it
 * never competes with the application's. Runs after the JDBC, JPA and JTA auto-configurations
 * so that theirs are seen.
 * <p>
 * With Spring Data MongoDB on the class path, a {@link SpringDataTransactionParticipant}
 * makes Spring Data's {@code MongoTemplate} (and its repositories) join our transactions:
 * one manager, ours, for both libraries. Boot's Spring Data auto-configuration registers no
 * transaction manager, so ours is the one {@code @Transactional} uses.
 *
 * @author Connect MongoDB team
 */
@AutoConfiguration(after = { ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class,
		TransactionManagerCustomizationAutoConfiguration.class },
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
				"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
				"org.springframework.boot.transaction.jta.autoconfigure.JtaAutoConfiguration" },
		before = { ConnectMongoTemplatesAutoConfiguration.class, TransactionAutoConfiguration.class })
@ConditionalOnClass({ MongoClient.class, PlatformTransactionManager.class })
@ConditionalOnBean(MongoClient.class)
@EnableConfigurationProperties(ConnectMongoTransactionsProperties.class)
public final class ConnectMongoTransactionsAutoConfiguration {

	/**
	 * The name of the transaction manager bean.
	 */
	public static final String TRANSACTION_MANAGER = "mongoTransactionManager";

	@Bean
	@ConditionalOnMissingBean
	MongoSessionLookup mongoSessionLookup(MongoClient client) {
		return new TransactionalSessionLookup(client);
	}

	@Bean
	@ConditionalOnMissingBean
	MongoTransactions mongoTransactions(@Qualifier(TRANSACTION_MANAGER) MongoClientTransactionManager transactionManager) {
		return new MongoTransactions(transactionManager);
	}

	static MongoClientTransactionManager transactionManager(MongoClient client, ConnectMongoTransactionsProperties properties,
			ObjectProvider<MongoTransactionObserver> observers, ObjectProvider<TransactionManagerCustomizers> customizers,
			ObjectProvider<TransactionSessionParticipant> participants) {
		List<MongoTransactionObserver> all = observers.orderedStream().toList();
		MongoClientTransactionManager manager = MongoClientTransactionManager.builder(client)
			.defaults(TransactionPropertiesMapper.defaults(properties))
			.retryPolicy(TransactionPropertiesMapper.retryPolicy(properties))
			.onStandalone(properties.getOnStandalone())
			.observer(MongoTransactionObserver.of(all))
			.participants(participants.orderedStream().toList())
			.build();
		customizers.ifAvailable((each) -> each.customize(manager));
		return manager;
	}

	/**
	 * Ours is the application's transaction manager.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(TransactionManager.class)
	static class DefaultTransactionManagerConfiguration {

		@Bean(TRANSACTION_MANAGER)
		MongoClientTransactionManager mongoTransactionManager(MongoClient client, ConnectMongoTransactionsProperties properties,
				ObjectProvider<MongoTransactionObserver> observers,
				ObjectProvider<TransactionManagerCustomizers> customizers,
				ObjectProvider<TransactionSessionParticipant> participants) {
			return transactionManager(client, properties, observers, customizers, participants);
		}

	}

	/**
	 * The application has another transaction manager: ours is injected only by name.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(TransactionManager.class)
	@ConditionalOnMissingBean(name = TRANSACTION_MANAGER)
	static class NamedTransactionManagerConfiguration {

		@Bean(name = TRANSACTION_MANAGER, defaultCandidate = false)
		MongoClientTransactionManager mongoTransactionManager(MongoClient client, ConnectMongoTransactionsProperties properties,
				ObjectProvider<MongoTransactionObserver> observers,
				ObjectProvider<TransactionManagerCustomizers> customizers,
				ObjectProvider<TransactionSessionParticipant> participants) {
			return transactionManager(client, properties, observers, customizers, participants);
		}

	}

	/**
	 * Spring Data MongoDB is on the class path: its {@code MongoTemplate} joins our
	 * transactions. The {@code MongoDatabaseFactory} beans are looked up at the first
	 * transaction, so this does not depend on the order of Spring Data's auto-configuration.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MongoDatabaseFactory.class)
	@ImportRuntimeHints(SpringDataTransactionRuntimeHints.class)
	static class SpringDataConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SpringDataTransactionParticipant springDataTransactionParticipant(
				ObjectProvider<MongoDatabaseFactory> factories) {
			return new SpringDataTransactionParticipant(factories);
		}

		@Bean
		SpringDataTransactionManagerWarning springDataTransactionManagerWarning(ListableBeanFactory beanFactory) {
			return new SpringDataTransactionManagerWarning(beanFactory);
		}

	}

}
