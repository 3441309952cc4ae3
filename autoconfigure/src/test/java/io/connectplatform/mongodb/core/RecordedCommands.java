package io.connectplatform.mongodb.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonDocument;
import org.bson.UuidRepresentation;

/**
 * Records the commands a client sends, to check what a template sent to the server (the
 * embedded server accepts but ignores some options, such as hints and collations).
 *
 * @author Connect MongoDB team
 */
final class RecordedCommands implements CommandListener {

	private final List<BsonDocument> commands = new CopyOnWriteArrayList<>();

	/**
	 * Create a client on the connection string that records its commands here, with the
	 * standard UUID representation.
	 * @param connectionString the connection string
	 * @return the client
	 */
	MongoClient createClient(String connectionString) {
		return MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(connectionString))
			.uuidRepresentation(UuidRepresentation.STANDARD)
			.addCommandListener(this)
			.build());
	}

	@Override
	public void commandStarted(CommandStartedEvent event) {
		// The event's document is only valid during the call
		this.commands.add(event.getCommand().clone());
	}

	/**
	 * Return the recorded commands with the given name, such as {@code find}.
	 * @param name the command name
	 * @return the commands, in the order they were sent
	 */
	List<BsonDocument> named(String name) {
		return this.commands.stream().filter((command) -> command.getFirstKey().equals(name)).toList();
	}

	/**
	 * Return the names of every recorded command, in order.
	 * @return the names
	 */
	List<String> names() {
		return this.commands.stream().map(BsonDocument::getFirstKey).toList();
	}

	/**
	 * Forget the commands recorded so far.
	 */
	void clear() {
		this.commands.clear();
	}

}
