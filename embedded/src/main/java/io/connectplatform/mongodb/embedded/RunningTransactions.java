package io.connectplatform.mongodb.embedded;

import java.util.ArrayList;
import java.util.List;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import io.connectplatform.mongodb.embedded.NamespaceState.Version;
import org.jspecify.annotations.Nullable;

/**
 * The running transactions of a server, told of every change to the collections: for each
 * one it keeps the version a changed document had when the transaction started and the
 * collections created since, and marks the transaction unable to commit when another
 * operation writes a document it wrote or drops a collection it wrote to. What a
 * transaction changes in the collections itself (its commit, a collection it creates) is
 * not another operation's doing. Not thread-safe: used under the server's command lock.
 *
 * @author Connect MongoDB team
 */
final class RunningTransactions implements StorageListener {

	private final List<Transaction> transactions = new ArrayList<>();

	private @Nullable Transaction acting;

	void add(Transaction transaction) {
		this.transactions.add(transaction);
	}

	void remove(Transaction transaction) {
		this.transactions.remove(transaction);
	}

	/**
	 * Return the number of running transactions.
	 * @return how many transactions are running
	 */
	int size() {
		return this.transactions.size();
	}

	/**
	 * Return the running transactions.
	 * @return a copy, which stays as it is when transactions end
	 */
	List<Transaction> list() {
		return List.copyOf(this.transactions);
	}

	/**
	 * Say which transaction is changing the collections itself, so that its changes are
	 * not taken for another operation's.
	 * @param transaction the transaction, or {@code null} once it is done
	 */
	void acting(@Nullable Transaction transaction) {
		this.acting = transaction;
	}

	@Override
	public void inserted(String namespace, Document after) {
		changed(namespace, after.get("_id"), null);
	}

	@Override
	public void updated(String namespace, Document before, Document after) {
		changed(namespace, before.get("_id"), before);
	}

	@Override
	public void removed(String namespace, Document before) {
		changed(namespace, before.get("_id"), before);
	}

	@Override
	public void created(String namespace) {
		for (Transaction transaction : this.transactions) {
			if (transaction != this.acting) {
				transaction.namespace(namespace).createdSinceStart();
			}
		}
	}

	/**
	 * A collection was dropped: the transactions that wrote to it cannot commit.
	 * @param namespace the collection
	 */
	void dropped(String namespace) {
		for (Transaction transaction : this.transactions) {
			NamespaceState state = transaction.existingNamespace(namespace);
			if (state != null && !state.writes().isEmpty()) {
				transaction.conflict("collection " + namespace + " was dropped while the transaction wrote to it");
			}
		}
	}

	private void changed(String namespace, @Nullable Object id, @Nullable Document before) {
		if (this.transactions.isEmpty() || (this.transactions.size() == 1 && this.acting != null)) {
			return;
		}
		KeyValue key = NamespaceState.key(id);
		Version version = new Version(id, before);
		for (Transaction transaction : this.transactions) {
			if (transaction == this.acting) {
				continue;
			}
			NamespaceState state = transaction.namespace(namespace);
			if (state.wrote(key)) {
				transaction.conflict("document " + key + " of " + namespace
						+ " was written by another operation after this transaction wrote it");
			}
			else {
				state.keepSnapshot(key, version);
			}
		}
	}

}
