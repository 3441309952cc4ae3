package io.connectplatform.mongodb.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.MongoCommandException;
import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.FullDocumentBeforeChange;
import com.mongodb.client.model.changestream.OperationType;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for change streams on the embedded replica set, with the driver alone over TCP.
 *
 * @author Connect MongoDB team
 */
class EmbeddedChangeStreamTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private MongoClient client;

	private MongoCollection<Document> items;

	private final List<MongoChangeStreamCursor<?>> cursors = new ArrayList<>();

	@BeforeEach
	void connect(TestInfo test) {
		this.client = MongoClients.create(mongo.getConnectionString());
		this.items = this.client.getDatabase("streams").getCollection(test.getTestMethod().orElseThrow().getName());
	}

	@AfterEach
	void close() {
		this.cursors.forEach(MongoChangeStreamCursor::close);
		this.client.close();
	}

	@Test
	void eventsCarryTheDocumentKeyAndTheNamespaceAndTellUpdatesFromReplacements() {
		MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = open(this.items.watch());
		this.items.insertOne(new Document("_id", 1).append("a", 1).append("b", 2));
		this.items.updateOne(Filters.eq("_id", 1), Updates.combine(Updates.set("a", 5), Updates.unset("b")));
		this.items.replaceOne(Filters.eq("_id", 1), new Document("c", 3));
		this.items.deleteOne(Filters.eq("_id", 1));
		List<ChangeStreamDocument<Document>> events = next(cursor, 4);
		assertThat(events).extracting(ChangeStreamDocument::getOperationType)
			.containsExactly(OperationType.INSERT, OperationType.UPDATE, OperationType.REPLACE, OperationType.DELETE);
		assertThat(events).allSatisfy((event) -> {
			assertThat(event.getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 1}"));
			assertThat(event.getNamespace()).isEqualTo(this.items.getNamespace());
		});
		assertThat(events.get(1).getUpdateDescription().getUpdatedFields()).isEqualTo(BsonDocument.parse("{a: 5}"));
		assertThat(events.get(1).getUpdateDescription().getRemovedFields()).containsExactly("b");
		assertThat(events.get(2).getFullDocument()).isEqualTo(new Document("_id", 1).append("c", 3));
	}

	@Test
	void findAndModifyCommandsProduceEvents() {
		this.items.insertOne(new Document("_id", 1).append("n", 1));
		MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = open(this.items.watch());
		this.items.findOneAndUpdate(Filters.eq("_id", 1), Updates.inc("n", 1));
		this.items.findOneAndReplace(Filters.eq("_id", 1), new Document("n", 10),
				new FindOneAndReplaceOptions().returnDocument(ReturnDocument.AFTER));
		this.items.findOneAndDelete(Filters.eq("_id", 1));
		assertThat(next(cursor, 3)).extracting(ChangeStreamDocument::getOperationType)
			.containsExactly(OperationType.UPDATE, OperationType.REPLACE, OperationType.DELETE);
	}

	@Test
	void anUpdateReadAfterItsDocumentWasDeletedHasNoFullDocument() {
		this.items.insertOne(new Document("_id", 1).append("price", 10));
		MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = open(
				this.items.watch().fullDocument(FullDocument.UPDATE_LOOKUP));
		this.items.updateOne(Filters.eq("_id", 1), Updates.set("price", 99.5));
		this.items.deleteOne(Filters.eq("_id", 1));
		ChangeStreamDocument<Document> update = next(cursor, 2).get(0);
		assertThat(update.getOperationType()).isEqualTo(OperationType.UPDATE);
		assertThat(update.getFullDocument()).isNull();
	}

	@Test
	void preAndPostImagesAreAvailable() {
		this.items.insertOne(new Document("_id", 1).append("price", 10));
		MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = open(
				this.items.watch().fullDocument(FullDocument.WHEN_AVAILABLE)
					.fullDocumentBeforeChange(FullDocumentBeforeChange.WHEN_AVAILABLE));
		this.items.updateOne(Filters.eq("_id", 1), Updates.set("price", 12));
		this.items.deleteOne(Filters.eq("_id", 1));
		List<ChangeStreamDocument<Document>> events = next(cursor, 2);
		assertThat(events.get(0).getFullDocumentBeforeChange()).containsEntry("price", 10);
		assertThat(events.get(0).getFullDocument()).containsEntry("price", 12);
		assertThat(events.get(1).getFullDocumentBeforeChange()).containsEntry("price", 12);
	}

	@Test
	void aTransactionsEventsAppearWhenItCommitsAndAnAbortedOneHasNone() {
		MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = open(this.items.watch());
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.items.insertOne(session, new Document("_id", "aborted"));
			session.abortTransaction();
			session.startTransaction();
			this.items.insertOne(session, new Document("_id", "a"));
			this.items.insertOne(session, new Document("_id", "b"));
			assertThat(cursor.tryNext()).as("nothing before the commit").isNull();
			session.commitTransaction();
		}
		this.items.insertOne(new Document("_id", "after"));
		List<ChangeStreamDocument<Document>> events = next(cursor, 3);
		assertThat(events).extracting((event) -> event.getDocumentKey().get("_id").asString().getValue())
			.containsExactly("a", "b", "after");
		assertThat(events.get(0).getTxnNumber()).isNotNull();
		assertThat(events.get(0).getLsid()).isNotNull();
		assertThat(events.get(2).getTxnNumber()).isNull();
	}

	@Test
	void aCommitThatFailsProducesNoEvents() {
		this.items.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
		MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor;
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.items.insertOne(session, new Document("_id", "first").append("email", "other@example.com"));
			this.items.insertOne(session, new Document("_id", "second").append("email", "ada@example.com"));
			this.items.insertOne(new Document("_id", "outside").append("email", "ada@example.com"));
			cursor = open(this.items.watch());
			// the first insert is applied, the second one is refused and the first one undone
			assertThatExceptionOfType(MongoCommandException.class).isThrownBy(session::commitTransaction)
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(11000));
		}
		this.items.insertOne(new Document("_id", "marker"));
		assertThat(next(cursor, 1)).singleElement()
			.satisfies((event) -> assertThat(event.getOperationType()).isEqualTo(OperationType.INSERT))
			.satisfies((event) -> assertThat(event.getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 'marker'}")));
	}

	@Test
	void anEmptyBatchCarriesAResumeTokenToResumeFrom() {
		MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = open(this.items.watch());
		assertThat(cursor.tryNext()).isNull();
		BsonDocument token = cursor.getResumeToken();
		assertThat(token).as("post-batch resume token before any event").isNotNull();
		cursor.close();
		this.items.insertOne(new Document("_id", "missed while closed"));
		MongoChangeStreamCursor<ChangeStreamDocument<Document>> resumed = open(this.items.watch().resumeAfter(token));
		assertThat(next(resumed, 1).get(0).getDocumentKey().get("_id").asString().getValue())
			.isEqualTo("missed while closed");
	}

	@Test
	void aPipelineFiltersEvents() {
		MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = open(
				this.items.watch(List.of(Aggregates.match(Filters.eq("operationType", "delete")))));
		this.items.insertOne(new Document("_id", 1));
		this.items.deleteOne(Filters.eq("_id", 1));
		assertThat(next(cursor, 1)).extracting(ChangeStreamDocument::getOperationType)
			.containsExactly(OperationType.DELETE);
	}

	@Test
	void databaseAndClusterStreamsSeeEveryCollection() {
		MongoChangeStreamCursor<ChangeStreamDocument<Document>> database = open(
				this.client.getDatabase("streams").watch());
		MongoChangeStreamCursor<ChangeStreamDocument<Document>> cluster = open(this.client.watch());
		this.items.insertOne(new Document("_id", 1));
		this.client.getDatabase("streams").getCollection("another").insertOne(new Document("_id", 2));
		this.client.getDatabase("elsewhere").getCollection("third").insertOne(new Document("_id", 3));
		assertThat(next(database, 2)).extracting((event) -> event.getNamespace().getCollectionName())
			.containsExactly(this.items.getNamespace().getCollectionName(), "another");
		assertThat(next(cluster, 3)).extracting((event) -> event.getNamespace().getFullName())
			.containsExactly(this.items.getNamespace().getFullName(), "streams.another", "elsewhere.third");
	}

	@Test
	void droppingTheWatchedCollectionEndsItsStreamWithAnInvalidate() {
		this.items.insertOne(new Document("_id", 1));
		MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = open(this.items.watch());
		this.items.drop();
		assertThat(next(cursor, 2)).extracting(ChangeStreamDocument::getOperationType)
			.containsExactly(OperationType.DROP, OperationType.INVALIDATE);
	}

	private MongoChangeStreamCursor<ChangeStreamDocument<Document>> open(ChangeStreamIterable<Document> stream) {
		MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = stream.cursor();
		this.cursors.add(cursor);
		return cursor;
	}

	private static List<ChangeStreamDocument<Document>> next(
			MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor, int count) {
		List<ChangeStreamDocument<Document>> events = new ArrayList<>();
		await().atMost(PATIENCE).until(() -> {
			ChangeStreamDocument<Document> event = cursor.tryNext();
			if (event != null) {
				events.add(event);
			}
			return events.size() >= count;
		});
		return events;
	}

}
