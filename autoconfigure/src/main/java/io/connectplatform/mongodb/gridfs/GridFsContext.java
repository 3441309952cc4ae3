package io.connectplatform.mongodb.gridfs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import io.connectplatform.mongodb.core.MongoDriverExceptionTranslator;
import io.connectplatform.mongodb.internal.SessionBinding;
import org.bson.codecs.configuration.CodecRegistry;

/**
 * What the templates of every bucket of one database share, including the cache of those
 * templates.
 *
 * @author Connect MongoDB team
 */
final class GridFsContext {

	private final MongoDatabase database;

	private final CodecRegistry codecRegistry;

	private final int chunkSize;

	private final GridFsChecksum checksum;

	private final long maxFileSize;

	private final SessionBinding sessions;

	private final GridFsObserver observer;

	private final MongoDriverExceptionTranslator translator = new MongoDriverExceptionTranslator();

	private final Map<String, GridFsBucketTemplate> buckets = new ConcurrentHashMap<>();

	GridFsContext(MongoDatabase database, CodecRegistry codecRegistry, int chunkSize, GridFsChecksum checksum,
			long maxFileSize, SessionBinding sessions, GridFsObserver observer) {
		this.database = database.withCodecRegistry(codecRegistry);
		this.codecRegistry = codecRegistry;
		this.chunkSize = chunkSize;
		this.checksum = checksum;
		this.maxFileSize = maxFileSize;
		this.sessions = sessions;
		this.observer = observer;
	}

	MongoDatabase database() {
		return this.database;
	}

	CodecRegistry codecRegistry() {
		return this.codecRegistry;
	}

	int chunkSize() {
		return this.chunkSize;
	}

	GridFsChecksum checksum() {
		return this.checksum;
	}

	/**
	 * Return the maximum file size.
	 * @return the limit in bytes, {@link Long#MAX_VALUE} for none
	 */
	long maxFileSize() {
		return this.maxFileSize;
	}

	GridFsObserver observer() {
		return this.observer;
	}

	/**
	 * Return the bucket a read runs on: bound to the current transaction's session if there
	 * is one.
	 * @param bucket the plain bucket
	 * @return the bucket to read from
	 */
	GridFSBucket forRead(GridFSBucket bucket) {
		return this.sessions.forRead(bucket);
	}

	/**
	 * Return the collection a read runs on: bound to the current transaction's session if
	 * there is one.
	 * @param collection the plain files or chunks collection
	 * @return the collection to read from
	 */
	<T> MongoCollection<T> forRead(MongoCollection<T> collection) {
		return this.sessions.forRead(collection);
	}

	/**
	 * Return the bucket a write runs on, refusing the write in a read-only transaction before
	 * anything is sent, with or without a session (a transaction that runs without one on a
	 * standalone server is read-only too).
	 * @param bucket the plain bucket
	 * @param operation what the write does, such as {@code "upload"}
	 * @param bucketName the bucket written to
	 * @return the bucket to write to
	 */
	GridFSBucket forWrite(GridFSBucket bucket, String operation, String bucketName) {
		return this.sessions.forWrite(bucket, operation, target(bucketName));
	}

	/**
	 * Return the collection a write runs on, refusing the write in a read-only transaction.
	 * @param collection the plain files or chunks collection
	 * @param operation what the write does, such as {@code "rename"}
	 * @param bucketName the bucket written to
	 * @return the collection to write to
	 */
	<T> MongoCollection<T> forWrite(MongoCollection<T> collection, String operation, String bucketName) {
		return this.sessions.forWrite(collection, operation, target(bucketName));
	}

	/**
	 * Refuse a write in a read-only transaction, also one that does not join the
	 * transaction (dropping the bucket), before anything is sent.
	 * @param operation what the write does, such as {@code "drop"}
	 * @param bucketName the bucket written to
	 */
	void requireWritable(String operation, String bucketName) {
		this.sessions.requireWritable(operation, target(bucketName));
	}

	private static String target(String bucketName) {
		return "GridFS bucket '" + bucketName + "'";
	}

	RuntimeException translate(RuntimeException ex) {
		return this.translator.translate(ex);
	}

	/**
	 * Return the template of a bucket, creating it the first time.
	 * @param bucketName a valid bucket name
	 * @return the template
	 */
	GridFsBucketTemplate bucket(String bucketName) {
		GridFsBucketTemplate template = this.buckets.get(bucketName);
		if (template != null) {
			return template;
		}
		return this.buckets.computeIfAbsent(bucketName, (name) -> new GridFsBucketTemplate(this, name));
	}

}
