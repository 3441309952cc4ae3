package io.connectplatform.mongodb.autoconfigure.transaction;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.mongodb.MongoTransactionManager;

/**
 * Warns, once the beans exist, when the application still defines Spring Data's
 * {@link MongoTransactionManager}, as applications on Spring Data MongoDB usually do: the
 * transactions it starts are bound where only Spring Data looks, so Connect MongoDB's
 * templates, GridFS and {@code MongoTransactions} would write outside them, and a
 * {@code @Transactional} without a qualifier would use it rather than ours, which Spring
 * Data's {@code MongoTemplate} joins too.
 *
 * @author Connect MongoDB team
 */
final class SpringDataTransactionManagerWarning implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(SpringDataTransactionManagerWarning.class);

	private final ListableBeanFactory beanFactory;

	SpringDataTransactionManagerWarning(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<String> names = List.of(this.beanFactory.getBeanNamesForType(MongoTransactionManager.class, true, false));
		if (!names.isEmpty()) {
			logger.warn("Spring Data's MongoTransactionManager is defined (bean " + String.join(", ", names)
					+ "): the transactions it starts are not joined by Connect MongoDB's templates, repositories, "
					+ "GridFS or MongoTransactions, whose writes would run outside them. Remove it: Connect MongoDB's '"
					+ ConnectMongoTransactionsAutoConfiguration.TRANSACTION_MANAGER
					+ "' runs @Transactional methods, and Spring Data's MongoTemplate joins its transactions.");
		}
	}

}
