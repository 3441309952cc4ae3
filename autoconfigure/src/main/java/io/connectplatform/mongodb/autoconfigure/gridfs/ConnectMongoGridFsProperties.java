package io.connectplatform.mongodb.autoconfigure.gridfs;

import io.connectplatform.mongodb.gridfs.GridFsChecksum;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of GridFS: {@code connect.mongodb.gridfs.*}.
 *
 * @author Connect MongoDB team
 */
@ConfigurationProperties(ConnectMongoGridFsProperties.PREFIX)
public class ConnectMongoGridFsProperties {

	/**
	 * The prefix of these properties.
	 */
	public static final String PREFIX = "connect.mongodb.gridfs";

	/**
	 * Name of the default bucket, whose files are in '<bucket>.files' and '<bucket>.chunks'.
	 */
	private String bucket = "fs";

	/**
	 * Size of the chunks of uploads that do not set one. At most 16MB less 1KB.
	 */
	private DataSize chunkSize = DataSize.ofKilobytes(255);

	/**
	 * Database of the buckets. Defaults to the database of the MongoDatabase bean.
	 */
	private @Nullable String database;

	/**
	 * Checksum that uploads store in the file's metadata and that downloads of whole files
	 * check.
	 */
	private GridFsChecksum checksum = GridFsChecksum.SHA_256;

	/**
	 * Largest file an upload may store; a larger one is stopped and removed. No limit when
	 * unset.
	 */
	private @Nullable DataSize maxFileSize;

	public String getBucket() {
		return this.bucket;
	}

	public void setBucket(String bucket) {
		this.bucket = bucket;
	}

	public DataSize getChunkSize() {
		return this.chunkSize;
	}

	public void setChunkSize(DataSize chunkSize) {
		this.chunkSize = chunkSize;
	}

	public @Nullable String getDatabase() {
		return this.database;
	}

	public void setDatabase(@Nullable String database) {
		this.database = database;
	}

	public GridFsChecksum getChecksum() {
		return this.checksum;
	}

	public void setChecksum(GridFsChecksum checksum) {
		this.checksum = checksum;
	}

	public @Nullable DataSize getMaxFileSize() {
		return this.maxFileSize;
	}

	public void setMaxFileSize(@Nullable DataSize maxFileSize) {
		this.maxFileSize = maxFileSize;
	}

}
