package io.connectplatform.mongodb.gridfs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for how {@link GridFsBucketTemplate} fails, over TCP against the embedded server: an upload
 * over the size limit, from a failing source, on an interrupted thread, aborted, or with an id
 * that is taken leaves no chunk of its own behind and never deletes another file's; a
 * corrupted chunk is caught by the checksum; and a missing file is named in the exception.
 *
 * @author Connect MongoDB team
 */
class GridFsTemplateFailureTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private static final int CHUNK = 1000;

	private static final long LIMIT = 2500;

	private final Commands commands = new Commands();

	private MongoClient client;

	private MongoDatabase database;

	private GridFsBucketTemplate gridFs;

	private GridFsBucketTemplate unlimited;

	@BeforeEach
	void createTemplate() {
		this.client = this.commands.createClient(mongo.getConnectionString());
		this.database = this.client.getDatabase(Content.databaseName());
		this.gridFs = GridFsBucketTemplate.builder(this.database).chunkSize(CHUNK).maxFileSize(LIMIT).build();
		this.unlimited = GridFsBucketTemplate.builder(this.database).chunkSize(CHUNK).build();
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void aStreamOverTheLimitStopsThereAndLeavesNoChunk() {
		AtomicLong consumed = new AtomicLong();
		InputStream source = new CountingInputStream(new ByteArrayInputStream(Content.random(100_000)), consumed);
		assertThatExceptionOfType(GridFsFileTooLargeException.class)
			.isThrownBy(() -> this.gridFs.upload("big.bin", source))
			.withMessage("Upload of 'big.bin' to bucket 'fs' exceeds the maximum file size of 2500 bytes; "
					+ "nothing of it was kept")
			.satisfies((ex) -> assertThat(ex.getMaxFileSize()).isEqualTo(LIMIT));
		assertThat(consumed.get()).as("bytes read from the source").isLessThanOrEqualTo(LIMIT + CHUNK);
		assertThat(this.commands.named("insert", "fs.chunks")).as("chunks written before the limit").hasSize(2);
		assertThat(chunks()).isZero();
		assertThat(files()).isZero();
	}

	@Test
	void anUploadStreamOverTheLimitIsAbortedAndClosed() {
		GridFsUploadStream upload = this.gridFs.openUploadStream("big.bin");
		upload.write(new byte[2000]);
		assertThatExceptionOfType(GridFsFileTooLargeException.class).isThrownBy(() -> upload.write(new byte[501]));
		assertThatIllegalStateException().isThrownBy(() -> upload.write(1)).withMessageContaining("aborted");
		upload.close();
		assertThatIllegalStateException().isThrownBy(upload::getUploadedFile);
		assertThat(chunks()).isZero();
		assertThat(files()).isZero();
	}

	@Test
	void contentOfAKnownSizeOverTheLimitIsRefusedBeforeAnythingIsSent(@TempDir Path directory) throws IOException {
		this.gridFs.upload("warm-up", new byte[1]);
		this.commands.clear();
		assertThatExceptionOfType(GridFsFileTooLargeException.class)
			.isThrownBy(() -> this.gridFs.upload("bytes.bin", new byte[(int) LIMIT + 1]));
		Path file = Files.write(directory.resolve("file.bin"), new byte[(int) LIMIT + 1]);
		assertThatExceptionOfType(GridFsFileTooLargeException.class)
			.isThrownBy(() -> this.gridFs.upload("file.bin", file));
		assertThat(this.commands.all()).isEmpty();
		assertThat(this.gridFs.upload("exactly.bin", new byte[(int) LIMIT]).length()).isEqualTo(LIMIT);
	}

	@Test
	void aSourceThatFailsLeavesNoChunk() {
		InputStream failing = new FailingInputStream(5 * CHUNK + 500, new IOException("disk gone"));
		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> this.unlimited.upload("broken.bin", failing))
			.withMessage("Could not read the content of 'broken.bin' to upload to bucket 'fs'")
			.havingCause()
			.withMessage("disk gone");
		assertThat(this.commands.named("insert", "fs.chunks")).as("chunks written before the failure").hasSize(5);
		assertThat(chunks()).isZero();
		assertThat(files()).isZero();
	}

	@Test
	void aSourceThatThrowsAnUncheckedExceptionLeavesNoChunk() {
		IllegalStateException failure = new IllegalStateException("boom");
		InputStream failing = new FailingInputStream(3 * CHUNK, failure);
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.unlimited.upload("broken.bin", failing))
			.isSameAs(failure);
		assertThat(chunks()).isZero();
		assertThat(files()).isZero();
	}

	@Test
	void aWriterThatThrowsLeavesNoChunk() {
		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> this.gridFs.upload("written.bin", UploadOptions.defaults(), (out) -> {
				out.write(new byte[CHUNK * 2]);
				throw new IOException("stop");
			}))
			.withMessage("The writer of 'written.bin' for bucket 'fs' failed");
		assertThat(this.commands.named("insert", "fs.chunks")).hasSize(2);
		assertThat(chunks()).isZero();
		assertThat(files()).isZero();
	}

	@Test
	void anUploadOnAnInterruptedThreadFailsAndLeavesNoChunk() {
		GridFsUploadStream upload = this.unlimited.openUploadStream("interrupted.bin");
		upload.write(new byte[3 * CHUNK]);
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> upload.write(new byte[CHUNK]));
			assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(chunks()).isZero();
		assertThat(files()).isZero();
	}

	@Test
	void anAbortedUploadLeavesNoChunk() {
		GridFsUploadStream upload = this.gridFs.openUploadStream("aborted.bin");
		upload.write(new byte[2 * CHUNK + 10]);
		assertThat(chunks()).isEqualTo(2);
		upload.abort();
		upload.abort();
		upload.close();
		assertThat(chunks()).isZero();
		assertThat(files()).isZero();
		assertThatIllegalStateException().isThrownBy(upload::getUploadedFile).withMessageContaining("aborted");
	}

	@Test
	void aStoredUploadCannotBeAborted() {
		GridFsUploadStream upload = this.gridFs.openUploadStream("stored.bin");
		upload.write(new byte[10]);
		upload.close();
		assertThatIllegalStateException().isThrownBy(upload::abort).withMessageContaining("already stored");
		assertThat(files()).isOne();
	}

	@Test
	void anIdThatIsTakenFailsWithoutTouchingTheOtherFile() {
		byte[] original = Content.random(3 * CHUNK);
		this.unlimited.upload("original.bin", original, UploadOptions.defaults().id("taken"));
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.unlimited.upload("other.bin", Content.random(2000),
					UploadOptions.defaults().id("taken")));
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.unlimited.upload("small.bin", new byte[10], UploadOptions.defaults().id("taken")));
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.unlimited.upload("empty.bin", new byte[0], UploadOptions.defaults().id("taken")));
		assertThat(this.unlimited.downloadBytes("taken")).isEqualTo(original);
		assertThat(chunks(new BsonString("taken"))).isEqualTo(3);
	}

	@Test
	void anIdTakenByAnEmptyFileFailsAndLeavesNoChunk() {
		this.unlimited.upload("empty.bin", new byte[0], UploadOptions.defaults().id("empty"));
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.unlimited.upload("other.bin", Content.random(2500),
					UploadOptions.defaults().id("empty")));
		assertThat(chunks(new BsonString("empty"))).isZero();
		assertThat(this.unlimited.downloadBytes("empty")).isEmpty();
	}

	@Test
	void aCorruptedChunkFailsTheChecksum(@TempDir Path directory) throws IOException {
		byte[] content = Content.random(3 * CHUNK);
		UploadedFile uploaded = this.unlimited.upload("report.pdf", content);
		byte[] corrupted = content.clone();
		corrupted[CHUNK + 7] ^= 1;
		this.database.getCollection("fs.chunks", BsonDocument.class)
			.updateOne(Filters.and(Filters.eq("files_id", uploaded.id()), Filters.eq("n", 1)),
					Updates.set("data", new BsonBinary(Arrays.copyOfRange(corrupted, CHUNK, 2 * CHUNK))));
		assertThatExceptionOfType(GridFsChecksumMismatchException.class)
			.isThrownBy(() -> this.unlimited.downloadBytes(uploaded.id()))
			.withMessage("File 'report.pdf' (id " + uploaded.objectId().toHexString()
					+ ") in bucket 'fs' is corrupt: its content has SHA-256 " + Content.sha256(corrupted) + ", but "
					+ Content.sha256(content) + " was stored at upload")
			.satisfies((ex) -> {
				assertThat(ex.getExpected()).isEqualTo(uploaded.checksum());
				assertThat(ex.getActual()).isEqualTo(Content.sha256(corrupted));
				assertThat(ex.getFileId()).isEqualTo(uploaded.id());
			});
		assertThatExceptionOfType(GridFsChecksumMismatchException.class)
			.isThrownBy(() -> this.unlimited.verify(uploaded.id()));
		try (GridFsDownloadStream stream = this.unlimited.openDownloadStream(uploaded.id())) {
			assertThatExceptionOfType(GridFsChecksumMismatchException.class).isThrownBy(() -> Content.sha256(stream));
		}
		Path target = directory.resolve("report.pdf");
		assertThatExceptionOfType(GridFsChecksumMismatchException.class)
			.isThrownBy(() -> this.unlimited.download(uploaded.id(), target));
		assertThat(target).as("a corrupt download is deleted").doesNotExist();
		assertThat(this.unlimited.downloadBytes(uploaded.id(), 0, CHUNK)).as("a range is not checked")
			.isEqualTo(Arrays.copyOfRange(content, 0, CHUNK));
		GridFsBucketTemplate unchecked = GridFsBucketTemplate.builder(this.database).checksum(GridFsChecksum.NONE).build();
		assertThat(unchecked.downloadBytes(uploaded.id())).as("without checksums").isEqualTo(corrupted);
		assertThatExceptionOfType(GridFsChecksumMismatchException.class)
			.isThrownBy(() -> unchecked.verify(uploaded.id()));
	}

	@Test
	void anIntactFileIsVerified() {
		UploadedFile uploaded = this.unlimited.upload("intact.bin", Content.random(2000));
		assertThat(this.unlimited.verify(uploaded.id())).isTrue();
	}

	@Test
	void aMissingFileIsNamed(@TempDir Path directory) throws IOException {
		ObjectId id = new ObjectId();
		assertThatExceptionOfType(GridFsFileNotFoundException.class).isThrownBy(() -> this.unlimited.downloadBytes(id))
			.withMessage("No file with id " + id.toHexString() + " in bucket 'fs'")
			.satisfies((ex) -> assertThat(ex.getBucketName()).isEqualTo("fs"));
		assertThatExceptionOfType(GridFsFileNotFoundException.class)
			.isThrownBy(() -> this.unlimited.openDownloadStream("report.pdf", GridFsBucketOperations.LATEST))
			.withMessage("No revision -1 of file 'report.pdf' in bucket 'fs'");
		assertThatExceptionOfType(GridFsFileNotFoundException.class)
			.isThrownBy(() -> this.unlimited.openDownloadStream("report.pdf"))
			.withMessage("No file with id 'report.pdf' in bucket 'fs' "
					+ "(to find a file by its filename, give a revision too)");
		assertThatExceptionOfType(GridFsFileNotFoundException.class)
			.isThrownBy(() -> this.unlimited.bucket("invoices").downloadBytes(42))
			.withMessage("No file with id 42 in bucket 'invoices'");
		assertThatExceptionOfType(GridFsFileNotFoundException.class).isThrownBy(() -> this.unlimited.rename(id, "x"));
		assertThatExceptionOfType(GridFsFileNotFoundException.class)
			.isThrownBy(() -> this.unlimited.replaceMetadata(id, null));
		assertThatExceptionOfType(GridFsFileNotFoundException.class).isThrownBy(() -> this.unlimited.verify(id));
		Path target = Files.write(directory.resolve("kept.txt"), new byte[] { 1, 2 });
		assertThatExceptionOfType(GridFsFileNotFoundException.class)
			.isThrownBy(() -> this.unlimited.download(id, target));
		assertThat(target).as("left alone").hasBinaryContent(new byte[] { 1, 2 });
		assertThat(this.unlimited.delete(id)).isFalse();
		assertThat(this.unlimited.findById(id)).isEmpty();
		assertThat(this.unlimited.existsById(id)).isFalse();
	}

	private long chunks() {
		return this.database.getCollection("fs.chunks").countDocuments();
	}

	private long chunks(BsonValue id) {
		return this.database.getCollection("fs.chunks").countDocuments(Filters.eq("files_id", id));
	}

	private long files() {
		return this.database.getCollection("fs.files").countDocuments();
	}

	/**
	 * Counts the bytes read from a stream.
	 */
	private static final class CountingInputStream extends InputStream {

		private final InputStream delegate;

		private final AtomicLong count;

		CountingInputStream(InputStream delegate, AtomicLong count) {
			this.delegate = delegate;
			this.count = count;
		}

		@Override
		public int read() throws IOException {
			int read = this.delegate.read();
			if (read != -1) {
				this.count.incrementAndGet();
			}
			return read;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int read = this.delegate.read(b, off, len);
			if (read > 0) {
				this.count.addAndGet(read);
			}
			return read;
		}

	}

	/**
	 * Gives some bytes, then fails.
	 */
	private static final class FailingInputStream extends InputStream {

		private final Exception failure;

		private long remaining;

		FailingInputStream(long bytes, Exception failure) {
			this.remaining = bytes;
			this.failure = failure;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == -1) ? -1 : one[0];
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (this.remaining == 0) {
				if (this.failure instanceof IOException ioException) {
					throw ioException;
				}
				throw (RuntimeException) this.failure;
			}
			int read = (int) Math.min(len, this.remaining);
			this.remaining -= read;
			return read;
		}

	}

}
