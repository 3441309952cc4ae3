package io.connectplatform.mongodb.gridfs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSDownloadStream;
import com.mongodb.client.gridfs.GridFSFindIterable;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSDownloadOptions;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import io.connectplatform.mongodb.core.Page;
import io.connectplatform.mongodb.core.PageRequest;
import io.connectplatform.mongodb.core.SafeFilters;
import io.connectplatform.mongodb.core.SessionJoiningProxy;
import io.connectplatform.mongodb.gridfs.GridFsObserver.Operation;
import io.connectplatform.mongodb.gridfs.GridFsObserver.Outcome;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.codecs.pojo.PojoCodecProvider;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.util.Assert;
import org.springframework.util.function.ThrowingConsumer;

/**
 * The {@link GridFsOperations} of one bucket, on the driver's {@link GridFSBucket}. Build
 * one with {@link #builder(MongoDatabase)}, or inject the auto-configured bean; ask it for
 * the template of another bucket with {@link #bucket(String)}. Thread-safe; the streams it
 * opens are not.
 * <p>
 * The content type and the SHA-256 of the content are kept in the file's metadata, as
 * {@value StoredFile#CONTENT_TYPE_KEY} (the field Spring Data MongoDB uses) and
 * {@value StoredFile#CHECKSUM_KEY}. The bucket's indexes ({@code filename, uploadDate} on
 * the files, a unique {@code files_id, n} on the chunks) are checked before its first upload,
 * outside any transaction, and created if the bucket is empty, as the driver does.
 *
 * @author Connect MongoDB team
 */
public final class GridFsTemplate implements GridFsOperations {

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

	private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

	private static final int MAX_COPY_BUFFER = 256 * 1024;

	private static final int DELETE_BATCH = 1000;

	private static final String SYSTEM_PREFIX = "system.";

	private final GridFsContext context;

	private final String bucketName;

	private final MongoCollection<BsonDocument> files;

	private final MongoCollection<BsonDocument> chunks;

	private final Object indexMonitor = new Object();

	private volatile GridFSBucket bucket;

	private volatile boolean indexesChecked;

	GridFsTemplate(GridFsContext context, String bucketName) {
		this.context = context;
		this.bucketName = bucketName;
		this.bucket = createBucket();
		this.files = context.database().getCollection(bucketName + ".files", BsonDocument.class);
		this.chunks = context.database().getCollection(bucketName + ".chunks", BsonDocument.class);
	}

	/**
	 * Start building the template of the default bucket of a database.
	 * @param database the database, whose settings (read and write concerns, read
	 * preference, codec registry) the buckets keep
	 * @return the builder
	 */
	public static Builder builder(MongoDatabase database) {
		Assert.notNull(database, "'database' must not be null");
		// The template passes the session itself, and keeps index checks out of transactions.
		return new Builder(SessionJoiningProxy.unwrap(database));
	}

	@Override
	public String getBucketName() {
		return this.bucketName;
	}

	@Override
	public GridFsTemplate bucket(String bucketName) {
		checkBucketName(bucketName);
		return this.context.bucket(bucketName);
	}

	/**
	 * Return the driver's bucket, for what the template does not offer. Calls made on it
	 * directly neither join the current transaction nor are translated or observed.
	 * @return the driver's bucket
	 */
	public GridFSBucket getBucket() {
		return this.bucket;
	}

	@Override
	public UploadedFile upload(String filename, byte[] content) {
		return upload(filename, content, UploadOptions.defaults());
	}

	@Override
	public UploadedFile upload(String filename, byte[] content, UploadOptions options) {
		checkFilename(filename, "filename");
		Assert.notNull(content, "'content' must not be null");
		Assert.notNull(options, "'options' must not be null");
		checkKnownSize(filename, content.length);
		return upload(filename, new ByteArrayInputStream(content), options);
	}

	@Override
	public UploadedFile upload(String filename, InputStream content) {
		return upload(filename, content, UploadOptions.defaults());
	}

