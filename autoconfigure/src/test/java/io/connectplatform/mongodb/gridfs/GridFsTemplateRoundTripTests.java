package io.connectplatform.mongodb.gridfs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSDownloadOptions;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GridFsBucketTemplate} over TCP against the embedded server: what is uploaded
 * from every kind of source is downloaded to every kind of target byte for byte, with the
 * SHA-256 computed by the test itself; metadata, content types, ids and chunk sizes are
 * stored as given; and files pass between the template and the plain driver both ways.
 *
 * @author Connect MongoDB team
 */
class GridFsTemplateRoundTripTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private static final int CHUNK = GridFsBucketTemplate.DEFAULT_CHUNK_SIZE;

	private final Commands commands = new Commands();

	private MongoClient client;

	private MongoDatabase database;

	private GridFsBucketTemplate gridFs;

	@BeforeEach
	void createTemplate() {
		this.client = this.commands.createClient(mongo.getConnectionString());
		this.database = this.client.getDatabase(Content.databaseName());
		this.gridFs = GridFsBucketTemplate.builder(this.database).build();
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@ParameterizedTest(name = "{0} bytes")
	@ValueSource(ints = { 0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK - 1, 2 * CHUNK, 2 * CHUNK + 1,
			20 * 1024 * 1024 })
	void aRoundTripKeepsTheSha256(int size) {
		byte[] content = Content.random(size);
		String sha256 = Content.sha256(content);
		UploadedFile uploaded = this.gridFs.upload("file.bin", content);
		assertThat(uploaded.length()).isEqualTo(size);
		assertThat(uploaded.checksum()).isEqualTo(sha256);
		assertThat(chunks(uploaded.id())).isEqualTo((size + CHUNK - 1) / CHUNK);
		byte[] downloaded = this.gridFs.downloadBytes(uploaded.id());
		assertThat(downloaded).hasSize(size);
		assertThat(Content.sha256(downloaded)).isEqualTo(sha256);
		try (GridFsDownloadStream stream = this.gridFs.openDownloadStream(uploaded.id())) {
			assertThat(Content.sha256(stream)).isEqualTo(sha256);
		}
		StoredFile stored = this.gridFs.findById(uploaded.id()).orElseThrow();
		assertThat(stored.length()).isEqualTo(size);
		assertThat(stored.chunkSize()).isEqualTo(CHUNK);
		assertThat(stored.checksum()).isEqualTo(sha256);
	}

	@Test
	void theChecksumIsInTheFilesDocumentTheDriverWroteOnClose() {
		byte[] content = Content.random(3 * CHUNK + 17);
		UploadedFile uploaded = this.gridFs.upload("report.pdf", content,
				UploadOptions.defaults().contentType("application/pdf").metadata(Map.of("customer", "acme")));
		Document files = this.database.getCollection("fs.files").find(Filters.eq("_id", uploaded.id())).first();
		assertThat(files).isNotNull();
		assertThat(files.get("metadata", Document.class)).containsEntry("customer", "acme")
			.containsEntry(StoredFile.CONTENT_TYPE_KEY, "application/pdf")
			.containsEntry(StoredFile.CHECKSUM_KEY, Content.sha256(content));
		assertThat(files.getLong("length")).isEqualTo(content.length);
		assertThat(files.getInteger("chunkSize")).isEqualTo(CHUNK);
	}

	@Test
	void withoutChecksumsNothingIsComputedOrStored() {
		GridFsBucketTemplate unchecked = GridFsBucketTemplate.builder(this.database).checksum(GridFsChecksum.NONE).build();
		UploadedFile uploaded = unchecked.upload("plain.txt", Content.random(100));
		assertThat(uploaded.checksum()).isNull();
		Document files = this.database.getCollection("fs.files").find(Filters.eq("_id", uploaded.id())).first();
		assertThat(files).isNotNull();
		assertThat(files.containsKey("metadata")).as("an upload without metadata has none").isFalse();
		assertThat(unchecked.findById(uploaded.id()).orElseThrow().checksum()).isNull();
	}

	@Test
	void uploadsFromAStreamThatGivesAFewBytesAtATime() {
		byte[] content = Content.random(2 * CHUNK + 5);
		InputStream trickle = new FilterInputStream(new ByteArrayInputStream(content)) {

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				return super.read(b, off, Math.min(len, 7));
			}

		};
		UploadedFile uploaded = this.gridFs.upload("trickle.bin", trickle);
		assertThat(uploaded.checksum()).isEqualTo(Content.sha256(content));
		assertThat(this.gridFs.downloadBytes(uploaded.id())).isEqualTo(content);
	}

	@Test
	void uploadsFromAndDownloadsToLocalFiles(@TempDir Path directory) throws IOException {
		byte[] content = Content.random(CHUNK + 99);
		Path source = Files.write(directory.resolve("source.bin"), content);
		UploadedFile uploaded = this.gridFs.upload("local.bin", source);
		Path target = directory.resolve("target.bin");
		Files.write(target, new byte[] { 1, 2, 3 });
		StoredFile downloaded = this.gridFs.download(uploaded.id(), target);
		assertThat(downloaded.filename()).isEqualTo("local.bin");
		assertThat(Files.readAllBytes(target)).as("the target is replaced").isEqualTo(content);
		Path byName = directory.resolve("by-name.bin");
		this.gridFs.download("local.bin", GridFsBucketOperations.LATEST, byName);
		assertThat(Files.readAllBytes(byName)).isEqualTo(content);
	}

	@Test
	void uploadsWhatIsWrittenToAnUploadStreamWhenItIsClosed() {
		byte[] content = Content.random(2 * CHUNK + 3);
		GridFsUploadStream upload = this.gridFs.openUploadStream("written.bin",
				UploadOptions.defaults().contentType("application/octet-stream"));
		upload.write(content[0]);
		upload.write(content, 1, CHUNK);
		upload.write(Arrays.copyOfRange(content, CHUNK + 1, content.length));
		assertThat(this.gridFs.existsById(upload.getId())).as("not stored before close").isFalse();
		assertThat(upload.getLength()).isEqualTo(content.length);
		upload.close();
		upload.close();
		UploadedFile uploaded = upload.getUploadedFile();
		assertThat(uploaded.id()).isEqualTo(upload.getId());
		assertThat(uploaded.contentType()).isEqualTo("application/octet-stream");
		assertThat(uploaded.checksum()).isEqualTo(Content.sha256(content));
		assertThat(this.gridFs.downloadBytes(upload.getId())).isEqualTo(content);
	}

	@Test
	void uploadsWhatAWriterWrites() {
		byte[] content = Content.random(CHUNK + 1);
		UploadedFile uploaded = this.gridFs.upload("writer.bin", UploadOptions.defaults(), (out) -> out.write(content));
		assertThat(this.gridFs.downloadBytes(uploaded.id())).isEqualTo(content);
	}

	@Test
	void downloadsToAnOutputStreamByIdAndByName() {
		byte[] content = Content.random(CHUNK * 2);
		UploadedFile uploaded = this.gridFs.upload("out.bin", content,
				UploadOptions.defaults().contentType("image/png"));
		ByteArrayOutputStream byId = new ByteArrayOutputStream();
		StoredFile file = this.gridFs.download(uploaded.id(), byId);
		assertThat(byId.toByteArray()).isEqualTo(content);
		assertThat(file.contentType()).isEqualTo("image/png");
		ByteArrayOutputStream byName = new ByteArrayOutputStream();
		this.gridFs.download("out.bin", GridFsBucketOperations.LATEST, byName);
		assertThat(byName.toByteArray()).isEqualTo(content);
	}

	@Test
	void storesMetadataFromAMapADocumentOrARecord() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("customer", "acme");
		map.put("pages", 3);
		StoredFile fromMap = stored(this.gridFs.upload("map", new byte[1], UploadOptions.defaults().metadata(map)));
		assertThat(fromMap.metadata()).isEqualTo(new Document("customer", "acme").append("pages", 3));
		StoredFile fromDocument = stored(this.gridFs.upload("document", new byte[1],
				UploadOptions.defaults().metadata(new Document("nested", new Document("a", 1)))));
		assertThat(fromDocument.metadata()).isEqualTo(new Document("nested", new Document("a", 1)));
		Instant issued = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		Invoice invoice = new Invoice("acme", 42, issued);
		StoredFile fromRecord = stored(this.gridFs.upload("record", new byte[1],
				UploadOptions.defaults().metadata(invoice).contentType("application/pdf")));
		assertThat(fromRecord.metadata().getString("customer")).isEqualTo("acme");
		assertThat(fromRecord.contentType()).isEqualTo("application/pdf");
		assertThat(this.gridFs.metadata(fromRecord, Invoice.class)).isEqualTo(invoice);
	}

	@Test
	void theGivenMetadataIsNotChanged() {
		Document metadata = new Document("customer", "acme");
		this.gridFs.upload("unchanged", new byte[10], UploadOptions.defaults().metadata(metadata).contentType("a/b"));
		assertThat(metadata).isEqualTo(new Document("customer", "acme"));
	}

	@Test
	void storesIdsOfEveryKind() {
		UUID uuid = UUID.randomUUID();
		ObjectId objectId = new ObjectId();
		Map<Object, BsonValue> ids = new LinkedHashMap<>();
		ids.put("invoice-42", new BsonString("invoice-42"));
		ids.put(42, new BsonInt32(42));
		ids.put(43L, new BsonInt64(43));
		ids.put(objectId, new BsonObjectId(objectId));
		ids.put(new BsonString("bson"), new BsonString("bson"));
		ids.put(uuid, new BsonBinary(uuid));
		ids.forEach((id, bson) -> {
			byte[] content = Content.random(10);
			UploadedFile uploaded = this.gridFs.upload("id", content, UploadOptions.defaults().id(id));
			assertThat(uploaded.id()).isEqualTo(bson);
			assertThat(this.gridFs.downloadBytes(id)).as("by %s", id).isEqualTo(content);
			assertThat(this.gridFs.downloadBytes(bson)).as("by %s", bson).isEqualTo(content);
		});
		Document stored = this.database.getCollection("fs.files").find(Filters.eq("_id", new BsonBinary(uuid))).first();
		assertThat(stored).as("a UUID is stored in the standard binary subtype").isNotNull();
		assertThat(new BsonBinary(uuid).getType()).isEqualTo(BsonBinarySubType.UUID_STANDARD.getValue());
		assertThat(this.gridFs.upload("generated", new byte[1]).objectId()).isNotNull();
	}

	@Test
	void anUploadCanHaveItsOwnChunkSize() {
		byte[] content = Content.random(2500);
		UploadedFile uploaded = this.gridFs.upload("small-chunks", content, UploadOptions.defaults().chunkSize(1000));
		assertThat(uploaded.chunkSize()).isEqualTo(1000);
		assertThat(chunks(uploaded.id())).isEqualTo(3);
		assertThat(stored(uploaded).chunkSize()).isEqualTo(1000);
		assertThat(this.gridFs.downloadBytes(uploaded.id())).isEqualTo(content);
		GridFsBucketTemplate templateChunks = GridFsBucketTemplate.builder(this.database).chunkSize(700).build();
		UploadedFile other = templateChunks.upload("template-chunks", content);
		assertThat(chunks(other.id())).isEqualTo(4);
	}

	@Test
	void revisionsCountFromTheOriginalAndFromTheLatest() throws InterruptedException {
		byte[][] revisions = { Content.random(11), Content.random(22), Content.random(33) };
		for (byte[] revision : revisions) {
			this.gridFs.upload("notes.txt", revision);
			// Revisions are ordered by upload date, which counts milliseconds.
			Thread.sleep(5);
		}
		assertThat(this.gridFs.downloadBytes("notes.txt", GridFsBucketOperations.ORIGINAL)).isEqualTo(revisions[0]);
		assertThat(this.gridFs.downloadBytes("notes.txt", 1)).isEqualTo(revisions[1]);
		assertThat(this.gridFs.downloadBytes("notes.txt", 2)).isEqualTo(revisions[2]);
		assertThat(this.gridFs.downloadBytes("notes.txt", GridFsBucketOperations.LATEST)).isEqualTo(revisions[2]);
		assertThat(this.gridFs.downloadBytes("notes.txt", -2)).isEqualTo(revisions[1]);
		assertThat(this.gridFs.downloadBytes("notes.txt", -3)).isEqualTo(revisions[0]);
		assertThat(this.gridFs.findOne("notes.txt", -2).orElseThrow().length()).isEqualTo(22);
		assertThat(this.gridFs.findOne("notes.txt", 0).orElseThrow().length()).isEqualTo(11);
		assertThat(this.gridFs.findOne("notes.txt", 3)).isEmpty();
		assertThat(this.gridFs.findOne("notes.txt", -4)).isEmpty();
	}

	@Test
	void theDriverReadsWhatTheTemplateWrote() throws IOException {
		byte[] content = Content.random(3 * CHUNK);
		UploadedFile uploaded = this.gridFs.upload("ours.bin", content, UploadOptions.defaults().contentType("a/b"));
		GridFSBucket driver = GridFSBuckets.create(this.database);
		try (InputStream stream = driver.openDownloadStream(uploaded.id())) {
			assertThat(stream.readAllBytes()).isEqualTo(content);
		}
		ByteArrayOutputStream byName = new ByteArrayOutputStream();
		driver.downloadToStream("ours.bin", byName, new GridFSDownloadOptions().revision(-1));
		assertThat(byName.toByteArray()).isEqualTo(content);
		assertThat(driver.find(Filters.eq("_id", uploaded.id())).first().getMetadata())
			.containsEntry(StoredFile.CONTENT_TYPE_KEY, "a/b");
	}

	@Test
	void theTemplateReadsWhatTheDriverWrote() {
		byte[] content = Content.random(2 * CHUNK + 1);
		GridFSBucket driver = GridFSBuckets.create(this.database);
		ObjectId id = driver.uploadFromStream("theirs.bin", new ByteArrayInputStream(content),
				new GridFSUploadOptions().metadata(new Document("origin", "driver")));
		assertThat(this.gridFs.downloadBytes(id)).isEqualTo(content);
		assertThat(this.gridFs.downloadBytes("theirs.bin", GridFsBucketOperations.LATEST)).isEqualTo(content);
		StoredFile file = this.gridFs.findById(id).orElseThrow();
		assertThat(file.checksum()).as("the driver stores no checksum").isNull();
		assertThat(file.metadata()).isEqualTo(new Document("origin", "driver"));
		assertThat(this.gridFs.verify(id)).as("nothing to verify").isFalse();
	}

	@Test
	void theFirstUploadCreatesTheIndexesOnce() {
		this.gridFs.upload("first", new byte[1]);
		this.gridFs.upload("second", new byte[1]);
		assertThat(this.commands.named("listIndexes", "fs.files")).hasSize(1);
		assertThat(this.commands.named("createIndexes", "fs.files")).hasSize(1);
		assertThat(this.commands.named("createIndexes", "fs.chunks")).hasSize(1);
		assertThat(indexKeys("fs.files")).contains(new Document("filename", 1).append("uploadDate", 1));
		Document chunksIndex = this.database.getCollection("fs.chunks")
			.listIndexes()
			.into(new ArrayList<>())
			.stream()
			.filter((index) -> index.get("key", Document.class).equals(new Document("files_id", 1).append("n", 1)))
			.findFirst()
			.orElseThrow();
		assertThat(chunksIndex.getBoolean("unique")).isTrue();
	}

	@Test
	void theIndexesCanBeCreatedBeforeTheFirstUpload() {
		this.gridFs.ensureIndexes();
		assertThat(indexKeys("fs.files")).contains(new Document("filename", 1).append("uploadDate", 1));
		assertThat(indexKeys("fs.chunks")).contains(new Document("files_id", 1).append("n", 1));
		this.commands.clear();
		this.gridFs.ensureIndexes();
		this.gridFs.upload("first", new byte[1]);
		assertThat(this.commands.named("listIndexes", "fs.files")).isEmpty();
		assertThat(this.commands.named("listIndexes", "fs.chunks")).isEmpty();
	}

	private List<Document> indexKeys(String collection) {
		return this.database.getCollection(collection)
			.listIndexes()
			.map((index) -> index.get("key", Document.class))
			.into(new ArrayList<>());
	}

	private StoredFile stored(UploadedFile uploaded) {
		return this.gridFs.findById(uploaded.id()).orElseThrow();
	}

	private long chunks(BsonValue id) {
		return this.database.getCollection("fs.chunks", BsonDocument.class).countDocuments(Filters.eq("files_id", id));
	}

	/**
	 * Metadata of an invoice.
	 *
	 * @param customer the customer
	 * @param number the invoice number
	 * @param issued when it was issued
	 */
	public record Invoice(String customer, int number, Instant issued) {
	}

}
