package io.connectplatform.mongodb.gridfs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.dao.InvalidDataAccessApiUsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the checks of {@link GridFsBucketTemplate}, {@link UploadOptions} and
 * {@link FileQuery}: a bad argument throws an exception that names it, and nothing is sent
 * to the server.
 *
 * @author Connect MongoDB team
 */
class GridFsTemplateArgumentTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private final Commands commands = new Commands();

	private MongoClient client;

	private GridFsBucketTemplate gridFs;

	@BeforeEach
	void createTemplate() {
		this.client = this.commands.createClient(mongo.getConnectionString());
		this.gridFs = GridFsBucketTemplate.builder(this.client.getDatabase("arguments")).build();
	}

	@AfterEach
	void nothingWasSent() {
		assertThat(this.commands.all()).isEmpty();
		this.client.close();
	}

	@Test
	void filenamesMustNotBeEmpty() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.upload(null, new byte[1]))
			.withMessage("'filename' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.upload(" ", new byte[1]))
			.withMessage("'filename' must not be empty");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.gridFs.upload("", new ByteArrayInputStream(new byte[1])))
			.withMessage("'filename' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.openUploadStream(""))
			.withMessage("'filename' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.downloadBytes("", GridFsBucketOperations.LATEST))
			.withMessage("'filename' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.rename(new ObjectId(), " "))
			.withMessage("'newFilename' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.renameAll("a", ""))
			.withMessage("'newFilename' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.deleteAll(""))
			.withMessage("'filename' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> FileQuery.byFilename(""))
			.withMessage("'filename' must not be empty");
	}

	@Test
	void rangesMustNotBeNegative() {
		ObjectId id = new ObjectId();
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.openDownloadStream(id, -1, 10))
			.withMessage("'offset' must be zero or more, but was -1");
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.downloadBytes(id, 0, -5))
			.withMessage("'length' must be zero or more, but was -5");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.gridFs.openDownloadStream("a", GridFsBucketOperations.LATEST, -1, 1))
			.withMessage("'offset' must be zero or more, but was -1");
	}

	@Test
	void chunkSizesMustFitADocument() {
		assertThatIllegalArgumentException().isThrownBy(() -> UploadOptions.defaults().chunkSize(0))
			.withMessage("'chunkSize' must be between 1 and 16776192 bytes, but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> UploadOptions.defaults().chunkSize(-1))
			.withMessage("'chunkSize' must be between 1 and 16776192 bytes, but was -1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> GridFsBucketTemplate.builder(this.client.getDatabase("x")).chunkSize(16 * 1024 * 1024))
			.withMessage("'chunkSize' must be between 1 and 16776192 bytes, but was 16777216");
		assertThat(UploadOptions.defaults().chunkSize(GridFsBucketTemplate.MAX_CHUNK_SIZE).getChunkSize())
			.isEqualTo(GridFsBucketTemplate.MAX_CHUNK_SIZE);
	}

	@Test
	void bucketNamesMustMakeValidCollectionNames() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.bucket(""))
			.withMessageStartingWith("Invalid 'bucketName' '': it is empty");
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.bucket("a$b"))
			.withMessageStartingWith("Invalid 'bucketName' 'a$b': it contains '$'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.bucket("a\0b"))
			.withMessageContaining("it contains a NUL character");
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.bucket("files."))
			.withMessageContaining("it starts or ends with a dot");
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.bucket("system.files"))
			.withMessageContaining("names starting with 'system.' are reserved");
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.bucket(null))
			.withMessage("'bucketName' must not be null");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> GridFsBucketTemplate.builder(this.client.getDatabase("x")).bucketName("$"))
			.withMessageStartingWith("Invalid 'bucketName' '$'");
	}

	@Test
	void metadataMustBeADocumentWithoutTheTemplatesFields() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.gridFs.upload("a", new byte[1],
					UploadOptions.defaults().metadata(new Document(StoredFile.CHECKSUM_KEY, "forged"))))
			.withMessageStartingWith("'metadata' must not have a field '_sha256'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.gridFs.openUploadStream("a",
					UploadOptions.defaults().metadata(Map.of(StoredFile.CONTENT_TYPE_KEY, "text/plain"))))
			.withMessageStartingWith("'metadata' must not have a field '_contentType'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.gridFs.upload("a", new byte[1], UploadOptions.defaults().metadata(Map.of(1, "one"))))
			.withMessage("'metadata' keys must be strings, but found 1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.gridFs.upload("a", new byte[1], UploadOptions.defaults().metadata("text")))
			.withMessage("'metadata' must encode as a document, but a java.lang.String does not");
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.replaceMetadata(new ObjectId(), 42))
			.withMessage("'metadata' must encode as a document, but a java.lang.Integer does not");
	}

	@Test
	void nullsAreNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.upload("a", (byte[]) null))
			.withMessage("'content' must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.downloadBytes((Object) null))
			.withMessage("'id' must not be null");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.gridFs.download(new ObjectId(), (ByteArrayOutputStream) null))
			.withMessage("'target' must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.upload("a", new byte[1], null))
			.withMessage("'options' must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.gridFs.find(null))
			.withMessage("'query' must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> UploadOptions.defaults().id(null))
			.withMessage("'id' must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> UploadOptions.defaults().contentType(" "))
			.withMessage("'contentType' must not be empty");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> GridFsBucketTemplate.builder(this.client.getDatabase("x")).maxFileSize(0))
			.withMessage("'maxFileSize' must be 1 or more, but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> FileQuery.all().skip(-1))
			.withMessage("'skip' must be zero or more, but was -1");
	}

	@Test
	void anIdTheCodecsCannotEncodeIsAnApiMisuse() {
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.gridFs.downloadBytes(new Object()))
			.withMessageContaining("java.lang.Object");
	}

	/**
	 * A read-only transaction refuses every GridFS write before anything is sent. The session
	 * is a stand-in that fails if used: a refused write must not touch it.
	 */
	@Test
	void aReadOnlyTransactionRefusesWritesBeforeSendingThem() {
		ClientSession unusable = (ClientSession) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { ClientSession.class }, (proxy, method, args) -> {
					throw new AssertionError("the session was used: " + method.getName());
				});
		GridFsBucketTemplate readOnly = GridFsBucketTemplate.builder(this.client.getDatabase("arguments"))
			.sessionLookup(new MongoSessionLookup() {

				@Override
				public ClientSession currentSession() {
					return unusable;
				}

				@Override
				public boolean isReadOnly() {
					return true;
				}

			})
			.build();
		ObjectId id = new ObjectId();
		List<ThrowingCallable> writes = List.of(() -> readOnly.upload("a.txt", new byte[1]),
				() -> readOnly.openUploadStream("a.txt"), () -> readOnly.rename(id, "b.txt"),
				() -> readOnly.renameAll("a.txt", "b.txt"), () -> readOnly.replaceMetadata(id, Map.of("a", 1)),
				() -> readOnly.delete(id), () -> readOnly.deleteAll("a.txt"), readOnly::drop);
		for (ThrowingCallable write : writes) {
			assertThatExceptionOfType(InvalidDataAccessApiUsageException.class).isThrownBy(write)
				.withMessageStartingWith("Cannot ")
				.withMessageContaining("in GridFS bucket 'fs': the current transaction is read-only");
		}
	}

}
