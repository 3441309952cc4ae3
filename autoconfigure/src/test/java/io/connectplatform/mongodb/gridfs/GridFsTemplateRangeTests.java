package io.connectplatform.mongodb.gridfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.connectplatform.mongodb.gridfs.Commands.Command;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the ranged reads of {@link GridFsBucketTemplate}, over TCP against the embedded server:
 * ranges that start and end on, before and after chunk boundaries return exactly their
 * bytes, and the chunks before a range are neither asked for nor needed.
 *
 * @author Connect MongoDB team
 */
class GridFsTemplateRangeTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private static final int CHUNK = 1000;

	private static final int SIZE = 3500;

	private final Commands commands = new Commands();

	private MongoClient client;

	private MongoDatabase database;

	private GridFsBucketTemplate gridFs;

	private final byte[] content = Content.random(SIZE);

	private UploadedFile file;

	@BeforeEach
	void uploadAFile() {
		this.client = this.commands.createClient(mongo.getConnectionString());
		this.database = this.client.getDatabase(Content.databaseName());
		this.gridFs = GridFsBucketTemplate.builder(this.database).chunkSize(CHUNK).build();
		this.file = this.gridFs.upload("ranges.bin", this.content);
		this.commands.clear();
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@ParameterizedTest(name = "offset {0}, length {1}")
	@CsvSource({ "0, 1000", "0, 1", "999, 1", "999, 2", "1000, 1000", "1000, 1", "1001, 998", "1999, 2", "2999, 501",
			"3499, 1", "0, 3500", "3000, 10000", "0, 0", "1500, 0" })
	void aRangeHasExactlyItsBytes(long offset, long length) {
		byte[] expected = Arrays.copyOfRange(this.content, (int) offset, (int) Math.min(SIZE, offset + length));
		assertThat(this.gridFs.downloadBytes(this.file.id(), offset, length)).isEqualTo(expected);
		try (GridFsDownloadStream stream = this.gridFs.openDownloadStream(this.file.id(), offset, length)) {
			assertThat(stream.getRemaining()).isEqualTo(expected.length);
			assertThat(stream.readAllBytes()).isEqualTo(expected);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try (GridFsDownloadStream stream = this.gridFs.openDownloadStream("ranges.bin", GridFsBucketOperations.LATEST, offset,
				length)) {
			assertThat(stream.readAllBytes()).isEqualTo(expected);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@ParameterizedTest(name = "offset {0}")
	@CsvSource({ "3500", "3501", "100000" })
	void aRangeThatStartsAtOrPastTheEndIsEmpty(long offset) {
		assertThat(this.gridFs.downloadBytes(this.file.id(), offset, 10)).isEmpty();
	}

	@Test
	void theChunksBeforeARangeAreNotAskedFor() {
		this.gridFs.downloadBytes(this.file.id(), 2 * CHUNK + 10, 20);
		List<Command> finds = this.commands.named("find", "fs.chunks");
		assertThat(finds).singleElement()
			.satisfies((find) -> assertThat(find.filter().getDocument("n")).isEqualTo(
					new BsonDocument("$gte", new BsonInt32(2))));
	}

	@ParameterizedTest(name = "offset {0}, length {1}: {2} chunks")
	@CsvSource({ "0, 3500, 4", "999, 2, 2", "1000, 1000, 1", "10, 20, 1", "1500, 1000, 2", "2999, 100000, 2" })
	void aReadFetchesTheChunksItNeedsInOneBatch(long offset, long length, int chunks) {
		this.gridFs.downloadBytes(this.file.id(), offset, length);
		assertThat(this.commands.named("find", "fs.chunks")).singleElement()
			.satisfies((find) -> assertThat(find.batchSize()).isEqualTo(chunks));
		assertThat(this.commands.named("getMore", "fs.chunks")).isEmpty();
	}

	@Test
	void aBatchHoldsAtMostFourMebibytesOfChunks() {
		assertThat(GridFsDownloadStream.batchSize(GridFsBucketTemplate.DEFAULT_CHUNK_SIZE, 0, 1L << 30)).isEqualTo(16);
		assertThat(GridFsDownloadStream.batchSize(GridFsBucketTemplate.MAX_CHUNK_SIZE, 0, 1L << 30)).isEqualTo(2);
		assertThat(GridFsDownloadStream.batchSize(1000, 0, 0)).isEqualTo(1);
	}

	@Test
	void aLargeReadFetchesItsChunksInBatches() {
		GridFsBucketTemplate small = GridFsBucketTemplate.builder(this.database).chunkSize(64 * 1024).build();
		UploadedFile large = small.upload("large.bin", Content.random(5 * 1024 * 1024));
		this.commands.clear();
		assertThat(Content.sha256(small.downloadBytes(large.id()))).isEqualTo(large.checksum());
		assertThat(this.commands.named("find", "fs.chunks")).singleElement()
			.satisfies((find) -> assertThat(find.batchSize()).isEqualTo(64));
		assertThat(this.commands.named("getMore", "fs.chunks")).hasSize(1);
	}

	@Test
	void theChunksBeforeARangeAreNotNeeded() {
		this.database.getCollection("fs.chunks")
			.deleteMany(Filters.and(Filters.eq("files_id", this.file.id()), Filters.lt("n", 2)));
		assertThat(this.gridFs.downloadBytes(this.file.id(), 2 * CHUNK, 1500))
			.isEqualTo(Arrays.copyOfRange(this.content, 2 * CHUNK, SIZE));
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.gridFs.downloadBytes(this.file.id(), CHUNK, 10))
			.withMessageStartingWith("File 'ranges.bin' (id " + this.file.objectId().toHexString()
					+ ") in bucket 'fs' is corrupt: Could not find file chunk");
	}

	@Test
	void skippingMovesOverChunksWithoutReadingThem() throws IOException {
		try (GridFsDownloadStream stream = this.gridFs.openDownloadStream(this.file.id())) {
			assertThat(stream.read()).isEqualTo(this.content[0] & 0xFF);
			assertThat(stream.skip(2 * CHUNK)).isEqualTo(2 * CHUNK);
			assertThat(stream.readAllBytes()).isEqualTo(Arrays.copyOfRange(this.content, 2 * CHUNK + 1, SIZE));
			assertThat(stream.skip(10)).isZero();
		}
		assertThat(this.commands.named("find", "fs.chunks")).extracting((find) -> find.filter().get("n"))
			.containsExactly(new BsonDocument("$gte", new BsonInt32(0)), new BsonDocument("$gte", new BsonInt32(2)));
	}

}
