package io.connectplatform.mongodb.autoconfigure.metrics;

import io.connectplatform.mongodb.autoconfigure.changestream.ConnectMongoChangeStreamsAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.gridfs.ConnectMongoGridFsAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.template.ConnectMongoTemplatesAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.transaction.ConnectMongoTransactionsAutoConfiguration;
import io.connectplatform.mongodb.metrics.ChangeStreamMetrics;
import io.connectplatform.mongodb.metrics.GridFsMetrics;
import io.connectplatform.mongodb.metrics.TransactionMetrics;
import io.connectplatform.mongodb.metrics.ValidationRejectionMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of Connect MongoDB's own meters. Boot
 * already times every command ({@code mongodb.driver.commands}) and the pool; nothing here
 * repeats them.
 *
 * @author Connect MongoDB team
 */
@AutoConfiguration(
		before = { ConnectMongoTemplatesAutoConfiguration.class, ConnectMongoTransactionsAutoConfiguration.class,
				ConnectMongoGridFsAutoConfiguration.class, ConnectMongoChangeStreamsAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class ConnectMongoMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ValidationRejectionMetrics mongoValidationRejectionMetrics(MeterRegistry registry) {
		return new ValidationRejectionMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	TransactionMetrics mongoTransactionMetrics(MeterRegistry registry) {
		return new TransactionMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	GridFsMetrics mongoGridFsMetrics(MeterRegistry registry) {
		return new GridFsMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	ChangeStreamMetrics mongoChangeStreamMetrics(MeterRegistry registry) {
		return new ChangeStreamMetrics(registry);
	}

}
