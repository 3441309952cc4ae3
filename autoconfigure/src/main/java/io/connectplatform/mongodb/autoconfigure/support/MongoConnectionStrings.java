package io.connectplatform.mongodb.autoconfigure.support;

import com.mongodb.ConnectionString;
import com.mongodb.MongoConfigurationException;
import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;
import io.connectplatform.mongodb.internal.MongoUriSanitizer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoProperties;

/**
 * Resolves connection strings and turns the driver's parse errors into an
 * {@link InvalidMongoPropertyException} that names the property, with the password masked.
 *
 * @author Connect MongoDB team
 */
public final class MongoConnectionStrings {

	/**
	 * The property that holds the connection string.
	 */
	public static final String URI_PROPERTY = "spring.mongodb.uri";

	/**
	 * The database used when neither {@code spring.mongodb.database} nor the connection
	 * string names one.
	 */
	public static final String DEFAULT_DATABASE = "test";

	private MongoConnectionStrings() {
	}

	/**
	 * Return the connection string of the connection details.
	 * @param connectionDetails the connection details the client is built from
	 * @param properties Boot's MongoDB properties, to name the property at fault
	 * @return the connection string
	 * @throws InvalidMongoPropertyException if it cannot be parsed
	 */
	public static ConnectionString resolve(MongoConnectionDetails connectionDetails, MongoProperties properties) {
		try {
			return connectionDetails.getConnectionString();
		}
		catch (IllegalArgumentException | MongoConfigurationException ex) {
			String uri = properties.getUri();
			if (uri != null) {
				throw invalidUri(uri, ex);
			}
			throw new InvalidMongoPropertyException("spring.mongodb.host", properties.getHost(),
					"the connection string built from the spring.mongodb.* properties is invalid: " + ex.getMessage(),
					"Review spring.mongodb.host, spring.mongodb.port, spring.mongodb.additional-hosts and "
							+ "spring.mongodb.replica-set-name.");
		}
	}

	/**
	 * Parse a connection string given as {@code spring.mongodb.uri}.
	 * @param uri the connection string
	 * @return the parsed connection string
	 * @throws InvalidMongoPropertyException if it cannot be parsed
	 */
	public static ConnectionString parse(String uri) {
		try {
			return new ConnectionString(uri);
		}
		catch (IllegalArgumentException | MongoConfigurationException ex) {
			throw invalidUri(uri, ex);
		}
	}

	/**
	 * Return the name of the database the application uses.
	 * @param properties Boot's MongoDB properties
	 * @param connectionString the connection string
	 * @return {@code spring.mongodb.database}, else the connection string's database,
	 * else {@value #DEFAULT_DATABASE}
	 */
	public static String databaseName(MongoProperties properties, @Nullable ConnectionString connectionString) {
		if (properties.getDatabase() != null) {
			return properties.getDatabase();
		}
		String fromUri = (connectionString != null) ? connectionString.getDatabase() : null;
		return (fromUri != null) ? fromUri : DEFAULT_DATABASE;
	}

	private static InvalidMongoPropertyException invalidUri(String uri, RuntimeException ex) {
		return new InvalidMongoPropertyException(URI_PROPERTY, MongoUriSanitizer.sanitize(uri),
				"it is not a valid MongoDB connection string: " + MongoUriSanitizer.sanitizeMessage(ex.getMessage(), uri),
				"Set spring.mongodb.uri to a connection string such as "
						+ "mongodb://db1.example.com:27017,db2.example.com:27017/orders?replicaSet=rs0 "
						+ "(or mongodb+srv://cluster0.example.com/orders). Credentials written in it go before the "
						+ "hosts, with special characters percent-encoded; keep the password out of files, "
						+ "such as in an environment variable.");
	}

}
