package io.connectplatform.mongodb.gridfs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoDatabase;
import io.connectplatform.mongodb.core.MongoExceptionTranslator;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import org.bson.codecs.configuration.CodecRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.InvalidDataAccessApiUsageException;

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

	private final MongoSessionLookup sessions;

	private final GridFsObserver observer;

	private final MongoExceptionTranslator translator = new MongoExceptionTranslator();

	private final Map<String, GridFsTemplate> buckets = new ConcurrentHashMap<>();

	GridFsContext(MongoDatabase database, CodecRegistry codecRegistry, int chunkSize, GridFsChecksum checksum,
			long maxFileSize, MongoSessionLookup sessions, GridFsObserver observer) {
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

	@Nullable ClientSession session() {
		return this.sessions.currentSession();
	}

	/**
	 * Return the session of the current transaction for a write, refusing the write in a
	 * read-only transaction before anything is sent, with or without a session (a
	 * transaction that runs without one on a standalone server is read-only too).
	 * @param operation what the write does, such as {@code "upload"}
	 * @param bucketName the bucket written to
	 * @return the session, or {@code null} outside a transaction or in a transaction that
	 * runs without one
	 */
	@Nullable ClientSession writeSession(String operation, String bucketName) {
		requireWritable(operation, bucketName);
		return this.sessions.currentSession();
	}

	/**
	 * Refuse a write in a read-only transaction, also one that does not join the
	 * transaction (dropping the bucket), before anything is sent.
	 * @param operation what the write does, such as {@code "drop"}
	 * @param bucketName the bucket written to
	 */
	void requireWritable(String operation, String bucketName) {
		if ((this.sessions.currentSession() != null || this.sessions.isTransactionScopeBound())
				&& this.sessions.isReadOnly()) {
			throw new InvalidDataAccessApiUsageException(
					"Cannot " + operation + " in GridFS bucket '" + bucketName + "': the current transaction is read-only");
		}
	}

	RuntimeException translate(RuntimeException ex) {
		return this.translator.translate(ex);
	}

	/**
	 * Return the template of a bucket, creating it the first time.
	 * @param bucketName a valid bucket name
	 * @return the template
	 */
	GridFsTemplate bucket(String bucketName) {
		GridFsTemplate template = this.buckets.get(bucketName);
		if (template != null) {
			return template;
		}
		return this.buckets.computeIfAbsent(bucketName, (name) -> new GridFsTemplate(this, name));
	}

}
