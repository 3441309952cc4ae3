package io.connectplatform.mongodb.embedded;

import java.util.List;

import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * mongo-java-server's oplog hooks, in this server: document changes are recorded by the
 * collections themselves ({@link CapturingMemoryDatabase}), so only collection drops are
 * taken from here, and change streams are opened by {@link ChangeStreams}.
 *
 * @author Connect MongoDB team
 */
final class ChangeLogOplog implements Oplog {

	private final ChangeLog log;

	private final RunningTransactions transactions;

	ChangeLogOplog(ChangeLog log, RunningTransactions transactions) {
		this.log = log;
		this.transactions = transactions;
	}

	@Override
	public void handleInsert(String namespace, List<Document> documents) {
	}

	@Override
	public void handleUpdate(String namespace, Document selector, Document query, List<Object> modifiedIds) {
	}

	@Override
	public void handleDelete(String namespace, Document query, List<Object> deletedIds) {
	}

	@Override
	public void handleDropCollection(String namespace) {
		this.log.dropped(namespace);
		this.transactions.dropped(namespace);
	}

	@Override
	public Cursor createCursor(Document changeStreamDocument, String namespace, Aggregation aggregation) {
		throw new IllegalStateException("Change streams are opened by ChangeStreams, not by mongo-java-server");
	}

}
