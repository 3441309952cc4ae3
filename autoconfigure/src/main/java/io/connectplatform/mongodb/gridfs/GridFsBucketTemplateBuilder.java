package io.connectplatform.mongodb.gridfs;

import com.mongodb.client.MongoDatabase;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import io.connectplatform.mongodb.internal.SessionBinding;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.codecs.pojo.PojoCodecProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Builds a {@link GridFsBucketTemplate}: start with
 * {@link GridFsBucketTemplate#builder(com.mongodb.client.MongoDatabase)}.
 *
 * @author Connect MongoDB team
 */
public final class GridFsBucketTemplateBuilder {

	private final MongoDatabase database;

	private String bucketName = GridFsBucketTemplate.DEFAULT_BUCKET;

	private int chunkSize = GridFsBucketTemplate.DEFAULT_CHUNK_SIZE;

	private GridFsChecksum checksum = GridFsChecksum.SHA_256;

	private long maxFileSize = Long.MAX_VALUE;

	private MongoSessionLookup sessionLookup = MongoSessionLookup.NONE;

	private GridFsObserver observer = GridFsObserver.NONE;

	private @Nullable CodecRegistry codecRegistry;

	GridFsBucketTemplateBuilder(MongoDatabase database) {
		this.database = database;
	}

	/**
	 * Use another bucket than {@value GridFsBucketTemplate#DEFAULT_BUCKET} by default.
	 * @param bucketName the bucket name
	 * @return this builder
	 */
	public GridFsBucketTemplateBuilder bucketName(String bucketName) {
		GridFsChecks.checkBucketName(bucketName);
		this.bucketName = bucketName;
		return this;
	}

	/**
	 * Use another chunk size than 255 KiB for uploads that do not set one.
	 * @param chunkSize the chunk size in bytes, from 1 to {@value GridFsBucketTemplate#MAX_CHUNK_SIZE}
	 * @return this builder
	 */
	public GridFsBucketTemplateBuilder chunkSize(int chunkSize) {
		GridFsChecks.checkChunkSize(chunkSize);
		this.chunkSize = chunkSize;
		return this;
	}

	/**
	 * Set whether uploads store a SHA-256 of their content and downloads check it
	 * ({@link GridFsChecksum#SHA_256} by default).
	 * @param checksum the checksum setting
	 * @return this builder
	 */
	public GridFsBucketTemplateBuilder checksum(GridFsChecksum checksum) {
		Assert.notNull(checksum, "'checksum' must not be null");
		this.checksum = checksum;
		return this;
	}

	/**
	 * Refuse uploads larger than a size (there is no limit by default).
	 * @param maxFileSize the largest file, in bytes, at least 1
	 * @return this builder
	 */
	public GridFsBucketTemplateBuilder maxFileSize(long maxFileSize) {
		Assert.isTrue(maxFileSize >= 1, () -> "'maxFileSize' must be 1 or more, but was " + maxFileSize);
		this.maxFileSize = maxFileSize;
		return this;
	}

	/**
	 * Look up the current transaction's session, which every operation then joins.
	 * @param sessionLookup the session lookup
	 * @return this builder
	 */
	public GridFsBucketTemplateBuilder sessionLookup(MongoSessionLookup sessionLookup) {
		Assert.notNull(sessionLookup, "'sessionLookup' must not be null");
		this.sessionLookup = sessionLookup;
		return this;
	}

	/**
	 * Tell an observer of the bytes moved and the operations completed.
	 * @param observer the observer
	 * @return this builder
	 */
	public GridFsBucketTemplateBuilder observer(GridFsObserver observer) {
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
	public GridFsBucketTemplateBuilder codecRegistry(CodecRegistry codecRegistry) {
		Assert.notNull(codecRegistry, "'codecRegistry' must not be null");
		this.codecRegistry = codecRegistry;
		return this;
	}

	/**
	 * Build the template of the default bucket.
	 * @return the template
	 */
	public GridFsBucketTemplate build() {
		CodecRegistry registry = (this.codecRegistry != null) ? this.codecRegistry
				: CodecRegistries.fromProviders(this.database.getCodecRegistry(),
						PojoCodecProvider.builder().automatic(true).build());
		GridFsContext context = new GridFsContext(this.database, registry, this.chunkSize, this.checksum,
				this.maxFileSize, new SessionBinding(this.sessionLookup), this.observer);
		return context.bucket(this.bucketName);
	}

}
