package io.connectplatform.mongodb.embedded;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Told of every change to a document of a user collection, after the change, with the
 * images the change produced, and of every user collection created. The images belong to
 * the listener and are never changed again: a listener that keeps one shares it with the
 * other listeners.
 *
 * @author Connect MongoDB team
 */
interface StorageListener {

	/**
	 * A document was inserted.
	 * @param namespace the collection, {@code database.collection}
	 * @param after the document as inserted
	 */
	void inserted(String namespace, Document after);

	/**
	 * A document was changed.
	 * @param namespace the collection
	 * @param before the document before the change
	 * @param after the document after the change
	 */
	void updated(String namespace, Document before, Document after);

	/**
	 * A document was removed.
	 * @param namespace the collection
	 * @param before the document as it was
	 */
	void removed(String namespace, Document before);

	/**
	 * A collection was created, by a command that names it or by its first write.
	 * @param namespace the collection
	 */
	void created(String namespace);

}
