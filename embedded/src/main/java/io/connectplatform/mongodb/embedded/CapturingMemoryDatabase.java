package io.connectplatform.mongodb.embedded;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * A memory database that tells a {@link StorageListener} of every user collection it
 * creates and whose user collections tell it of every change to their documents: the hook
 * behind change events and transaction snapshots.
 *
 * @author Connect MongoDB team
 */
final class CapturingMemoryDatabase extends MemoryDatabase {

	private @Nullable StorageListener listener;

	CapturingMemoryDatabase(String databaseName, CursorRegistry cursorRegistry, StorageListener listener) {
		super(databaseName, cursorRegistry);
		this.listener = listener;
	}

	@Override
	protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
		if (collectionName.startsWith("system.")) {
			return super.openOrCreateCollection(collectionName, options);
		}
		MemoryCollection collection = new CapturingCollection(this, collectionName, options, this.cursorRegistry);
		if (this.listener != null) {
			// a memory database only opens a collection to create it
			this.listener.created(collection.getFullName());
		}
		return collection;
	}

	/**
	 * A collection that reports the changes to its documents.
	 */
	private static final class CapturingCollection extends MemoryCollection {

		CapturingCollection(CapturingMemoryDatabase database, String collectionName, CollectionOptions options,
				CursorRegistry cursorRegistry) {
			super(database, collectionName, options, cursorRegistry);
		}

		private @Nullable StorageListener listener() {
			return ((CapturingMemoryDatabase) getDatabase()).listener;
		}

		@Override
		protected Integer addDocumentInternal(Document document) {
			Integer position = super.addDocumentInternal(document);
			StorageListener listener = listener();
			if (listener != null) {
				listener.inserted(getFullName(), document.cloneDeeply());
			}
			return position;
		}

		@Override
		protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
			super.handleUpdate(position, oldDocument, newDocument);
			StorageListener listener = listener();
			if (listener != null) {
				// oldDocument is already a deep copy, newDocument the stored one
				listener.updated(getFullName(), oldDocument, newDocument.cloneDeeply());
			}
		}

		@Override
		protected void removeDocument(Integer position) {
			Document removed = getDocument(position);
			super.removeDocument(position);
			StorageListener listener = listener();
			if (listener != null && removed != null) {
				listener.removed(getFullName(), removed);
			}
		}

	}

}
