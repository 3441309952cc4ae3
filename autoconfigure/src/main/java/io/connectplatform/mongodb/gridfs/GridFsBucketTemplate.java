package io.connectplatform.mongodb.gridfs;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.util.Assert;
import org.springframework.util.function.ThrowingConsumer;

/**
 * The {@link GridFsBucketOperations} of one bucket, on the driver's {@link GridFSBucket}. Build
 * one with {@link #builder(MongoDatabase)}, or inject the auto-configured bean; ask it for
 * the template of another bucket with {@link #bucket(String)}. Thread-safe; the streams it
 * opens are not.
 * <p>
 * The content type and the SHA-256 of the content are kept in the file's metadata, as
 * {@value StoredFile#CONTENT_TYPE_KEY} (the field Spring Data MongoDB uses) and
 * {@value StoredFile#CHECKSUM_KEY}. The bucket's indexes ({@code filename, uploadDate} on
 * the files, a unique {@code files_id, n} on the chunks) are checked before its first upload,
 * outside any transaction, and created if the bucket is empty, as the driver does.
 * <p>
 * Each operation is done by one package-private part ({@code GridFsUploads},
 * {@code GridFsDownloads}, {@code GridFsFinder}, {@code GridFsFileManager}), and the parts
 * share the bucket through one {@code BucketHandle}.
 *
 * @author Connect MongoDB team
 */
public final class GridFsBucketTemplate implements GridFsBucketOperations {

	/**
	 * The name of the default bucket.
	 */
	public static final String DEFAULT_BUCKET = "fs";

	/**
	 * The default chunk size: 255 KiB, the driver's.
	 */
	public static final int DEFAULT_CHUNK_SIZE = 255 * 1024;

	/**
	 * The largest chunk size: 16 MiB less 1 KiB, so that a chunk document fits in the
	 * server's 16 MiB document limit.
	 */
	public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024 - 1024;

	private final BucketHandle handle;

	private final GridFsUploads uploads;

	private final GridFsDownloads downloads;

	private final GridFsFinder finder;

	private final GridFsFileManager manager;

	GridFsBucketTemplate(GridFsContext context, String bucketName) {
		this.handle = new BucketHandle(context, bucketName);
		this.uploads = new GridFsUploads(this.handle);
		this.downloads = new GridFsDownloads(this.handle);
		this.finder = new GridFsFinder(this.handle);
		this.manager = new GridFsFileManager(this.handle);
	}

	/**
	 * Start building the template of the default bucket of a database.
	 * @param database the database, whose settings (read and write concerns, read
	 * preference, codec registry) the buckets keep: a plain one, as a client returns it (the
	 * template joins transactions itself, and keeps its index checks out of them; the
	 * auto-configured {@code MongoDatabase} bean, whose calls join by themselves, would
	 * draw those checks in)
	 * @return the builder
	 */
	public static GridFsBucketTemplateBuilder builder(MongoDatabase database) {
		Assert.notNull(database, "'database' must not be null");
		return new GridFsBucketTemplateBuilder(database);
	}

	@Override
	public String getBucketName() {
		return this.handle.bucketName();
	}

	@Override
	public GridFsBucketTemplate bucket(String bucketName) {
		checkBucketName(bucketName);
		return this.handle.context().bucket(bucketName);
	}

	/**
	 * Return the driver's bucket, for what the template does not offer. Calls made on it
	 * directly neither join the current transaction nor are translated or observed.
	 * @return the driver's bucket
	 */
	public GridFSBucket getBucket() {
		return this.handle.bucket();
	}

	@Override
	public UploadedFile upload(String filename, byte[] content) {
		return this.uploads.upload(filename, content, UploadOptions.defaults());
	}

	@Override
	public UploadedFile upload(String filename, byte[] content, UploadOptions options) {
		return this.uploads.upload(filename, content, options);
	}

	@Override
	public UploadedFile upload(String filename, InputStream content) {
		return this.uploads.upload(filename, content, UploadOptions.defaults());
	}

	@Override
	public UploadedFile upload(String filename, InputStream content, UploadOptions options) {
		return this.uploads.upload(filename, content, options);
	}

	@Override
	public UploadedFile upload(String filename, Path source) {
		return this.uploads.upload(filename, source, UploadOptions.defaults());
	}

