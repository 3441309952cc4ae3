package io.connectplatform.mongodb.embedded;

import java.util.List;
import java.util.function.Function;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.NoopOplog;
import io.connectplatform.mongodb.embedded.ChangeLog.Entry;
import org.jspecify.annotations.Nullable;

/**
 * Opens change streams on a collection ({@code collection.watch()}), a database
 * ({@code database.watch()}) or the whole cluster ({@code client.watch()}), and answers
 * their {@code getMore}s with the post-batch resume token.
 *
 * @author Connect MongoDB team
 */
final class ChangeStreams {

	private static final int DEFAULT_BATCH_SIZE = 101;

	private final ChangeLog log;

	private final CursorRegistry cursors;

	private final Function<String, MongoDatabase> databases;

	ChangeStreams(ChangeLog log, CursorRegistry cursors, Function<String, MongoDatabase> databases) {
		this.log = log;
		this.cursors = cursors;
		this.databases = databases;
	}

	/**
	 * Return whether an {@code aggregate} command opens a change stream.
	 * @param command the command
	 * @return whether its pipeline starts with {@code $changeStream}
	 */
	static boolean isChangeStream(Document command) {
		Object pipeline = command.get("pipeline");
		return pipeline instanceof List<?> stages && !stages.isEmpty() && stages.get(0) instanceof Document first
				&& first.containsKey("$changeStream");
	}

	/**
	 * Open a change stream.
	 * @param databaseName the database the {@code aggregate} was sent to
	 * @param command the {@code aggregate} command
	 * @return the reply, with the first batch
	 */
	Document open(String databaseName, Document command) {
		List<Document> stages = Aggregation.parse(command.get("pipeline"));
		Document options = (Document) stages.get(0).get("$changeStream");
		Object target = command.get("aggregate");
		boolean wholeCluster = Utils.isTrue(options.get("allChangesForCluster"));
		String collection = (target instanceof String name) ? name : null;
		String database = wholeCluster ? null : databaseName;
		String namespace = (collection != null) ? databaseName + "." + collection : databaseName + ".$cmd.aggregate";
		MongoDatabase context = this.databases.apply(databaseName);
		MongoCollection<?> source = (collection != null) ? context.resolveCollection(collection, false) : null;
		List<Document> rest = stages.subList(1, stages.size());
		Aggregation pipeline = rest.isEmpty() ? null
				: Aggregation.fromPipeline(rest, this.databases::apply, context, source, NoopOplog.get());
		ChangeEvents events = new ChangeEvents(String.valueOf(options.getOrDefault("fullDocument", "default")),
				String.valueOf(options.getOrDefault("fullDocumentBeforeChange", "off")), this::lookUp,
				pipeline != null);
		Start start = start(options);
		ChangeStreamCursor cursor = new ChangeStreamCursor(this.cursors.generateCursorId(), this.log, events, database,
				collection, pipeline, namespace, start.position(), start.inclusive());
		Document cursorOptions = (Document) command.getOrDefault("cursor", new Document());
		int batchSize = ((Number) cursorOptions.getOrDefault("batchSize", DEFAULT_BATCH_SIZE)).intValue();
		List<Document> firstBatch = cursor.takeDocuments(batchSize);
		if (!cursor.isEmpty()) {
			this.cursors.add(cursor);
		}
		return reply(cursor, "firstBatch", firstBatch);
	}

	/**
	 * Answer a {@code getMore} of a change stream.
	 * @param cursor the stream's cursor
	 * @param batchSize the most events to return, {@code 0} for no limit
	 * @return the reply
	 */
	Document getMore(ChangeStreamCursor cursor, int batchSize) {
		List<Document> nextBatch = cursor.takeDocuments(batchSize);
		if (cursor.isEmpty()) {
			this.cursors.remove(cursor);
		}
		return reply(cursor, "nextBatch", nextBatch);
	}

	private Start start(Document options) {
		Document startAfter = (Document) options.get("startAfter");
		Document resumeAfter = (Document) options.get("resumeAfter");
		BsonTimestamp startAt = (BsonTimestamp) options.get("startAtOperationTime");
		if (startAfter != null) {
			return new Start(ChangeEvents.position(startAfter), false);
		}
		if (resumeAfter != null) {
			if (ChangeEvents.isFromInvalidate(resumeAfter)) {
				throw ServerErrors.error(ServerErrors.INVALID_RESUME_TOKEN,
						"Attempting to resume a change stream using 'resumeAfter' is not allowed from an invalidate"
								+ " notification.");
			}
			return new Start(ChangeEvents.position(resumeAfter), false);
		}
		if (startAt != null) {
			return new Start(startAt, true);
		}
		return new Start(this.log.lastTime(), false);
	}

	private @Nullable Document lookUp(Entry entry) {
		MongoCollection<?> collection = this.databases.apply(entry.database())
			.resolveCollection(entry.collection(), false);
		if (collection == null) {
			return null;
		}
		for (Document document : collection.handleQuery(new Document("$query", new Document("_id", entry.id())))) {
			return document.cloneDeeply();
		}
		return null;
	}

	private static Document reply(ChangeStreamCursor cursor, String batchName, List<Document> batch) {
		Document reply = new Document("id", cursor.isEmpty() ? 0L : cursor.getId());
		reply.put("ns", cursor.namespace());
		reply.put(batchName, batch);
		reply.put("postBatchResumeToken", cursor.postBatchResumeToken());
		Document response = new Document("cursor", reply);
		response.put("ok", 1.0);
		return response;
	}

	/**
	 * Where a stream starts.
	 */
	private record Start(BsonTimestamp position, boolean inclusive) {
	}

}