	@Override
	public UploadedFile upload(String filename, InputStream content, UploadOptions options) {
		Assert.notNull(content, "'content' must not be null");
		GridFsUploadStream upload = openUploadStream(filename, options);
		byte[] buffer = new byte[Math.min(upload.getChunkSize(), MAX_COPY_BUFFER)];
		try {
			int read;
			while ((read = content.read(buffer)) != -1) {
				upload.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			UncheckedIOException failure = new UncheckedIOException(
					"Could not read the content of '" + filename + "' to upload to bucket '" + this.bucketName + "'",
					ex);
			upload.fail(failure);
			throw failure;
		}
		catch (RuntimeException | Error ex) {
			upload.fail(ex);
			throw ex;
		}
		upload.close();
		return upload.getUploadedFile();
	}

	@Override
	public UploadedFile upload(String filename, Path source) {
		return upload(filename, source, UploadOptions.defaults());
	}

	@Override
	public UploadedFile upload(String filename, Path source, UploadOptions options) {
		checkFilename(filename, "filename");
		Assert.notNull(source, "'source' must not be null");
		Assert.notNull(options, "'options' must not be null");
		try (InputStream content = Files.newInputStream(source)) {
			checkKnownSize(filename, Files.size(source));
			return upload(filename, content, options);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read '" + source + "' to upload to bucket '" + this.bucketName
					+ "' as '" + filename + "'", ex);
		}
	}

	@Override
	public UploadedFile upload(String filename, UploadOptions options, ThrowingConsumer<OutputStream> writer) {
		Assert.notNull(writer, "'writer' must not be null");
		GridFsUploadStream upload = openUploadStream(filename, options);
		try {
			writer.acceptWithException(upload);
		}
		catch (IOException ex) {
			UncheckedIOException failure = new UncheckedIOException(
					"The writer of '" + filename + "' for bucket '" + this.bucketName + "' failed", ex);
			upload.fail(failure);
			throw failure;
		}
		catch (RuntimeException | Error ex) {
			upload.fail(ex);
			throw ex;
		}
		catch (Exception ex) {
			IllegalStateException failure = new IllegalStateException(
					"The writer of '" + filename + "' for bucket '" + this.bucketName + "' failed", ex);
			upload.fail(failure);
			throw failure;
		}
		upload.close();
		return upload.getUploadedFile();
	}

	@Override
	public GridFsUploadStream openUploadStream(String filename) {
		return openUploadStream(filename, UploadOptions.defaults());
	}

	@Override
	public GridFsUploadStream openUploadStream(String filename, UploadOptions options) {
		checkFilename(filename, "filename");
		Assert.notNull(options, "'options' must not be null");
		Integer optionsChunkSize = options.getChunkSize();
		int chunkSize = (optionsChunkSize != null) ? optionsChunkSize : this.context.chunkSize();
		Document metadata = metadata(options.getMetadata());
		if (options.getContentType() != null) {
			metadata.put(StoredFile.CONTENT_TYPE_KEY, options.getContentType());
		}
		BsonValue id = (options.getId() != null) ? id(options.getId()) : new BsonObjectId();
		MessageDigest digest = (this.context.checksum() == GridFsChecksum.SHA_256) ? sha256() : null;
		long started = System.nanoTime();
		try {
			ClientSession session = this.context.writeSession("upload", this.bucketName);
			ensureIndexes();
			GridFSUploadOptions uploadOptions = new GridFSUploadOptions().chunkSizeBytes(chunkSize).metadata(metadata);
			GridFSUploadStream upload = (session != null)
					? this.bucket.openUploadStream(session, id, filename, uploadOptions)
					: this.bucket.openUploadStream(id, filename, uploadOptions);
			return new GridFsUploadStream(this.context, this.bucketName, upload, this.chunks, session, filename,
					chunkSize, metadata, options.getContentType(), digest, started);
		}
		catch (RuntimeException ex) {
			completed(Operation.UPLOAD, Outcome.ERROR, started);
			throw this.context.translate(ex);
		}
	}

	@Override
	public GridFsDownloadStream openDownloadStream(Object id) {
		return openById(id, 0, Long.MAX_VALUE, Operation.DOWNLOAD, verifyDownloads());
	}

