package io.connectplatform.mongodb.gridfs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.UuidRepresentation;

/**
 * Records the commands a client sends: their name, collection and filter, without the
 * documents they carry (chunks are large).
 *
 * @author Connect MongoDB team
 */
final class Commands implements CommandListener {

	private final List<Command> commands = new CopyOnWriteArrayList<>();

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
		BsonDocument command = event.getCommand();
		String name = event.getCommandName();
		BsonValue target = command.get(name);
		String collection = (target != null && target.isString()) ? target.asString().getValue() : "";
		if (command.isString("collection")) {
			// getMore names its collection in a field of its own.
			collection = command.getString("collection").getValue();
		}
		BsonDocument filter = command.containsKey("filter") ? command.getDocument("filter").clone() : null;
		Integer batchSize = command.containsKey("batchSize") ? command.getNumber("batchSize").intValue() : null;
		this.commands.add(new Command(name, collection, filter, batchSize));
	}

	/**
	 * Return the recorded commands of a name on a collection, in the order they were sent.
	 * @param name the command name, such as {@code find}
	 * @param collection the collection name
	 * @return the commands
	 */
	List<Command> named(String name, String collection) {
		return this.commands.stream()
			.filter((command) -> command.name().equals(name) && command.collection().equals(collection))
			.toList();
	}

	/**
	 * Return every recorded command, in order.
	 * @return the commands
	 */
	List<Command> all() {
		return List.copyOf(this.commands);
	}

	/**
	 * Forget the commands recorded so far.
	 */
	void clear() {
		this.commands.clear();
	}

	/**
	 * A recorded command.
	 *
	 * @param name the command name
	 * @param collection the collection it targets, or empty
	 * @param filter its filter, or {@code null}
	 * @param batchSize its batch size, or {@code null}
	 */
	record Command(String name, String collection, BsonDocument filter, Integer batchSize) {
	}

}
