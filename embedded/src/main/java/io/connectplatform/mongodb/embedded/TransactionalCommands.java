package io.connectplatform.mongodb.embedded;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryMatcher;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.NoopOplog;
import io.connectplatform.mongodb.embedded.NamespaceState.Version;
import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;

/**
 * Runs the commands of a transaction. Each command runs, by mongo-java-server itself, on a
 * {@link TransactionView} holding copies of just the documents it can reach (what its
 * filters match in the transaction's view: the collection, minus what the transaction
 * shadows, plus its own versions); the documents it changed there become the transaction's
 * writes, claimed against other writers. The cost of a command is that of its filters on
 * the collection plus the documents they match, whatever the collection's size.
 *
 * @author Connect MongoDB team
 */
final class TransactionalCommands {

	private final TransactionCoordinator coordinator;

	private final Function<String, MongoDatabase> databases;

	private final CursorRegistry cursors;

	private final QueryMatcher matcher = new DefaultQueryMatcher();

	TransactionalCommands(TransactionCoordinator coordinator, Function<String, MongoDatabase> databases,
			CursorRegistry cursors) {
		this.coordinator = coordinator;
		this.databases = databases;
		this.cursors = cursors;
	}

	/**
	 * Run a command of a transaction.
	 * @param transaction the transaction
	 * @param channel the client connection
	 * @param database the database
	 * @param command the command name
	 * @param query the command, without its session fields
	 * @return the reply, or {@code null} for a command that runs on the collections
	 * directly ({@code getMore}, {@code killCursors}, creating a new collection)
	 * @throws MongoServerError with {@code OperationNotSupportedInTransaction} for a command
	 * MongoDB refuses in a transaction, with {@code SnapshotUnavailable} for a first write to
	 * a collection another operation created after the transaction started
	 */
	@Nullable Document execute(Transaction transaction, Channel channel, String database, String command,
			Document query) {
		return switch (command) {
			case "find" -> read(transaction, channel, database, command, query, filter(query.get("filter")));
			case "distinct" -> read(transaction, channel, database, command, query, filter(query.get("query")));
			case "aggregate" -> aggregate(transaction, channel, database, query);
			case "insert" -> write(transaction, channel, database, command, query, insertFilters(query));
			case "update" -> write(transaction, channel, database, command, query, statementFilters(query, "updates"));
			case "delete" -> write(transaction, channel, database, command, query, statementFilters(query, "deletes"));
			case "findAndModify", "findandmodify" ->
				write(transaction, channel, database, command, query, withId(filter(query.get("query"))));
			case "getMore", "killCursors" -> null;
			case "create" -> createCollection(database, query);
			case "createIndexes" -> createIndexes(database, query);
			default -> throw notSupported(command);
		};
	}

	private Document aggregate(Transaction transaction, Channel channel, String database, Document query) {
		if (!(query.get("aggregate") instanceof String)) {
			throw notSupported("aggregate on a database");
		}
		List<?> pipeline = (List<?>) query.get("pipeline");
		Document match = new Document();
		for (Object stage : pipeline) {
			Document document = (Document) stage;
			if (document.containsKey("$changeStream") || document.containsKey("$out")
					|| document.containsKey("$merge")) {
				throw notSupported("aggregate with " + document.keySet().iterator().next());
			}
		}
		if (!pipeline.isEmpty() && ((Document) pipeline.get(0)).get("$match") instanceof Document first) {
			match = first;
		}
		return read(transaction, channel, database, "aggregate", query, match);
	}

	private Document read(Transaction transaction, Channel channel, String database, String command, Document query,
			Document filter) {
		TransactionView view = view(transaction, database);
		load(transaction, view, (String) query.get(command), List.of(filter));
		return view.handleCommand(channel, command, query, this.databases::apply, NoopOplog.get());
	}