	@Override
	public GridFsDownloadStream openDownloadStream(Object id, long offset, long length) {
		checkRange(offset, length);
		return openById(id, offset, length, Operation.DOWNLOAD, verifyDownloads());
	}

	@Override
	public GridFsDownloadStream openDownloadStream(String filename, int revision) {
		return openByName(filename, revision, 0, Long.MAX_VALUE);
	}

	@Override
	public GridFsDownloadStream openDownloadStream(String filename, int revision, long offset, long length) {
		checkRange(offset, length);
		return openByName(filename, revision, offset, length);
	}

	@Override
	public StoredFile download(Object id, OutputStream target) {
		Assert.notNull(target, "'target' must not be null");
		return copy(openDownloadStream(id), target);
	}

	@Override
	public StoredFile download(String filename, int revision, OutputStream target) {
		Assert.notNull(target, "'target' must not be null");
		return copy(openDownloadStream(filename, revision), target);
	}

	@Override
	public StoredFile download(Object id, Path target) {
		Assert.notNull(target, "'target' must not be null");
		return copy(openDownloadStream(id), target);
	}

	@Override
	public StoredFile download(String filename, int revision, Path target) {
		Assert.notNull(target, "'target' must not be null");
		return copy(openDownloadStream(filename, revision), target);
	}

	@Override
	public byte[] downloadBytes(Object id) {
		return readAll(openDownloadStream(id));
	}

	@Override
	public byte[] downloadBytes(Object id, long offset, long length) {
		return readAll(openDownloadStream(id, offset, length));
	}

	@Override
	public byte[] downloadBytes(String filename, int revision) {
		return readAll(openDownloadStream(filename, revision));
	}

	@Override
	public boolean verify(Object id) {
		try (GridFsDownloadStream content = openById(id, 0, Long.MAX_VALUE, Operation.VERIFY, true)) {
			if (content.getFile().checksum() == null) {
				return false;
			}
			byte[] buffer = new byte[copyBufferSize(content)];
			while (content.read(buffer, 0, buffer.length) != -1) {
				// Read to the end, where the checksum is checked.
			}
			return true;
		}
	}

	@Override
	public Optional<StoredFile> findById(Object id) {
		BsonValue bsonId = id(id);
		return timed(Operation.FIND, () -> first(find(SafeFilters.id(bsonId))));
	}

	@Override
	public Optional<StoredFile> findOne(String filename, int revision) {
		checkFilename(filename, "filename");
		// The driver's revision lookup: oldest first from 0, newest first from -1.
		int skip = (revision >= 0) ? revision : -revision - 1;
		Bson sort = (revision >= 0) ? Sorts.ascending("uploadDate") : Sorts.descending("uploadDate");
		return timed(Operation.FIND,
				() -> first(find(SafeFilters.eq("filename", filename)).sort(sort).skip(skip)));
	}

	@Override
	public List<StoredFile> find(FileQuery query) {
		Assert.notNull(query, "'query' must not be null");
		return timed(Operation.FIND, () -> list(find(query.getFilter()), query.getSort(), query.getSkip(),
				query.getLimit()));
	}

	@Override
	public Page<StoredFile> page(FileQuery query, PageRequest pageRequest) {
		Assert.notNull(query, "'query' must not be null");
		Assert.notNull(pageRequest, "'pageRequest' must not be null");
		Bson sort = (pageRequest.sort() != null) ? pageRequest.sort() : query.getSort();
		return timed(Operation.FIND, () -> {
			List<StoredFile> content = list(find(query.getFilter()), sort, pageRequest.offset(), pageRequest.size());
			return Page.of(content, pageRequest, () -> countDocuments(query.getFilter()));
		});
	}

	@Override
	public long count(FileQuery query) {
		Assert.notNull(query, "'query' must not be null");
		return timed(Operation.FIND, () -> countDocuments(query.getFilter()));
	}

