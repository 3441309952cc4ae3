package io.connectplatform.mongodb.embedded;

import java.util.function.BiConsumer;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import org.jspecify.annotations.Nullable;

/**
 * A throw-away database, named as the real one, holding {@link ScratchCollection}s with
 * what one command of a transaction sees. A collection the command reaches that was not
 * prepared for it (the {@code from} of a {@code $lookup}) is filled on first use with the
 * transaction's whole view of it.
 *
 * @author Connect MongoDB team
 */
final class TransactionView extends MemoryDatabase {

	private @Nullable BiConsumer<TransactionView, String> filler;

	/**
	 * Create a view.
	 * @param databaseName the name of the real database
	 * @param cursorRegistry the server's cursors, where the command's cursor goes
	 * @param filler fills a collection the command reaches on its own
	 */
	TransactionView(String databaseName, CursorRegistry cursorRegistry, BiConsumer<TransactionView, String> filler) {
		super(databaseName, cursorRegistry);
		this.filler = filler;
	}

	/**
	 * Return the scratch collection of a name, creating it empty if needed.
	 * @param name the collection name
	 * @return the collection
	 */
	ScratchCollection scratch(String name) {
		MongoCollection<?> existing = super.resolveCollection(name, false);
		if (existing != null) {
			return (ScratchCollection) existing;
		}
		BiConsumer<TransactionView, String> filler = this.filler;
		this.filler = null;
		try {
			return (ScratchCollection) createCollectionOrThrowIfExists(name);
		}
		finally {
			this.filler = filler;
		}
	}

	@Override
	protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
		if (collectionName.startsWith("system.")) {
			return super.openOrCreateCollection(collectionName, options);
		}
		return new ScratchCollection(this, collectionName, options, this.cursorRegistry);
	}

	@Override
	public synchronized MongoCollection<Integer> resolveCollection(String collectionName, boolean throwIfNotFound) {
		MongoCollection<Integer> collection = super.resolveCollection(collectionName, false);
		BiConsumer<TransactionView, String> filler = this.filler;
		if (collection == null && filler != null && !collectionName.startsWith("system.")) {
			this.filler = null;
			try {
				filler.accept(this, collectionName);
			}
			finally {
				this.filler = filler;
			}
			collection = super.resolveCollection(collectionName, false);
		}
		return (collection != null || !throwIfNotFound) ? collection
				: super.resolveCollection(collectionName, true);
	}

}
