package io.connectplatform.mongodb.autoconfigure;

import java.util.List;

import com.mongodb.MongoDriverInformation;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.mongodb.autoconfigure.MongoClientFactorySupport;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;

/**
 * Boot's client factory, with {@value #DRIVER_NAME} appended to the driver information
 * the server sees in the handshake, and one INFO line that says where the client
 * connects. Boot names its own factory's driver {@code spring-boot} and offers no hook for
 * more, so the application's single {@link MongoClient} is built here instead of in
 * Boot's {@code MongoAutoConfiguration}, with the same customizers.
 *
 * @author Connect MongoDB team
 */
final class ConnectMongoClientFactory extends MongoClientFactorySupport<MongoClient> {

	/**
	 * The driver name appended to the driver information.
	 */
	static final String DRIVER_NAME = "connect-mongodb";

	private static final Log logger = LogFactory.getLog(ConnectMongoClientFactory.class);

	/**
	 * Create a new factory.
	 * @param customizers the customizers to apply, in order
	 * @param sanitizedTarget the connection string with its secrets masked, for the log
	 */
	ConnectMongoClientFactory(List<MongoClientSettingsBuilderCustomizer> customizers, String sanitizedTarget) {
		super(customizers, (settings, driverInformation) -> {
			MongoDriverInformation information = MongoDriverInformation.builder(driverInformation)
				.driverName(DRIVER_NAME)
				.build();
			logger.info("MongoDB client connecting to " + sanitizedTarget + " (driver "
					+ String.join("|", information.getDriverNames()) + ")");
			return MongoClients.create(settings, information);
		});
	}

}
