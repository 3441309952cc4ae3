package io.connectplatform.mongodb.autoconfigure;

import java.util.List;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.connectplatform.mongodb.autoconfigure.embedded.EmbeddedMongoConnectionDetails;
import io.connectplatform.mongodb.core.MongoTopologyLogger;
import io.connectplatform.mongodb.core.MongoUriSanitizer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the MongoDB client: contributes
 * {@code connect.mongodb.*} to Boot's client settings, builds the single
 * {@link MongoClient} with Boot's customizers, and exposes the {@link MongoDatabase}.
 *
 * @author Connect MongoDB team
 */
@AutoConfiguration(before = MongoAutoConfiguration.class)
@ConditionalOnClass(MongoClient.class)
@ConditionalOnMissingBean(type = "org.springframework.data.mongodb.MongoDatabaseFactory")
@EnableConfigurationProperties({ ConnectMongoProperties.class, MongoProperties.class })
public final class ConnectMongoAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ConnectMongoAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ConnectMongoClientSettingsBuilderCustomizer connectMongoClientSettingsBuilderCustomizer(
			ConnectMongoProperties properties, MongoProperties mongoProperties,
			MongoConnectionDetails connectionDetails) {
		ConnectionString connectionString = MongoConnectionStrings.resolve(connectionDetails, mongoProperties);
		ConnectMongoPropertiesValidator.validate(properties, connectionString);
		boolean embedded = connectionDetails instanceof EmbeddedMongoConnectionDetails;
		if (embedded && properties.getServerApi().getVersion() != null) {
			logger.warn("Ignoring connect.mongodb.server-api.version=" + properties.getServerApi().getVersion()
					+ ": the embedded server does not support the Server API handshake");
		}
		return new ConnectMongoClientSettingsBuilderCustomizer(properties, connectionString, !embedded,
				List.of(new MongoTopologyLogger()));
	}

	@Bean
	@ConditionalOnMissingBean
	MongoClient mongo(ObjectProvider<MongoClientSettingsBuilderCustomizer> builderCustomizers,
			MongoClientSettings settings, MongoConnectionDetails connectionDetails, MongoProperties properties) {
		String target = MongoUriSanitizer.sanitize(MongoConnectionStrings.resolve(connectionDetails, properties));
		return new ConnectMongoClientFactory(builderCustomizers.orderedStream().toList(), target)
			.createMongoClient(settings);
	}

	@Bean
	@ConditionalOnMissingBean
	MongoDatabase mongoDatabase(MongoClient mongoClient, MongoProperties properties,
			MongoConnectionDetails connectionDetails) {
		return mongoClient.getDatabase(MongoConnectionStrings.databaseName(properties,
				MongoConnectionStrings.resolve(connectionDetails, properties)));
	}

}
