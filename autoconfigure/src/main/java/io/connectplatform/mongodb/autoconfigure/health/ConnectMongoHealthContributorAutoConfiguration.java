package io.connectplatform.mongodb.autoconfigure.health;

import com.mongodb.client.MongoClient;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoProperties;
import io.connectplatform.mongodb.autoconfigure.support.MongoConnectionTarget;
import io.connectplatform.mongodb.health.MongoPingHealthIndicator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the MongoDB health contributor:
 * replaces Boot's {@code mongo} contributor (which sends {@code hello} and lists every
 * database) with {@link MongoPingHealthIndicator}. Switched off with
 * {@code management.health.mongodb.enabled=false}.
 *
 * @author Connect MongoDB team
 */
@AutoConfiguration(before = MongoHealthContributorAutoConfiguration.class,
		after = { ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class })
@ConditionalOnClass({ MongoClient.class, MongoPingHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnSingleCandidate(MongoClient.class)
@ConditionalOnEnabledHealthIndicator("mongodb")
@EnableConfigurationProperties(ConnectMongoProperties.class)
public final class ConnectMongoHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "mongoHealthIndicator", "mongoHealthContributor" })
	MongoPingHealthIndicator mongoHealthContributor(MongoClient mongoClient,
			ObjectProvider<MongoConnectionTarget> connectionTarget, ConnectMongoProperties properties) {
		return new MongoPingHealthIndicator(mongoClient, target(mongoClient, connectionTarget),
				properties.getHealth().getTimeout());
	}

	private static String target(MongoClient mongoClient, ObjectProvider<MongoConnectionTarget> connectionTarget) {
		MongoConnectionTarget target = connectionTarget.getIfUnique();
		if (target != null) {
			return target.getSanitized();
		}
		return "mongodb://" + String.join(",", mongoClient.getClusterDescription()
			.getClusterSettings()
			.getHosts()
			.stream()
			.map(Object::toString)
			.toList());
	}

}