	@Override
	public boolean existsById(Object id) {
		BsonValue bsonId = id(id);
		return timed(Operation.FIND, () -> exists(SafeFilters.id(bsonId)));
	}

	@Override
	public boolean exists(FileQuery query) {
		Assert.notNull(query, "'query' must not be null");
		return timed(Operation.FIND, () -> exists(query.getFilter()));
	}

	@Override
	public <T> T metadata(StoredFile file, Class<T> type) {
		Assert.notNull(file, "'file' must not be null");
		Assert.notNull(type, "'type' must not be null");
		try {
			return GridFsMetadata.decode(file, type, this.context.codecRegistry());
		}
		catch (RuntimeException ex) {
			throw this.context.translate(ex);
		}
	}

	@Override
	public void rename(Object id, String newFilename) {
		BsonValue bsonId = id(id);
		checkFilename(newFilename, "newFilename");
		timed(Operation.RENAME, () -> {
			ClientSession session = this.context.writeSession("rename", this.bucketName);
			Bson filter = SafeFilters.id(bsonId);
			Bson update = Updates.set("filename", newFilename);
			UpdateResult result = (session != null) ? this.files.updateOne(session, filter, update)
					: this.files.updateOne(filter, update);
			if (result.wasAcknowledged() && result.getMatchedCount() == 0) {
				throw notFound(bsonId);
			}
			return null;
		});
	}

	@Override
	public long renameAll(String filename, String newFilename) {
		checkFilename(filename, "filename");
		checkFilename(newFilename, "newFilename");
		return timed(Operation.RENAME, () -> {
			ClientSession session = this.context.writeSession("rename", this.bucketName);
			Bson filter = SafeFilters.eq("filename", filename);
			Bson update = Updates.set("filename", newFilename);
			UpdateResult result = (session != null) ? this.files.updateMany(session, filter, update)
					: this.files.updateMany(filter, update);
			return result.wasAcknowledged() ? result.getMatchedCount() : -1;
		});
	}

	@Override
	public void replaceMetadata(Object id, @Nullable Object metadata) {
		BsonValue bsonId = id(id);
		Document replacement = metadata(metadata);
		timed(Operation.REPLACE_METADATA, () -> {
			ClientSession session = this.context.writeSession("replace the metadata of", this.bucketName);
			Bson filter = SafeFilters.id(bsonId);
			Bson kept = Projections.include("metadata." + StoredFile.CONTENT_TYPE_KEY,
					"metadata." + StoredFile.CHECKSUM_KEY);
			FindIterable<BsonDocument> find = (session != null) ? this.files.find(session, filter)
					: this.files.find(filter);
			BsonDocument current = find.projection(kept).first();
			if (current == null) {
				throw notFound(bsonId);
			}
			replacement.putAll(current.getDocument("metadata", new BsonDocument()));
			Bson update = replacement.isEmpty() ? Updates.unset("metadata") : Updates.set("metadata", replacement);
			UpdateResult result = (session != null) ? this.files.updateOne(session, filter, update)
					: this.files.updateOne(filter, update);
			if (result.wasAcknowledged() && result.getMatchedCount() == 0) {
				throw notFound(bsonId);
			}
			return null;
		});
	}

	@Override
	public boolean delete(Object id) {
		BsonValue bsonId = id(id);
		long started = System.nanoTime();
		try {
			ClientSession session = this.context.writeSession("delete", this.bucketName);
			if (session != null) {
				this.bucket.delete(session, bsonId);
			}
			else {
				this.bucket.delete(bsonId);
			}
		}
		catch (MongoGridFSException ex) {
			// The only GridFS error of a delete: no files document had the id. Its chunks,
			// if any were left behind, are deleted all the same.
			completed(Operation.DELETE, Outcome.NOT_FOUND, started);
			return false;
		}
		catch (RuntimeException ex) {
			completed(Operation.DELETE, Outcome.ERROR, started);
			throw this.context.translate(ex);
		}
		completed(Operation.DELETE, Outcome.SUCCESS, started);
		return true;
	}

