package io.connectplatform.mongodb.changestream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.FullDocumentBeforeChange;
import org.bson.BsonDocument;
import org.bson.Document;

/**
 * What one listener watches: its collection, database or cluster, with its pipeline and
 * stream options, named for logs and status.
 *
 * @author Connect MongoDB team
 */
final class StreamSource {

	private final ChangeListenerDefinition<?> definition;

	private final MongoClient client;

	private final MongoDatabase defaultDatabase;

	private final Duration maxAwaitTime;

	private final String target;

	StreamSource(ChangeListenerDefinition<?> definition, ChangeStreamListenerContainer container) {
		this.definition = definition;
		this.client = container.getClient();
		this.defaultDatabase = container.getDefaultDatabase();
		this.maxAwaitTime = (definition.getMaxAwaitTime() != null) ? definition.getMaxAwaitTime()
				: container.getSettings().maxAwaitTime();
		this.target = target(definition, this.defaultDatabase.getName());
	}

	private static String target(ChangeListenerDefinition<?> definition, String defaultDatabase) {
		String database = (definition.getDatabase() != null) ? definition.getDatabase() : defaultDatabase;
		return switch (definition.getLevel()) {
			case COLLECTION -> "collection " + database + "." + definition.getCollection();
			case DATABASE -> "database " + database;
			case CLUSTER -> "cluster";
		};
	}

	/**
	 * Return what is watched, for logs and status: {@code collection db.coll},
	 * {@code database db} or {@code cluster}.
	 */
	String target() {
		return this.target;
	}

	/**
	 * Return the listener's change stream with its options, not opened yet and without a
	 * start position.
	 */
	ChangeStreamIterable<Document> watch() {
		ChangeStreamIterable<Document> iterable = watchLevel()
			.maxAwaitTime(this.maxAwaitTime.toMillis(), TimeUnit.MILLISECONDS);
		if (this.definition.getFullDocument() != FullDocument.DEFAULT) {
			iterable.fullDocument(this.definition.getFullDocument());
		}
		if (this.definition.getFullDocumentBeforeChange() != FullDocumentBeforeChange.DEFAULT) {
			iterable.fullDocumentBeforeChange(this.definition.getFullDocumentBeforeChange());
		}
		if (this.definition.getBatchSize() > 0) {
			iterable.batchSize(this.definition.getBatchSize());
		}
		return iterable;
	}

	private ChangeStreamIterable<Document> watchLevel() {
		List<BsonDocument> pipeline = this.definition.getPipeline();
		String databaseName = this.definition.getDatabase();
		MongoDatabase database = (databaseName != null) ? this.client.getDatabase(databaseName)
				: this.defaultDatabase;
		return switch (this.definition.getLevel()) {
			case COLLECTION -> database.getCollection(String.valueOf(this.definition.getCollection())).watch(pipeline);
			case DATABASE -> database.watch(pipeline);
			case CLUSTER -> this.client.watch(pipeline);
		};
	}

}
