package io.connectplatform.mongodb.gridfs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.MongoTemplates;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.data.domain.PageRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Scenarios of {@link GridFsBucketTemplate} inside transactions, run against every server that
 * runs them (a subclass says where: the embedded replica set, or a real MongoDB): uploads,
 * reads, renames and deletes join the transaction that a
 * {@link io.connectplatform.mongodb.core.MongoSessionLookup} finds, and are committed or
 * rolled back together with template writes; and a bucket whose first upload happens
 * inside a transaction gets its indexes, checked and created outside it, which the plain
 * driver cannot do there.
 *
 * @author Connect MongoDB team
 */
abstract class GridFsTransactionScenarios {

	private static final int CHUNK = 1000;

	private final ThreadLocal<ClientSession> boundSession = new ThreadLocal<>();

	private final TransactionCommands commands = new TransactionCommands();

	private MongoClient client;

	private MongoDatabase database;

	private String bucketName;

	private GridFsBucketTemplate gridFs;

	private CollectionTemplate<Attachment> attachments;

	/**
	 * Return the connection string of the replica set to run the scenarios against.
	 * @return the connection string
	 */
	protected abstract String connectionString();

	@BeforeEach
	void connect(TestInfo test) {
		this.client = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(connectionString()))
			.addCommandListener(this.commands)
			.build());
		this.database = this.client.getDatabase("gridfs");
		this.bucketName = test.getTestMethod().orElseThrow().getName();
		this.gridFs = GridFsBucketTemplate.builder(this.database)
			.bucketName(this.bucketName)
			.chunkSize(CHUNK)
			.sessionLookup(this.boundSession::get)
			.build();
		this.gridFs.drop();
		MongoTemplates templates = MongoTemplates.builder(this.client, this.database)
			.sessionLookup(this.boundSession::get)
			.build();
		this.attachments = templates.of(this.bucketName + "_attachments", Attachment.class);
		this.attachments.drop();
		this.attachments.createCollection(new CreateCollectionOptions());
		this.commands.clear();
	}

	@AfterEach
	void close() {
		this.boundSession.remove();
		this.client.close();
	}

	@Test
	void droppingABucketInsideATransactionDropsItAtOnceOutsideTheTransaction() {
		BsonValue id = this.gridFs.upload("kept.pdf", Content.random(CHUNK)).id();
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.boundSession.set(session);
			this.gridFs.drop();
			session.abortTransaction();
			this.boundSession.remove();
		}
		assertThat(this.gridFs.existsById(id)).isFalse();
		assertThat(chunks(null, id)).isZero();
		assertThat(this.commands.sent("drop", this.bucketName + ".files")).singleElement()
			.satisfies((drop) -> assertThat(drop.inTransaction()).as("drop inside the transaction").isFalse());
	}

	@Test
	void anUploadInsideATransactionIsRolledBackWithIt() {
		BsonValue id;
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.boundSession.set(session);
			byte[] content = Content.random(3 * CHUNK + 1);
			id = this.gridFs.upload("draft.pdf", content).id();
			this.attachments.insert(new Attachment("a", id.asObjectId().getValue().toHexString()));
			assertThat(this.gridFs.downloadBytes(id)).as("the transaction reads its own upload").isEqualTo(content);
			assertThat(chunks(session, id)).isEqualTo(4);
			session.abortTransaction();
			this.boundSession.remove();
		}
		assertThat(this.gridFs.existsById(id)).isFalse();
		assertThat(chunks(null, id)).isZero();
		assertThat(this.attachments.count()).isZero();
	}

	@Test
	void anUploadInsideATransactionIsCommittedWithIt() {
		byte[] content = Content.random(2 * CHUNK);
		BsonValue id;
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.boundSession.set(session);
			id = this.gridFs.upload("final.pdf", content).id();
			this.attachments.insert(new Attachment("a", "final.pdf"));
			this.boundSession.remove();
			assertThat(this.gridFs.existsById(id)).as("outside the transaction, not committed yet").isFalse();
			session.commitTransaction();
		}
		assertThat(this.gridFs.downloadBytes(id)).isEqualTo(content);
		assertThat(chunks(null, id)).isEqualTo(2);
		assertThat(this.attachments.count()).isOne();
	}

	@Test
	void anAbortedUploadInsideATransactionDeletesItsChunksInTheTransaction() throws Exception {
		BsonValue id;
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.boundSession.set(session);
			GridFsUploadStream upload = this.gridFs.openUploadStream("abandoned.pdf");
			id = upload.getId();
			upload.write(Content.random(2 * CHUNK + 1));
			upload.abort();
			this.boundSession.remove();
			session.commitTransaction();
		}
		assertThat(chunks(null, id)).as("no chunk of the aborted upload is committed").isZero();
		assertThat(this.commands.sent("delete", this.bucketName + ".chunks")).singleElement()
			.satisfies((delete) -> assertThat(delete.inTransaction()).as("chunks deleted in the transaction").isTrue());
	}

	@Test
	void everyReadInsideATransactionSeesItsUncommittedUploads() {
		byte[] original = Content.random(CHUNK + 10);
		byte[] revised = Content.random(2 * CHUNK + 20);
		BsonValue originalId = this.gridFs.upload("report.pdf", original).id();
		// A minute older, so that the revisions never share an upload date.
		this.database.getCollection(this.bucketName + ".files")
			.updateOne(Filters.eq("_id", originalId),
					Updates.set("uploadDate", Date.from(Instant.now().minus(Duration.ofMinutes(1)))));
		BsonValue revisedId;
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.boundSession.set(session);
			revisedId = this.gridFs.upload("report.pdf", revised).id();
			assertThat(this.gridFs.findById(revisedId)).hasValueSatisfying(
					(file) -> assertThat(file.length()).isEqualTo(revised.length));
			assertThat(this.gridFs.findOne("report.pdf", GridFsBucketOperations.LATEST))
				.hasValueSatisfying((file) -> assertThat(file.id()).isEqualTo(revisedId));
			assertThat(this.gridFs.find(FileQuery.byFilename("report.pdf"))).extracting(StoredFile::id)
				.containsExactlyInAnyOrder(originalId, revisedId);
			assertThat(this.gridFs.page(FileQuery.byFilename("report.pdf"), PageRequest.of(0, 1)).getTotalElements())
				.isEqualTo(2);
			assertThat(this.gridFs.count(FileQuery.byFilename("report.pdf"))).isEqualTo(2);
			assertThat(this.gridFs.existsById(revisedId)).isTrue();
			assertThat(this.gridFs.exists(FileQuery.all().where(Filters.eq("length", revised.length)))).isTrue();
			assertThat(this.gridFs.downloadBytes("report.pdf", GridFsBucketOperations.LATEST)).isEqualTo(revised);
			assertThat(this.gridFs.downloadBytes(revisedId, CHUNK - 5, 10)).isEqualTo(
					Arrays.copyOfRange(revised, CHUNK - 5, CHUNK + 5));
			assertThat(this.gridFs.verify(revisedId)).isTrue();
			session.abortTransaction();
			this.boundSession.remove();
		}
		assertThat(this.gridFs.findById(revisedId)).isEmpty();
		assertThat(this.gridFs.findOne("report.pdf", GridFsBucketOperations.LATEST))
			.hasValueSatisfying((file) -> assertThat(file.id()).isEqualTo(originalId));
		assertThat(this.gridFs.count(FileQuery.byFilename("report.pdf"))).isOne();
		assertThat(this.gridFs.downloadBytes("report.pdf", GridFsBucketOperations.LATEST)).isEqualTo(original);
	}

	@Test
	void renamesAndMetadataChangesInsideATransactionAreRolledBackWithIt() {
		BsonValue id = this.gridFs.upload("old.pdf", Content.random(10)).id();
		this.gridFs.upload("other.pdf", Content.random(20));
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.boundSession.set(session);
			this.gridFs.rename(id, "new.pdf");
			assertThat(this.gridFs.renameAll("other.pdf", "renamed.pdf")).isOne();
			this.gridFs.replaceMetadata(id, Map.of("owner", "ada"));
			assertThat(this.gridFs.findById(id)).hasValueSatisfying((file) -> {
				assertThat(file.filename()).isEqualTo("new.pdf");
				assertThat(file.metadata()).containsEntry("owner", "ada");
			});
			assertThat(this.gridFs.count(FileQuery.byFilename("renamed.pdf"))).isOne();
			session.abortTransaction();
			this.boundSession.remove();
		}
		assertThat(this.gridFs.findById(id)).hasValueSatisfying((file) -> {
			assertThat(file.filename()).isEqualTo("old.pdf");
			assertThat(file.metadata()).doesNotContainKey("owner");
		});
		assertThat(this.gridFs.count(FileQuery.byFilename("other.pdf"))).isOne();
	}

	@Test
	void aDeleteInsideATransactionIsRolledBackWithIt() {
		byte[] content = Content.random(2 * CHUNK + 5);
		BsonValue id = this.gridFs.upload("kept.pdf", content).id();
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.boundSession.set(session);
			assertThat(this.gridFs.delete(id)).isTrue();
			assertThat(this.gridFs.existsById(id)).isFalse();
			session.abortTransaction();
			this.boundSession.remove();
		}
		assertThat(this.gridFs.downloadBytes(id)).isEqualTo(content);
		assertThat(chunks(null, id)).isEqualTo(3);
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.boundSession.set(session);
			assertThat(this.gridFs.deleteAll("kept.pdf")).isOne();
			assertThat(chunks(session, id)).isZero();
			session.abortTransaction();
			this.boundSession.remove();
		}
		assertThat(this.gridFs.downloadBytes(id)).isEqualTo(content);
		assertThat(chunks(null, id)).isEqualTo(3);
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.boundSession.set(session);
			assertThat(this.gridFs.deleteAll("kept.pdf")).isOne();
			session.commitTransaction();
			this.boundSession.remove();
		}
		assertThat(this.gridFs.existsById(id)).isFalse();
		assertThat(chunks(null, id)).isZero();
	}

	@Test
	void aBucketWhoseFirstUploadIsInsideATransactionGetsItsIndexes() {
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.boundSession.set(session);
			this.gridFs.upload("first.pdf", Content.random(10));
			session.commitTransaction();
			this.boundSession.remove();
		}
		assertThat(indexKeys(this.bucketName + ".files")).contains(new Document("filename", 1).append("uploadDate", 1));
		assertThat(indexKeys(this.bucketName + ".chunks")).contains(new Document("files_id", 1).append("n", 1));
		assertThat(this.gridFs.count(FileQuery.all())).isOne();
	}

	@Test
	void theIndexCheckRunsOutsideTheTransactionAndTheUploadInsideIt() {
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.boundSession.set(session);
			this.gridFs.upload("first.pdf", Content.random(2 * CHUNK));
			session.commitTransaction();
			this.boundSession.remove();
		}
		String files = this.bucketName + ".files";
		String chunks = this.bucketName + ".chunks";
		assertThat(this.commands.sent("listIndexes", files)).isNotEmpty()
			.allSatisfy((command) -> assertThat(command.inTransaction()).isFalse());
		assertThat(this.commands.sent("createIndexes", chunks)).isNotEmpty()
			.allSatisfy((command) -> assertThat(command.inTransaction()).isFalse());
		assertThat(this.commands.sent("insert", chunks)).hasSize(2)
			.allSatisfy((command) -> assertThat(command.inTransaction()).isTrue());
		assertThat(this.commands.sent("insert", files)).singleElement()
			.satisfies((command) -> assertThat(command.inTransaction()).isTrue());
	}

	@Test
	void aBucketReadyBeforeATransactionTakesUploadsAfterOtherOperationsOfIt() {
		this.gridFs.ensureIndexes();
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			this.boundSession.set(session);
			this.attachments.insert(new Attachment("a", "later.pdf"));
			this.gridFs.upload("later.pdf", Content.random(CHUNK + 1));
			session.commitTransaction();
			this.boundSession.remove();
		}
		assertThat(this.gridFs.count(FileQuery.byFilename("later.pdf"))).isOne();
		assertThat(this.attachments.count()).isOne();
	}

	@Test
	void thePlainDriverCannotStartAnEmptyBucketInsideATransaction() {
		String raw = this.bucketName + "_raw";
		GridFSBuckets.create(this.database, raw).drop();
		try (ClientSession session = this.client.startSession()) {
			session.startTransaction();
			assertThatExceptionOfType(MongoCommandException.class)
				.isThrownBy(() -> GridFSBuckets.create(this.database, raw).openUploadStream(session, "first.pdf"))
				.withMessageContaining("listIndexes");
			session.abortTransaction();
		}
	}

	private long chunks(ClientSession session, BsonValue id) {
		MongoCollection<Document> chunks = this.database.getCollection(this.bucketName + ".chunks");
		return (session != null) ? chunks.countDocuments(session, Filters.eq("files_id", id))
				: chunks.countDocuments(Filters.eq("files_id", id));
	}

	private List<Document> indexKeys(String collection) {
		return this.database.getCollection(collection)
			.listIndexes()
			.map((index) -> index.get("key", Document.class))
			.into(new ArrayList<>());
	}

	/**
	 * A record that refers to a stored file.
	 *
	 * @param id the id
	 * @param file the file's id or name
	 */
	public record Attachment(@BsonId String id, String file) {
	}

	/**
	 * Records the name and collection of each command sent, and whether it was part of a
	 * transaction.
	 */
	private static final class TransactionCommands implements CommandListener {

		private final List<SentCommand> commands = new CopyOnWriteArrayList<>();

		@Override
		public void commandStarted(CommandStartedEvent event) {
			BsonDocument command = event.getCommand();
			BsonValue target = command.get(event.getCommandName());
			String collection = (target != null && target.isString()) ? target.asString().getValue() : "";
			this.commands.add(new SentCommand(event.getCommandName(), collection, command.containsKey("txnNumber")
					&& command.containsKey("autocommit")));
		}

		List<SentCommand> sent(String name, String collection) {
			return this.commands.stream()
				.filter((command) -> command.name().equals(name) && command.collection().equals(collection))
				.toList();
		}

		void clear() {
			this.commands.clear();
		}

	}

	/**
	 * A command sent.
	 *
	 * @param name the command name
	 * @param collection the collection it targets, or empty
	 * @param inTransaction whether it was part of a transaction
	 */
	private record SentCommand(String name, String collection, boolean inTransaction) {
	}

}
