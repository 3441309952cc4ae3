package io.connectplatform.mongodb.embedded;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * What one transaction sees of one collection beyond the collection itself: the documents
 * it wrote (not yet committed) and the versions, as of its start, of documents that others
 * changed since. Documents it neither wrote nor saw change are read from the collection.
 * It also knows whether another operation created the collection after the transaction
 * started.
 *
 * @author Connect MongoDB team
 */
final class NamespaceState {

	private final Map<KeyValue, Version> snapshot = new HashMap<>();

	private final Map<KeyValue, Version> writes = new LinkedHashMap<>();

	private boolean createdSinceStart;

	/**
	 * Return the key under which a document id is compared, as a unique index compares it.
	 * @param id the {@code _id}
	 * @return the key
	 */
	static KeyValue key(@Nullable Object id) {
		return new KeyValue(id).normalized();
	}

	/**
	 * Return whether the transaction has its own version of a document, so that the
	 * collection's version must not be read.
	 * @param key the key of the document
	 * @return whether the collection's version is hidden
	 */
	boolean shadows(KeyValue key) {
		return this.writes.containsKey(key) || this.snapshot.containsKey(key);
	}

	/**
	 * Return whether the transaction wrote a document.
	 * @param key the key of the document
	 * @return whether it wrote it
	 */
	boolean wrote(KeyValue key) {
		return this.writes.containsKey(key);
	}

	/**
	 * Return whether someone else changed a document since the transaction started.
	 * @param key the key of the document
	 * @return whether the transaction's snapshot of it is stale
	 */
	boolean changedSinceStart(KeyValue key) {
		return this.snapshot.containsKey(key);
	}

	/**
	 * Note that another operation created the collection after the transaction started.
	 */
	void createdSinceStart() {
		this.createdSinceStart = true;
	}

	/**
	 * Return whether the collection is missing from the transaction's snapshot: another
	 * operation created it after the transaction started, and the transaction has not
	 * written to it before, so it cannot write to it now.
	 * @return whether a write to the collection is refused
	 */
	boolean missingFromSnapshot() {
		return this.createdSinceStart && this.writes.isEmpty();
	}

	/**
	 * Keep the version a document had when the transaction started, unless the
	 * transaction already has its own.
	 * @param key the key of the document
	 * @param before the version before the change
	 */
	void keepSnapshot(KeyValue key, Version before) {
		if (!shadows(key)) {
			this.snapshot.put(key, before);
		}
	}

	/**
	 * Record the transaction's version of a document.
	 * @param key the key of the document
	 * @param after the new version
	 */
	void write(KeyValue key, Version after) {
		this.writes.put(key, after);
	}

	/**
	 * Return the documents the transaction sees that are not read from the collection.
	 * @return the existing documents among its own and its snapshot's versions
	 */
	List<Document> ownDocuments() {
		List<Document> documents = new ArrayList<>();
		for (Version version : this.writes.values()) {
			if (version.document() != null) {
				documents.add(version.document());
			}
		}
		for (Map.Entry<KeyValue, Version> entry : this.snapshot.entrySet()) {
			Document document = entry.getValue().document();
			if (document != null && !this.writes.containsKey(entry.getKey())) {
				documents.add(document);
			}
		}
		return documents;
	}

	/**
	 * Return the documents the transaction wrote.
	 * @return its versions by key, in the order first written
	 */
	Map<KeyValue, Version> writes() {
		return this.writes;
	}

	/**
	 * One version of a document.
	 *
	 * @param id the document's {@code _id}
	 * @param document the document, or {@code null} if it does not exist in this version
	 * (deleted, or not yet inserted)
	 */
	record Version(Object id, @Nullable Document document) {
	}

}