	private Document write(Transaction transaction, Channel channel, String database, String command, Document query,
			List<Document> filters) {
		String collection = (String) query.get(command);
		String namespace = database + "." + collection;
		NamespaceState state = transaction.namespace(namespace);
		if (state.missingFromSnapshot()) {
			throw ServerErrors.snapshotUnavailable(namespace);
		}
		TransactionView view = view(transaction, database);
		ScratchCollection scratch = load(transaction, view, collection, filters);
		scratch.record();
		Document reply = view.handleCommand(channel, command, query, this.databases::apply, NoopOplog.get());
		for (Map.Entry<KeyValue, Object> touched : scratch.touched().entrySet()) {
			this.coordinator.claim(transaction, namespace, touched.getKey());
			state.write(touched.getKey(), new Version(touched.getValue(), scratch.current(touched.getValue())));
		}
		return reply;
	}

	private TransactionView view(Transaction transaction, String database) {
		return new TransactionView(database, this.cursors,
				(view, collection) -> load(transaction, view, collection, List.of(new Document())));
	}

	/**
	 * Copy into the view the documents of a collection that the transaction sees and
	 * that match any of the filters.
	 */
	private ScratchCollection load(Transaction transaction, TransactionView view, String collection,
			List<Document> filters) {
		ScratchCollection scratch = view.scratch(collection);
		String namespace = view.getDatabaseName() + "." + collection;
		MongoCollection<?> stored = this.databases.apply(view.getDatabaseName()).resolveCollection(collection, false);
		NamespaceState state = transaction.existingNamespace(namespace);
		List<Document> own = (state != null) ? state.ownDocuments() : List.of();
		Set<KeyValue> loaded = new HashSet<>();
		for (Document filter : filters) {
			if (stored != null) {
				for (Document document : stored.handleQuery(new Document("$query", filter))) {
					KeyValue key = NamespaceState.key(document.get("_id"));
					if ((state == null || !state.shadows(key)) && loaded.add(key)) {
						scratch.addDocument(document.cloneDeeply());
					}
				}
			}
			for (Document document : own) {
				if (this.matcher.matches(document, filter) && loaded.add(NamespaceState.key(document.get("_id")))) {
					scratch.addDocument(document.cloneDeeply());
				}
			}
		}
		return scratch;
	}

	private static List<Document> insertFilters(Document query) {
		List<Object> ids = new ArrayList<>();
		for (Object document : (List<?>) query.get("documents")) {
			ids.add(((Document) document).computeIfAbsent("_id", (key) -> new ObjectId()));
		}
		return List.of(new Document("_id", new Document("$in", ids)));
	}

	private static List<Document> statementFilters(Document query, String statements) {
		List<Document> filters = new ArrayList<>();
		for (Object statement : (List<?>) query.get(statements)) {
			filters.addAll(withId(filter(((Document) statement).get("q"))));
		}
		return filters;
	}

	/**
	 * The filter, and, if it names an {@code _id}, the documents with that id: an upsert
	 * that would insert one of them must find it and fail with a duplicate key.
	 */
	private static List<Document> withId(Document filter) {
		Object id = filter.get("_id");
		return (id != null) ? List.of(filter, new Document("_id", id)) : List.of(filter);
	}

	private static Document filter(@Nullable Object filter) {
		return (filter instanceof Document document) ? document : new Document();
	}

	private @Nullable Document createCollection(String database, Document query) {
		String name = String.valueOf(query.get("create"));
		if (this.databases.apply(database).resolveCollection(name, false) != null) {
			throw ServerErrors.error(ServerErrors.NAMESPACE_EXISTS,
					"Collection " + database + "." + name + " already exists.");
		}
		return null;
	}

	private @Nullable Document createIndexes(String database, Document query) {
		String name = String.valueOf(query.get("createIndexes"));
		if (this.databases.apply(database).resolveCollection(name, false) != null) {
			throw ServerErrors.error(ServerErrors.OPERATION_NOT_SUPPORTED_IN_TRANSACTION,
					"Cannot create new indexes on existing collection " + database + "." + name
							+ " in a multi-document transaction.");
		}
		return null;
	}

	private static MongoServerError notSupported(String command) {
		return ServerErrors.error(ServerErrors.OPERATION_NOT_SUPPORTED_IN_TRANSACTION,
				"Cannot run '" + command + "' in a multi-document transaction.");
	}

}
