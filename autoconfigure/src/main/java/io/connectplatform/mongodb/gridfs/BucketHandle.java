package io.connectplatform.mongodb.gridfs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import io.connectplatform.mongodb.gridfs.GridFsObserver.FileOperation;
import io.connectplatform.mongodb.gridfs.GridFsObserver.Outcome;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.bson.BsonValue;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What the parts of one bucket's {@link GridFsBucketTemplate} share: the driver's bucket, which
 * {@link #dropAndReplace()} replaces, its two collections, whether its indexes were checked,
 * the {@link GridFsContext}, and the timing of operations for the observer.
 *
 * @author Connect MongoDB team
 */
final class BucketHandle {

	/**
	 * The largest buffer an upload or download copies through.
	 */
	static final int MAX_COPY_BUFFER = 256 * 1024;

	private final GridFsContext context;

	private final String bucketName;

	private final MongoCollection<BsonDocument> files;

	private final MongoCollection<BsonDocument> chunks;

	private final Object indexMonitor = new Object();

	private volatile GridFSBucket bucket;

	private volatile boolean indexesChecked;

	BucketHandle(GridFsContext context, String bucketName) {
		this.context = context;
		this.bucketName = bucketName;
		this.bucket = createBucket();
		this.files = context.database().getCollection(bucketName + ".files", BsonDocument.class);
		this.chunks = context.database().getCollection(bucketName + ".chunks", BsonDocument.class);
	}

	GridFsContext context() {
		return this.context;
	}

	String bucketName() {
		return this.bucketName;
	}

	/**
	 * Return the driver's bucket, the current one: {@link #dropAndReplace()} replaces it.
	 * @return the driver's bucket
	 */
	GridFSBucket bucket() {
		return this.bucket;
	}

	MongoCollection<BsonDocument> files() {
		return this.files;
	}

	MongoCollection<BsonDocument> chunks() {
		return this.chunks;
	}

	/**
	 * Check the bucket's indexes, once, outside any transaction, creating them if the bucket
	 * is empty.
	 */
	void ensureIndexes() {
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

	/**
	 * Drop the bucket, never in the thread's transaction, and replace the driver's bucket
	 * by a new one that checks the indexes again.
	 */
	void dropAndReplace() {
		synchronized (this.indexMonitor) {
			// Never in the thread's transaction: MongoDB refuses to drop collections in one.
			this.bucket.drop();
			// The driver's bucket checks its indexes only once: a new one checks them again.
			this.bucket = createBucket();
			this.indexesChecked = false;
		}
	}

	private GridFSBucket createBucket() {
		return GridFSBuckets.create(this.context.database(), this.bucketName)
			.withChunkSizeBytes(this.context.chunkSize());
	}

	<T> T timed(FileOperation operation, Supplier<T> action) {
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

	void completed(FileOperation operation, Outcome outcome, long started) {
		this.context.observer()
			.operationCompleted(this.bucketName, operation, outcome, System.nanoTime() - started);
	}

	GridFsFileNotFoundException notFound(BsonValue id) {
		return new GridFsFileNotFoundException(this.bucketName, "No file with id " + GridFsIds.describe(id)
				+ " in bucket '" + this.bucketName + "'"
				+ (id.isString() ? " (to find a file by its filename, give a revision too)" : ""));
	}

	BsonValue id(Object id) {
		Assert.notNull(id, "'id' must not be null");
		try {
			return GridFsIds.toBson(id, this.context.codecRegistry());
		}
		catch (RuntimeException ex) {
			throw this.context.translate(ex);
		}
	}

	Document metadata(@Nullable Object metadata) {
		try {
			return GridFsMetadata.toDocument(metadata, this.context.codecRegistry());
		}
		catch (RuntimeException ex) {
			throw this.context.translate(ex);
		}
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