	@Override
	public long deleteAll(String filename) {
		checkFilename(filename, "filename");
		return timed(Operation.DELETE, () -> {
			ClientSession session = this.context.writeSession("delete", this.bucketName);
			Bson filter = SafeFilters.eq("filename", filename);
			FindIterable<BsonDocument> find = (session != null) ? this.files.find(session, filter)
					: this.files.find(filter);
			List<BsonValue> ids = find.projection(Projections.include("_id"))
				.map((file) -> file.get("_id"))
				.into(new ArrayList<>());
			long deleted = 0;
			for (int from = 0; from < ids.size(); from += DELETE_BATCH) {
				List<BsonValue> batch = ids.subList(from, Math.min(ids.size(), from + DELETE_BATCH));
				// The files first, as the driver does: a file is never seen without its chunks.
				Bson byId = Filters.in("_id", batch);
				Bson byFile = Filters.in("files_id", batch);
				if (session != null) {
					deleted += this.files.deleteMany(session, byId).getDeletedCount();
					this.chunks.deleteMany(session, byFile);
				}
				else {
					deleted += this.files.deleteMany(byId).getDeletedCount();
					this.chunks.deleteMany(byFile);
				}
			}
			return deleted;
		});
	}

	@Override
	public void ensureIndexes() {
		if (this.indexesChecked) {
			return;
		}
		synchronized (this.indexMonitor) {
			if (!this.indexesChecked) {
				// The driver's bucket checks its indexes once, on its first upload and with that
				// upload's session, and creates them when the files collection is empty; but the
				// server refuses listIndexes inside a transaction. Opening an upload stream
				// without a session runs that check now; the stream is dropped unwritten.
				try {
					this.bucket.openUploadStream(new BsonObjectId(), "", new GridFSUploadOptions().chunkSizeBytes(1));
				}
				catch (RuntimeException ex) {
					throw this.context.translate(ex);
				}
				this.indexesChecked = true;
			}
		}
	}

	@Override
	public void drop() {
		timed(Operation.DROP, () -> {
			this.context.requireWritable("drop", this.bucketName);
			synchronized (this.indexMonitor) {
				// Never in the thread's transaction: MongoDB refuses to drop collections in one.
				this.bucket.drop();
				// The driver's bucket checks its indexes only once: a new one checks them again.
				this.bucket = createBucket();
				this.indexesChecked = false;
			}
			return null;
		});
	}

	@Override
	public String toString() {
		return "GridFsTemplate[bucket '" + this.bucketName + "' in '" + this.context.database().getName() + "']";
	}

	/**
	 * Check a chunk size.
	 * @param chunkSize the chunk size
	 * @throws IllegalArgumentException if it is not between 1 and {@value #MAX_CHUNK_SIZE}
	 */
	static void checkChunkSize(int chunkSize) {
		Assert.isTrue(chunkSize >= 1 && chunkSize <= MAX_CHUNK_SIZE, () -> "'chunkSize' must be between 1 and "
				+ MAX_CHUNK_SIZE + " bytes, but was " + chunkSize);
	}

	/**
	 * Check a bucket name, which prefixes the names of two collections.
	 * @param bucketName the bucket name
	 * @throws IllegalArgumentException if it is not a valid bucket name, with a message that
	 * says why
	 */
	public static void checkBucketName(String bucketName) {
		Assert.notNull(bucketName, "'bucketName' must not be null");
		String problem = null;
		if (bucketName.isBlank()) {
			problem = "it is empty";
		}
		else if (bucketName.indexOf('$') >= 0) {
			problem = "it contains '$'";
		}
		else if (bucketName.indexOf('\0') >= 0) {
			problem = "it contains a NUL character";
		}
		else if (bucketName.startsWith(".") || bucketName.endsWith(".")) {
			problem = "it starts or ends with a dot";
		}
		else if (bucketName.startsWith(SYSTEM_PREFIX)) {
			problem = "names starting with '" + SYSTEM_PREFIX + "' are reserved for MongoDB's own collections";
		}
		if (problem != null) {
			throw new IllegalArgumentException("Invalid 'bucketName' '" + bucketName + "': " + problem
					+ " (a bucket name must not contain '$' or NUL, start with '" + SYSTEM_PREFIX
					+ "', or start or end with a dot)");
		}
	}

