package io.connectplatform.mongodb.gridfs;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.MongoCommandException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.Filters;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.MongoTemplates;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link GridFsTemplate} against a real MongoDB (a single-node replica set), for
 * what the embedded server cannot show: uploads and deletes join the transaction that a
 * {@link io.connectplatform.mongodb.core.MongoSessionLookup} finds, and are committed or
 * rolled back together with template writes; and a bucket whose first upload happens inside
 * a transaction gets its indexes, which the plain driver cannot do there. Skipped where no
 * Docker engine runs.
 *
 * @author Connect MongoDB team
 */
@Testcontainers(disabledWithoutDocker = true)
class GridFsTemplateContainerTests {

	@Container
	static MongoDBContainer mongo = new MongoDBContainer("mongo:8.0").withReplicaSet();

	private static final int CHUNK = 1000;

	private final ThreadLocal<ClientSession> boundSession = new ThreadLocal<>();

	private MongoClient client;

	private MongoDatabase database;

	private String bucketName;

	private GridFsTemplate gridFs;

	private CollectionTemplate<Attachment> attachments;

	@BeforeEach
	void connect(TestInfo test) {
		this.client = MongoClients.create(mongo.getReplicaSetUrl());
		this.database = this.client.getDatabase("gridfs");
		this.bucketName = test.getTestMethod().orElseThrow().getName();
		this.gridFs = GridFsTemplate.builder(this.database)
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
	}

	@AfterEach
	void close() {
		this.boundSession.remove();
		this.client.close();
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

}
