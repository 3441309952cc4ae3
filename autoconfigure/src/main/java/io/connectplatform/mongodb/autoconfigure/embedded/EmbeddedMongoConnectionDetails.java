package io.connectplatform.mongodb.autoconfigure.embedded;

import com.mongodb.ConnectionString;
import io.connectplatform.mongodb.embedded.EmbeddedMongoCluster;
import io.connectplatform.mongodb.embedded.EmbeddedMongoServer;

import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;

/**
 * {@link MongoConnectionDetails} that point the client at the in-memory server.
 *
 * @author Connect MongoDB team
 */
public final class EmbeddedMongoConnectionDetails implements MongoConnectionDetails {

	private final ConnectionString connectionString;

	/**
	 * Create connection details for a running server.
	 * @param server the in-memory server
	 * @param database the database the application uses
	 */
	public EmbeddedMongoConnectionDetails(EmbeddedMongoServer server, String database) {
		this(server.getConnectionString(), database);
	}

	/**
	 * Create connection details for running servers.
	 * @param servers the in-memory servers
	 * @param database the database the application uses
	 */
	public EmbeddedMongoConnectionDetails(EmbeddedMongoCluster servers, String database) {
		this(servers.getConnectionString(), database);
	}

	private EmbeddedMongoConnectionDetails(String connectionString, String database) {
		this.connectionString = new ConnectionString(connectionString + "/" + database);
	}

	@Override
	public ConnectionString getConnectionString() {
		return this.connectionString;
	}

}