	private GridFSBucket createBucket() {
		return GridFSBuckets.create(this.context.database(), this.bucketName)
			.withChunkSizeBytes(this.context.chunkSize());
	}

	private GridFsDownloadStream openById(Object id, long offset, long length, Operation operation, boolean verify) {
		BsonValue bsonId = id(id);
		return open((session) -> (session != null) ? this.bucket.openDownloadStream(session, bsonId)
				: this.bucket.openDownloadStream(bsonId), () -> notFound(bsonId), offset, length, operation, verify);
	}

	private GridFsDownloadStream openByName(String filename, int revision, long offset, long length) {
		checkFilename(filename, "filename");
		GridFSDownloadOptions options = new GridFSDownloadOptions().revision(revision);
		return open((session) -> (session != null) ? this.bucket.openDownloadStream(session, filename, options)
				: this.bucket.openDownloadStream(filename, options),
				() -> new GridFsFileNotFoundException(this.bucketName, "No revision " + revision + " of file '"
						+ filename + "' in bucket '" + this.bucketName + "'"),
				offset, length, Operation.DOWNLOAD, verifyDownloads());
	}

	private GridFsDownloadStream open(Opener opener, Supplier<GridFsFileNotFoundException> notFound, long offset,
			long length, Operation operation, boolean verify) {
		long started = System.nanoTime();
		GridFSDownloadStream download;
		try {
			download = opener.open(this.context.session());
		}
		catch (MongoGridFSException ex) {
			// Opening a download stream fails with a GridFS error only when the file is missing.
			completed(operation, Outcome.NOT_FOUND, started);
			throw notFound.get();
		}
		catch (RuntimeException ex) {
			completed(operation, Outcome.ERROR, started);
			throw this.context.translate(ex);
		}
		StoredFile file = StoredFile.of(download.getGridFSFile());
		boolean whole = offset == 0 && length >= file.length();
		MessageDigest digest = (verify && whole && file.checksum() != null) ? sha256() : null;
		return new GridFsDownloadStream(this.context, this.bucketName, download, file, offset, length, digest,
				operation, started);
	}

	private boolean verifyDownloads() {
		return this.context.checksum() == GridFsChecksum.SHA_256;
	}

	private StoredFile copy(GridFsDownloadStream content, OutputStream target) {
		try (content) {
			byte[] buffer = new byte[copyBufferSize(content)];
			int read;
			while ((read = content.read(buffer, 0, buffer.length)) != -1) {
				try {
					target.write(buffer, 0, read);
				}
				catch (IOException ex) {
					content.failed();
					throw new UncheckedIOException("Could not write the content of '" + content.getFile().filename()
							+ "' from bucket '" + this.bucketName + "'", ex);
				}
			}
			return content.getFile();
		}
	}

	private StoredFile copy(GridFsDownloadStream content, Path target) {
		OutputStream out;
		try {
			out = Files.newOutputStream(target);
		}
		catch (IOException ex) {
			content.failed();
			content.close();
			throw new UncheckedIOException("Could not write the content of '" + content.getFile().filename()
					+ "' from bucket '" + this.bucketName + "' to '" + target + "'", ex);
		}
		try (out) {
			return copy(content, out);
		}
		catch (IOException | RuntimeException ex) {
			try {
				Files.deleteIfExists(target);
			}
			catch (IOException deleteFailure) {
				ex.addSuppressed(deleteFailure);
			}
			if (ex instanceof IOException ioException) {
				throw new UncheckedIOException("Could not write the content of '" + content.getFile().filename()
						+ "' from bucket '" + this.bucketName + "' to '" + target + "'", ioException);
			}
			throw (RuntimeException) ex;
		}
	}

