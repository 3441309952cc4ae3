package io.connectplatform.mongodb.autoconfigure.springdata;

import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.embedded.ConnectMongoEmbeddedAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.transaction.ConnectMongoTransactionsAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.MongoTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warning when an application migrating from Spring Data MongoDB keeps Spring Data's
 * {@link MongoTransactionManager}: the transactions it starts are not joined by our
 * templates, so their writes would run outside them without it.
 *
 * @author Connect MongoDB team
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringDataTransactionManagerWarningTests {

	private static final String WARNING = "Spring Data's MongoTransactionManager is defined (bean springDataManager)";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConnectMongoEmbeddedAutoConfiguration.class,
				ConnectMongoAutoConfiguration.class, ConnectMongoTransactionsAutoConfiguration.class,
				MongoAutoConfiguration.class, DataMongoAutoConfiguration.class,
				TransactionManagerCustomizationAutoConfiguration.class, TransactionAutoConfiguration.class))
		.withPropertyValues("connect.mongodb.embedded.enabled=true", "connect.mongodb.embedded.port=0");

	@Test
	void springDatasOwnTransactionManagerIsReportedNamingItsBean(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(SpringDataManagerConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().hasBean("springDataManager");
			assertThat(output).contains(WARNING).contains("Remove it: Connect MongoDB's 'mongoTransactionManager'");
		});
	}

	@Test
	void withoutItNothingIsReported(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().hasBean("mongoTransactionManager");
			assertThat(output).doesNotContain("Spring Data's MongoTransactionManager is defined");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class SpringDataManagerConfiguration {

		@Bean
		MongoTransactionManager springDataManager(MongoDatabaseFactory factory) {
			return new MongoTransactionManager(factory);
		}

	}

}
