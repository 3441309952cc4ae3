package io.connectplatform.mongodb.autoconfigure;

import java.util.List;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.connectplatform.mongodb.autoconfigure.strict.StrictPropertiesVerifier;
import io.connectplatform.mongodb.autoconfigure.support.MongoConnectionTarget;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import io.connectplatform.mongodb.internal.SessionJoiningProxy;

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
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the MongoDB client: contributes
 * {@code connect.mongodb.*} to Boot's client settings, builds the single
 * {@link MongoClient} with Boot's customizers, and exposes the {@link MongoDatabase}.
 * <p>
 * Side by side with Spring Data MongoDB: this runs before Boot's client auto-configuration,
 * which runs before Boot's Spring Data auto-configuration, so Spring Data's
 * {@code MongoDatabaseFactory} is built on this client, whatever the order in which the
 * auto-configurations are listed; the application has one client. The class-level condition
 * on a {@code MongoDatabaseFactory} is Boot's own: Boot's client auto-configuration backs off
 * the same way, and so provides no {@code MongoClientSettings}, when the application defines
 * its own factory (and so its own client). It sees only the application's beans: an
 * auto-configured factory is registered after this class is evaluated.
 *
 * @author Connect MongoDB team
 */
@AutoConfiguration(before = MongoAutoConfiguration.class)
@ConditionalOnClass(MongoClient.class)
@ConditionalOnMissingBean(type = "org.springframework.data.mongodb.MongoDatabaseFactory")
@EnableConfigurationProperties({ ConnectMongoProperties.class, MongoProperties.class })
public final class ConnectMongoAutoConfiguration {

	/**
	 * The order of the customizer that applies {@code connect.mongodb.*} to the client
	 * settings: after Boot's standard customizer (order 0). A
	 * {@code MongoClientSettingsBuilderCustomizer} of the application with a higher order
	 * runs after it, and wins.
	 */
	public static final int SETTINGS_CUSTOMIZER_ORDER = 100;

	/**
	 * Stops startup, before any bean is created, when a key under
	 * {@code connect.mongodb.} is unknown (unless
	 * {@code connect.mongodb.strict-properties=false}).
	 * @param environment the environment whose keys are checked
	 * @return the verifier
	 */
	@Bean
	static StrictPropertiesVerifier connectMongoStrictPropertiesVerifier(Environment environment) {
		return new StrictPropertiesVerifier(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	MongoConnectionTarget mongoConnectionTarget(MongoConnectionDetails connectionDetails,
			MongoProperties mongoProperties) {
		return MongoConnectionTarget.resolve(connectionDetails, mongoProperties);
	}

	@Bean
	@ConditionalOnMissingBean
	ConnectMongoClientSettingsBuilderCustomizer connectMongoClientSettingsBuilderCustomizer(
			ConnectMongoProperties properties, MongoConnectionTarget target) {
		ConnectMongoPropertiesValidator.validate(properties, target.getConnectionString());
		return new ConnectMongoClientSettingsBuilderCustomizer(properties, target.getConnectionString(),
				List.of(new MongoTopologyLogger()));
	}

	@Bean
	@ConditionalOnMissingBean
	MongoClient mongo(ObjectProvider<MongoClientSettingsBuilderCustomizer> builderCustomizers,
			MongoClientSettings settings, MongoConnectionTarget target) {
		return new ConnectMongoClientFactory(builderCustomizers.orderedStream().toList(), target.getSanitized())
			.createMongoClient(settings);
	}

	/**
	 * The database of the connection. When transactions are configured (a
	 * {@link MongoSessionLookup} bean exists), raw CRUD and aggregation calls on it, and on
	 * the collections it returns, join the thread's transaction as the templates do. A
	 * {@code MongoDatabase} bean of the application's own replaces this one and is left as
	 * it is.
	 * @param mongoClient the client
	 * @param target the connection
	 * @param sessionLookup the lookup of the thread's transaction, if transactions are
	 * configured
	 * @return the database
	 */
	@Bean
	@ConditionalOnMissingBean
	MongoDatabase mongoDatabase(MongoClient mongoClient, MongoConnectionTarget target,
			ObjectProvider<MongoSessionLookup> sessionLookup) {
		MongoDatabase database = mongoClient.getDatabase(target.getDatabase());
		MongoSessionLookup lookup = sessionLookup.getIfAvailable();
		return (lookup != null) ? SessionJoiningProxy.database(database, lookup) : database;
	}

}
