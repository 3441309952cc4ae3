package io.connectplatform.mongodb.embedded;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Function;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.NoopOplog;
import io.connectplatform.mongodb.embedded.NamespaceState.Version;
import org.jspecify.annotations.Nullable;

/**
 * Applies a committing transaction's writes to the collections, all or nothing: a write
 * the collections refuse (a unique index that another commit filled in the meantime)
 * undoes the ones already applied. Its change events are appended to the
 * {@link ChangeLog} together, once every write has been applied. Runs under the server's
 * command lock, so no other command sees a partly applied transaction.
 *
 * @author Connect MongoDB team
 */
final class TransactionCommitter {

	private final Function<String, MongoDatabase> databases;

	private final ChangeLog log;

	TransactionCommitter(Function<String, MongoDatabase> databases, ChangeLog log) {
		this.databases = databases;
		this.log = log;
	}

	/**
	 * Apply the writes of a transaction.
	 * @param transaction the transaction
	 * @throws RuntimeException if a write is refused; nothing is applied then
	 */
	void apply(Transaction transaction) {
		Deque<Runnable> undo = new ArrayDeque<>();
		this.log.hold(transaction.session(), transaction.number());
		try {
			for (Map.Entry<String, NamespaceState> namespace : transaction.namespaces().entrySet()) {
				Map<KeyValue, Version> writes = namespace.getValue().writes();
				if (!writes.isEmpty()) {
					MongoCollection<?> collection = collection(namespace.getKey());
					writes.values().forEach((version) -> apply(collection, version, undo));
				}
			}
		}
		catch (RuntimeException ex) {
			while (!undo.isEmpty()) {
				try {
					undo.pop().run();
				}
				catch (RuntimeException undoFailure) {
					ex.addSuppressed(undoFailure);
				}
			}
			this.log.discard();
			throw ex;
		}
		this.log.release();
	}

	private void apply(MongoCollection<?> collection, Version version, Deque<Runnable> undo) {
		Document selector = new Document("_id", version.id());
		Document existing = find(collection, selector);
		Document after = version.document();
		if (after == null) {
			if (existing != null) {
				Document before = existing.cloneDeeply();
				collection.removeDocument(existing);
				undo.push(() -> collection.addDocument(before));
			}
		}
		else if (existing == null) {
			collection.addDocument(after);
			undo.push(() -> collection.removeDocument(after));
		}
		else {
			Document before = existing.cloneDeeply();
			replace(collection, selector, after);
			undo.push(() -> replace(collection, selector, before));
		}
	}

	private static void replace(MongoCollection<?> collection, Document selector, Document replacement) {
		collection.updateDocuments(selector, replacement, ArrayFilters.empty(), false, false, NoopOplog.get());
	}

	private static @Nullable Document find(MongoCollection<?> collection, Document selector) {
		for (Document document : collection.handleQuery(new Document("$query", selector))) {
			return document;
		}
		return null;
	}

	private MongoCollection<?> collection(String namespace) {
		MongoDatabase database = this.databases.apply(Utils.getDatabaseNameFromFullName(namespace));
		String name = Utils.getCollectionNameFromFullName(namespace);
		MongoCollection<?> collection = database.resolveCollection(name, false);
		return (collection != null) ? collection : database.createCollectionOrThrowIfExists(name);
	}

}
