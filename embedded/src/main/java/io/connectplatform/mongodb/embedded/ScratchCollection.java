package io.connectplatform.mongodb.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * A short-lived copy of the documents one command of a transaction can see, on which
 * mongo-java-server runs the command as it would on the collection. Once recording is
 * switched on, it remembers which documents the command inserted, changed or removed.
 *
 * @author Connect MongoDB team
 */
final class ScratchCollection extends MemoryCollection {

	private final Map<KeyValue, Object> touched = new LinkedHashMap<>();

	private boolean recording;

	ScratchCollection(MongoDatabase database, String collectionName, CollectionOptions options,
			CursorRegistry cursorRegistry) {
		super(database, collectionName, options, cursorRegistry);
	}

	/**
	 * Remember the documents that change from now on.
	 */
	void record() {
		this.recording = true;
	}

	/**
	 * Return the documents changed since recording started.
	 * @return their {@code _id}s by key, in the order first changed
	 */
	Map<KeyValue, Object> touched() {
		return this.touched;
	}

	/**
	 * Return the current version of a document.
	 * @param id its {@code _id}
	 * @return the document, or {@code null} if it is not (or no longer) here
	 */
	@Nullable Document current(Object id) {
		for (Document document : handleQuery(new Document("$query", new Document("_id", id)))) {
			return document;
		}
		return null;
	}

	@Override
	protected Integer addDocumentInternal(Document document) {
		touch(document);
		return super.addDocumentInternal(document);
	}

	@Override
	protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
		touch(newDocument);
		super.handleUpdate(position, oldDocument, newDocument);
	}

	@Override
	protected void removeDocument(Integer position) {
		Document removed = getDocument(position);
		if (removed != null) {
			touch(removed);
		}
		super.removeDocument(position);
	}

	private void touch(Document document) {
		if (this.recording) {
			Object id = document.get("_id");
			this.touched.putIfAbsent(NamespaceState.key(id), id);
		}
	}

}
