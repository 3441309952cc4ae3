package io.connectplatform.mongodb.gridfs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for finding and managing files with {@link GridFsBucketTemplate}, over TCP against the
 * embedded server: queries by filename, metadata and upload date with sort and paging;
 * renames; metadata replacement; deletes that take the chunks with the files; dropping a
 * bucket; and the cache of buckets.
 *
 * @author Connect MongoDB team
 */
class GridFsTemplateManagementTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private static final int CHUNK = 100;

	private final Commands commands = new Commands();

	private MongoClient client;

	private MongoDatabase database;

	private GridFsBucketTemplate gridFs;

	@BeforeEach
	void createTemplate() {
		this.client = this.commands.createClient(mongo.getConnectionString());
		this.database = this.client.getDatabase(Content.databaseName());
		this.gridFs = GridFsBucketTemplate.builder(this.database).chunkSize(CHUNK).build();
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void findsByFilenameMetadataContentTypeAndUploadDate() throws InterruptedException {
		UploadedFile a = upload("a.pdf", 10, "application/pdf", Map.of("customer", "acme", "year", 2024));
		UploadedFile b = upload("b.pdf", 20, "application/pdf", Map.of("customer", "globex", "year", 2024));
		Thread.sleep(5);
		Instant between = Instant.now();
		Thread.sleep(5);
		UploadedFile c = upload("c.png", 30, "image/png", Map.of("customer", "acme", "year", 2025));
		assertThat(ids(this.gridFs.find(FileQuery.byFilename("b.pdf")))).containsExactly(b.id());
		assertThat(ids(this.gridFs.find(FileQuery.all().metadata("customer", "acme").sort(Sorts.ascending("length")))))
			.containsExactly(a.id(), c.id());
		assertThat(ids(this.gridFs.find(FileQuery.all().contentType("application/pdf").sort(Sorts.descending("length")))))
			.containsExactly(b.id(), a.id());
		assertThat(ids(this.gridFs.find(FileQuery.all().uploadedAfter(between)))).containsExactly(c.id());
		assertThat(ids(this.gridFs.find(FileQuery.all().uploadedBefore(between).sort(Sorts.ascending("filename")))))
			.containsExactly(a.id(), b.id());
		assertThat(ids(this.gridFs.find(FileQuery.all().metadata("year", 2024).metadata("customer", "acme"))))
			.containsExactly(a.id());
		assertThat(ids(this.gridFs.find(FileQuery.all()
			.where(Filters.gte("length", 20))
			.sort(Sorts.ascending("length")))))
			.containsExactly(b.id(), c.id());
		assertThat(ids(this.gridFs.find(FileQuery.all().sort(Sorts.ascending("length")).skip(1).limit(1))))
			.containsExactly(b.id());
		assertThat(this.gridFs.find(FileQuery.all().metadata("customer", new Document("$ne", null))))
			.as("an operator-shaped value is compared literally")
			.isEmpty();
	}

	@Test
	void returnsTheStoredFileView() {
		UploadedFile uploaded = upload("view.txt", 250, "text/plain", Map.of("k", "v"));
		StoredFile file = this.gridFs.find(FileQuery.byFilename("view.txt")).get(0);
		assertThat(file.id()).isEqualTo(uploaded.id());
		assertThat(file.objectId()).isEqualTo(uploaded.objectId());
		assertThat(file.filename()).isEqualTo("view.txt");
		assertThat(file.length()).isEqualTo(250);
		assertThat(file.chunkSize()).isEqualTo(CHUNK);
		assertThat(file.uploadDate()).isBetween(Instant.now().minusSeconds(60), Instant.now());
		assertThat(file.contentType()).isEqualTo("text/plain");
		assertThat(file.metadata()).isEqualTo(new Document("k", "v"));
		assertThat(file.checksum()).isEqualTo(uploaded.checksum()).hasSize(64);
		file.metadata().put("changed", true);
		assertThat(file.metadata()).as("the view is immutable").doesNotContainKey("changed");
	}

	@Test
	void pagesCountTheTotal() {
		for (int i = 0; i < 5; i++) {
			upload("page-" + i, i + 1, null, Map.of("group", "paged"));
		}
		upload("other", 1, null, Map.of("group", "other"));
		FileQuery paged = FileQuery.all().metadata("group", "paged");
		Page<StoredFile> first = this.gridFs.page(paged, PageRequest.of(0, 2, Sort.by("length")));
		assertThat(first.getContent()).extracting(StoredFile::filename).containsExactly("page-0", "page-1");
		assertThat(first.getTotalElements()).isEqualTo(5);
		assertThat(first.hasNext()).isTrue();
		Page<StoredFile> last = this.gridFs.page(paged.sort(Sorts.ascending("length")), PageRequest.of(2, 2));
		assertThat(last.getContent()).extracting(StoredFile::filename).containsExactly("page-4");
		assertThat(last.getTotalElements()).isEqualTo(5);
		assertThat(this.gridFs.count(paged)).isEqualTo(5);
		assertThat(this.gridFs.count(FileQuery.all())).isEqualTo(6);
		assertThat(this.gridFs.exists(paged)).isTrue();
		assertThat(this.gridFs.exists(FileQuery.byFilename("nothing"))).isFalse();
	}

	@Test
	void renamesOneFileOrEveryRevision() throws InterruptedException {
		UploadedFile first = upload("draft.txt", 10, null, Map.of());
		Thread.sleep(5);
		UploadedFile second = upload("draft.txt", 20, null, Map.of());
		Thread.sleep(5);
		UploadedFile third = upload("draft.txt", 30, null, Map.of());
		this.gridFs.rename(third.id(), "final.txt");
		assertThat(this.gridFs.findById(third.id()).orElseThrow().filename()).isEqualTo("final.txt");
		assertThat(this.gridFs.downloadBytes("final.txt", GridFsBucketOperations.LATEST)).hasSize(30);
		assertThat(this.gridFs.downloadBytes("draft.txt", GridFsBucketOperations.LATEST)).hasSize(20);
		assertThat(this.gridFs.renameAll("draft.txt", "old.txt")).isEqualTo(2);
		assertThat(this.gridFs.exists(FileQuery.byFilename("draft.txt"))).isFalse();
		assertThat(this.gridFs.findOne("old.txt", GridFsBucketOperations.ORIGINAL).orElseThrow().id()).isEqualTo(first.id());
		assertThat(this.gridFs.findOne("old.txt", GridFsBucketOperations.LATEST).orElseThrow().id()).isEqualTo(second.id());
		assertThat(this.gridFs.renameAll("nothing", "x")).isZero();
	}

	@Test
	void replacingMetadataKeepsTheContentTypeAndTheChecksum() {
		UploadedFile uploaded = upload("meta.txt", 10, "text/plain", Map.of("old", 1, "kept", "no"));
		this.gridFs.replaceMetadata(uploaded.id(), Map.of("new", 2));
		StoredFile replaced = this.gridFs.findById(uploaded.id()).orElseThrow();
		assertThat(replaced.metadata()).isEqualTo(new Document("new", 2));
		assertThat(replaced.contentType()).isEqualTo("text/plain");
		assertThat(replaced.checksum()).isEqualTo(uploaded.checksum());
		this.gridFs.replaceMetadata(uploaded.id(), null);
		StoredFile cleared = this.gridFs.findById(uploaded.id()).orElseThrow();
		assertThat(cleared.metadata()).isEmpty();
		assertThat(cleared.checksum()).isEqualTo(uploaded.checksum());
		assertThat(this.gridFs.verify(uploaded.id())).isTrue();
	}

	@Test
	void replacingTheMetadataOfAFileWithoutChecksumOrContentTypeRemovesIt() {
		GridFsBucketTemplate unchecked = GridFsBucketTemplate.builder(this.database).checksum(GridFsChecksum.NONE).build();
		UploadedFile uploaded = unchecked.upload("plain", new byte[1], UploadOptions.defaults().metadata(Map.of("a", 1)));
		unchecked.replaceMetadata(uploaded.id(), Map.of());
		Document files = this.database.getCollection("fs.files").find(Filters.eq("_id", uploaded.id())).first();
		assertThat(files).isNotNull().doesNotContainKey("metadata");
	}

	@Test
	void deletingAFileDeletesItsChunks() {
		UploadedFile deleted = upload("deleted.bin", 3 * CHUNK + 1, null, Map.of());
		UploadedFile kept = upload("kept.bin", 2 * CHUNK, null, Map.of());
		assertThat(chunks(deleted.id())).isEqualTo(4);
		assertThat(this.gridFs.delete(deleted.id())).isTrue();
		assertThat(this.gridFs.existsById(deleted.id())).isFalse();
		assertThat(chunks(deleted.id())).isZero();
		assertThat(chunks(kept.id())).isEqualTo(2);
		assertThat(this.gridFs.delete(deleted.id())).isFalse();
	}

	@Test
	void deletingEveryRevisionOfAFilenameDeletesTheirChunks() {
		UploadedFile first = upload("log.txt", 250, null, Map.of());
		UploadedFile second = upload("log.txt", 150, null, Map.of());
		UploadedFile other = upload("other.txt", 150, null, Map.of());
		assertThat(this.gridFs.deleteAll("log.txt")).isEqualTo(2);
		assertThat(this.gridFs.exists(FileQuery.byFilename("log.txt"))).isFalse();
		assertThat(chunks(first.id()) + chunks(second.id())).isZero();
		assertThat(chunks(other.id())).isEqualTo(2);
		assertThat(this.gridFs.deleteAll("log.txt")).isZero();
	}

	@Test
	void droppingABucketDropsItsCollectionsAndItsIndexesComeBack() {
		upload("x", 10, null, Map.of());
		this.gridFs.bucket("other").upload("y", new byte[1]);
		this.gridFs.drop();
		List<String> collections = this.database.listCollectionNames().into(new ArrayList<>());
		assertThat(collections).doesNotContain("fs.files", "fs.chunks").contains("other.files", "other.chunks");
		this.commands.clear();
		upload("z", 10, null, Map.of());
		assertThat(this.commands.named("createIndexes", "fs.chunks")).hasSize(1);
		assertThat(this.gridFs.count(FileQuery.all())).isOne();
	}

	@Test
	void otherBucketsAreCachedAndSeparate() throws Exception {
		GridFsBucketTemplate invoices = this.gridFs.bucket("invoices");
		assertThat(invoices.getBucketName()).isEqualTo("invoices");
		assertThat(this.gridFs.bucket("invoices")).isSameAs(invoices);
		assertThat(invoices.bucket("fs")).isSameAs(this.gridFs);
		assertThat(this.gridFs.bucket("fs")).isSameAs(this.gridFs);
		UploadedFile invoice = invoices.upload("invoice.pdf", new byte[] { 1, 2, 3 });
		assertThat(this.gridFs.existsById(invoice.id())).isFalse();
		assertThat(this.database.getCollection("invoices.files").countDocuments()).isOne();
		assertThat(this.database.getCollection("invoices.chunks").countDocuments()).isOne();
		assertThat(invoices.downloadBytes(invoice.id())).containsExactly(1, 2, 3);
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<GridFsBucketTemplate>> futures = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				futures.add(executor.submit(() -> {
					start.await();
					return this.gridFs.bucket("concurrent");
				}));
			}
			start.countDown();
			Set<GridFsBucketTemplate> templates = ConcurrentHashMap.newKeySet();
			for (Future<GridFsBucketTemplate> future : futures) {
				templates.add(future.get());
			}
			assertThat(templates).hasSize(1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private UploadedFile upload(String filename, int size, String contentType, Map<String, ?> metadata) {
		UploadOptions options = UploadOptions.defaults().metadata(metadata);
		if (contentType != null) {
			options = options.contentType(contentType);
		}
		return this.gridFs.upload(filename, Content.random(size), options);
	}

	private static List<BsonValue> ids(List<StoredFile> files) {
		return files.stream().map(StoredFile::id).toList();
	}

	private long chunks(BsonValue id) {
		return this.database.getCollection("fs.chunks").countDocuments(Filters.eq("files_id", id));
	}

}
