package io.connectplatform.mongodb.autoconfigure.support;

import com.mongodb.ConnectionString;
import io.connectplatform.mongodb.internal.MongoUriSanitizer;

import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoProperties;

/**
 * Where the client connects: the connection string of the {@link MongoConnectionDetails},
 * parsed once (parsing a {@code mongodb+srv} string costs a DNS lookup), its sanitized form
 * for logs and health details, and the database the application uses.
 *
 * @author Connect MongoDB team
 */
public final class MongoConnectionTarget {

	private final ConnectionString connectionString;

	private final String sanitized;

	private final String database;

	private MongoConnectionTarget(ConnectionString connectionString, String database) {
		this.connectionString = connectionString;
		this.sanitized = MongoUriSanitizer.sanitize(connectionString);
		this.database = database;
	}

	/**
	 * Resolve the target of the given connection details.
	 * @param connectionDetails the connection details the client is built from
	 * @param properties Boot's MongoDB properties
	 * @return the target
	 * @throws InvalidMongoPropertyException if the connection string cannot be parsed
	 */
	public static MongoConnectionTarget resolve(MongoConnectionDetails connectionDetails, MongoProperties properties) {
		ConnectionString connectionString = MongoConnectionStrings.resolve(connectionDetails, properties);
		return new MongoConnectionTarget(connectionString,
				MongoConnectionStrings.databaseName(properties, connectionString));
	}

	/**
	 * Return the parsed connection string. Never log it: its {@code toString()} shows the
	 * password.
	 * @return the connection string
	 */
	public ConnectionString getConnectionString() {
		return this.connectionString;
	}

	/**
	 * Return the connection string with its secrets masked.
	 * @return the sanitized connection string
	 */
	public String getSanitized() {
		return this.sanitized;
	}

	/**
	 * Return the database the application uses.
	 * @return {@code spring.mongodb.database}, else the connection string's database, else
	 * {@code test}
	 */
	public String getDatabase() {
		return this.database;
	}

	@Override
	public String toString() {
		return this.sanitized;
	}

}