	private byte[] readAll(GridFsDownloadStream content) {
		try (content) {
			long length = content.getRemaining();
			if (length > MAX_ARRAY_LENGTH) {
				content.failed();
				throw new InvalidDataAccessApiUsageException("File '" + content.getFile().filename() + "' in bucket '"
						+ this.bucketName + "' has " + length
						+ " bytes to read, too many for an array; use openDownloadStream or download to a Path");
			}
			byte[] bytes = new byte[(int) length];
			int position = 0;
			while (position < bytes.length) {
				int read = content.read(bytes, position, bytes.length - position);
				if (read == -1) {
					break;
				}
				position += read;
			}
			// At the end, where the checksum of an empty file is checked too.
			content.read();
			return bytes;
		}
	}

	private static int copyBufferSize(GridFsDownloadStream content) {
		long size = Math.min(Math.min(content.getFile().chunkSize(), MAX_COPY_BUFFER), content.getRemaining());
		return (int) Math.max(size, 1);
	}

	private GridFSFindIterable find(Bson filter) {
		ClientSession session = this.context.session();
		return (session != null) ? this.bucket.find(session, filter) : this.bucket.find(filter);
	}

	private static Optional<StoredFile> first(GridFSFindIterable find) {
		return Optional.ofNullable(find.limit(1).first()).map(StoredFile::of);
	}

	private static List<StoredFile> list(GridFSFindIterable find, @Nullable Bson sort, int skip, int limit) {
		if (sort != null) {
			find.sort(sort);
		}
		List<StoredFile> files = new ArrayList<>();
		find.skip(skip).limit(limit).forEach((file) -> files.add(StoredFile.of(file)));
		return files;
	}

	private long countDocuments(Bson filter) {
		ClientSession session = this.context.session();
		return (session != null) ? this.files.countDocuments(session, filter) : this.files.countDocuments(filter);
	}

	private boolean exists(Bson filter) {
		ClientSession session = this.context.session();
		FindIterable<BsonDocument> find = (session != null) ? this.files.find(session, filter)
				: this.files.find(filter);
		return find.projection(Projections.include("_id")).limit(1).first() != null;
	}

	private <T> T timed(Operation operation, Supplier<T> action) {
		long started = System.nanoTime();
		try {
			T result = action.get();
			completed(operation, Outcome.SUCCESS, started);
			return result;
		}
		catch (GridFsFileNotFoundException ex) {
			completed(operation, Outcome.NOT_FOUND, started);
			throw ex;
		}
		catch (RuntimeException ex) {
			completed(operation, Outcome.ERROR, started);
			throw this.context.translate(ex);
		}
	}

	private void completed(Operation operation, Outcome outcome, long started) {
		this.context.observer()
			.operationCompleted(this.bucketName, operation, outcome, System.nanoTime() - started);
	}

	private GridFsFileNotFoundException notFound(BsonValue id) {
		return new GridFsFileNotFoundException(this.bucketName, "No file with id " + GridFsIds.describe(id)
				+ " in bucket '" + this.bucketName + "'"
				+ (id.isString() ? " (to find a file by its filename, give a revision too)" : ""));
	}

	private BsonValue id(Object id) {
		Assert.notNull(id, "'id' must not be null");
		try {
			return GridFsIds.toBson(id, this.context.codecRegistry());
		}
		catch (RuntimeException ex) {
			throw this.context.translate(ex);
		}
	}

	private Document metadata(@Nullable Object metadata) {
		try {
			return GridFsMetadata.toDocument(metadata, this.context.codecRegistry());
		}
		catch (RuntimeException ex) {
			throw this.context.translate(ex);
		}
	}

	private void checkKnownSize(String filename, long size) {
		if (size > this.context.maxFileSize()) {
			// Refused before anything is sent, and counted as a failed upload.
			completed(Operation.UPLOAD, Outcome.ERROR, System.nanoTime());
			throw new GridFsFileTooLargeException(this.bucketName, filename, this.context.maxFileSize());
		}
	}

	private static void checkFilename(@Nullable String filename, String argument) {
		Assert.isTrue(filename != null && !filename.isBlank(), () -> "'" + argument + "' must not be empty");
	}