	@Override
	public UploadedFile upload(String filename, Path source, UploadOptions options) {
		return this.uploads.upload(filename, source, options);
	}

	@Override
	public UploadedFile upload(String filename, UploadOptions options, ThrowingConsumer<OutputStream> writer) {
		return this.uploads.upload(filename, options, writer);
	}

	@Override
	public GridFsUploadStream openUploadStream(String filename) {
		return this.uploads.openUploadStream(filename, UploadOptions.defaults());
	}

	@Override
	public GridFsUploadStream openUploadStream(String filename, UploadOptions options) {
		return this.uploads.openUploadStream(filename, options);
	}

	@Override
	public GridFsDownloadStream openDownloadStream(Object id) {
		return this.downloads.openDownloadStream(id);
	}

	@Override
	public GridFsDownloadStream openDownloadStream(Object id, long offset, long length) {
		return this.downloads.openDownloadStream(id, offset, length);
	}

	@Override
	public GridFsDownloadStream openDownloadStream(String filename, int revision) {
		return this.downloads.openDownloadStream(filename, revision);
	}

	@Override
	public GridFsDownloadStream openDownloadStream(String filename, int revision, long offset, long length) {
		return this.downloads.openDownloadStream(filename, revision, offset, length);
	}

	@Override
	public StoredFile download(Object id, OutputStream target) {
		return this.downloads.download(id, target);
	}

	@Override
	public StoredFile download(String filename, int revision, OutputStream target) {
		return this.downloads.download(filename, revision, target);
	}

	@Override
	public StoredFile download(Object id, Path target) {
		return this.downloads.download(id, target);
	}

	@Override
	public StoredFile download(String filename, int revision, Path target) {
		return this.downloads.download(filename, revision, target);
	}

	@Override
	public byte[] downloadBytes(Object id) {
		return this.downloads.downloadBytes(id);
	}

	@Override
	public byte[] downloadBytes(Object id, long offset, long length) {
		return this.downloads.downloadBytes(id, offset, length);
	}

	@Override
	public byte[] downloadBytes(String filename, int revision) {
		return this.downloads.downloadBytes(filename, revision);
	}

	@Override
	public boolean verify(Object id) {
		return this.downloads.verify(id);
	}

	@Override
	public Optional<StoredFile> findById(Object id) {
		return this.finder.findById(id);
	}

	@Override
	public Optional<StoredFile> findOne(String filename, int revision) {
		return this.finder.findOne(filename, revision);
	}

	@Override
	public List<StoredFile> find(FileQuery query) {
		return this.finder.find(query);
	}

	@Override
	public Page<StoredFile> page(FileQuery query, Pageable pageable) {
		return this.finder.page(query, pageable);
	}

	@Override
	public long count(FileQuery query) {
		return this.finder.count(query);
	}

	@Override
	public boolean existsById(Object id) {
		return this.finder.existsById(id);
	}

	@Override
	public boolean exists(FileQuery query) {
		return this.finder.exists(query);
	}

	@Override
	public <T> T metadata(StoredFile file, Class<T> type) {
		return this.finder.metadata(file, type);
	}

	@Override
	public void rename(Object id, String newFilename) {
		this.manager.rename(id, newFilename);
	}

	@Override
	public long renameAll(String filename, String newFilename) {
		return this.manager.renameAll(filename, newFilename);
	}

	@Override
	public void replaceMetadata(Object id, @Nullable Object metadata) {
		this.manager.replaceMetadata(id, metadata);
	}

	@Override
	public boolean delete(Object id) {
		return this.manager.delete(id);
	}

	@Override
	public long deleteAll(String filename) {
		return this.manager.deleteAll(filename);
	}

	@Override
	public void ensureIndexes() {
		this.manager.ensureIndexes();
	}

	@Override
	public void drop() {
		this.manager.drop();
	}

	@Override
	public String toString() {
		return "GridFsBucketTemplate[bucket '" + this.handle.bucketName() + "' in '"
				+ this.handle.context().database().getName() + "']";
	}

	/**
	 * Check a bucket name, which prefixes the names of two collections.
	 * @param bucketName the bucket name
	 * @throws IllegalArgumentException if it is not a valid bucket name, with a message that
	 * says why
	 */
	public static void checkBucketName(String bucketName) {
		GridFsChecks.checkBucketName(bucketName);
	}

}