	private static void checkRange(long offset, long length) {
		Assert.isTrue(offset >= 0, () -> "'offset' must be zero or more, but was " + offset);
		Assert.isTrue(length >= 0, () -> "'length' must be zero or more, but was " + length);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	@FunctionalInterface
	private interface Opener {

		GridFSDownloadStream open(@Nullable ClientSession session);

	}

	/**
	 * Builds a {@link GridFsTemplate}.
	 */
	public static final class Builder {

		private final MongoDatabase database;

		private String bucketName = DEFAULT_BUCKET;

		private int chunkSize = DEFAULT_CHUNK_SIZE;

		private GridFsChecksum checksum = GridFsChecksum.SHA_256;

		private long maxFileSize = Long.MAX_VALUE;

		private MongoSessionLookup sessionLookup = MongoSessionLookup.NONE;

		private GridFsObserver observer = GridFsObserver.NONE;

		private @Nullable CodecRegistry codecRegistry;

		private Builder(MongoDatabase database) {
			this.database = database;
		}

		/**
		 * Use another bucket than {@value #DEFAULT_BUCKET} by default.
		 * @param bucketName the bucket name
		 * @return this builder
		 */
		public Builder bucketName(String bucketName) {
			checkBucketName(bucketName);
			this.bucketName = bucketName;
			return this;
		}

		/**
		 * Use another chunk size than 255 KiB for uploads that do not set one.
		 * @param chunkSize the chunk size in bytes, from 1 to {@value #MAX_CHUNK_SIZE}
		 * @return this builder
		 */
		public Builder chunkSize(int chunkSize) {
			checkChunkSize(chunkSize);
			this.chunkSize = chunkSize;
			return this;
		}

		/**
		 * Set whether uploads store a SHA-256 of their content and downloads check it
		 * ({@link GridFsChecksum#SHA_256} by default).
		 * @param checksum the checksum setting
		 * @return this builder
		 */
		public Builder checksum(GridFsChecksum checksum) {
			Assert.notNull(checksum, "'checksum' must not be null");
			this.checksum = checksum;
			return this;
		}

		/**
		 * Refuse uploads larger than a size (there is no limit by default).
		 * @param maxFileSize the largest file, in bytes, at least 1
		 * @return this builder
		 */
		public Builder maxFileSize(long maxFileSize) {
			Assert.isTrue(maxFileSize >= 1, () -> "'maxFileSize' must be 1 or more, but was " + maxFileSize);
			this.maxFileSize = maxFileSize;
			return this;
		}

		/**
		 * Look up the current transaction's session, which every operation then joins.
		 * @param sessionLookup the session lookup
		 * @return this builder
		 */
		public Builder sessionLookup(MongoSessionLookup sessionLookup) {
			Assert.notNull(sessionLookup, "'sessionLookup' must not be null");
			this.sessionLookup = sessionLookup;
			return this;
		}

		/**
		 * Tell an observer of the bytes moved and the operations completed.
		 * @param observer the observer
		 * @return this builder
		 */
		public Builder observer(GridFsObserver observer) {
			Assert.notNull(observer, "'observer' must not be null");
			this.observer = observer;
			return this;
		}

		/**
		 * Encode metadata and ids with this registry instead of the database's registry
		 * followed by the driver's automatic POJO codec.
		 * @param codecRegistry the codec registry
		 * @return this builder
		 */
		public Builder codecRegistry(CodecRegistry codecRegistry) {
			Assert.notNull(codecRegistry, "'codecRegistry' must not be null");
			this.codecRegistry = codecRegistry;
			return this;
		}

		/**
		 * Build the template of the default bucket.
		 * @return the template
		 */
		public GridFsTemplate build() {
			CodecRegistry registry = (this.codecRegistry != null) ? this.codecRegistry
					: CodecRegistries.fromProviders(this.database.getCodecRegistry(),
							PojoCodecProvider.builder().automatic(true).build());
			GridFsContext context = new GridFsContext(this.database, registry, this.chunkSize, this.checksum,
					this.maxFileSize, this.sessionLookup, this.observer);
			return context.bucket(this.bucketName);
		}

	}

}
