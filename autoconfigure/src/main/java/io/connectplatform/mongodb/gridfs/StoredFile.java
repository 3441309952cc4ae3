package io.connectplatform.mongodb.gridfs;

import java.time.Instant;
import java.util.Map;

import com.mongodb.client.gridfs.model.GridFSFile;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A file stored in a GridFS bucket, as its files document describes it. Immutable: the
 * metadata accessor returns a copy.
 *
 * @param id the file's id
 * @param filename the file's name
 * @param length the content's length in bytes
 * @param chunkSize the size of its chunks in bytes
 * @param uploadDate when the upload completed
 * @param contentType the content type given at upload, or {@code null}
 * @param metadata the metadata given at upload (or replaced since), without the fields the
 * template keeps for itself; empty if there is none
 * @param checksum the SHA-256 of the content computed at upload, in lower-case hexadecimal,
 * or {@code null} if none was computed
 * @author Connect MongoDB team
 */
public record StoredFile(BsonValue id, String filename, long length, int chunkSize, Instant uploadDate,
		@Nullable String contentType, Document metadata, @Nullable String checksum) {

	/**
	 * The metadata field that holds the content type.
	 */
	public static final String CONTENT_TYPE_KEY = "_contentType";

	/**
	 * The metadata field that holds the SHA-256 of the content, in lower-case hexadecimal.
	 */
	public static final String CHECKSUM_KEY = "_sha256";

	/**
	 * Create a view of a stored file.
	 * @param id the file's id
	 * @param filename the file's name
	 * @param length the content's length in bytes
	 * @param chunkSize the size of its chunks in bytes
	 * @param uploadDate when the upload completed
	 * @param contentType the content type, or {@code null}
	 * @param metadata the metadata, copied
	 * @param checksum the SHA-256 in hexadecimal, or {@code null}
	 */
	public StoredFile {
		Assert.notNull(id, "'id' must not be null");
		Assert.notNull(filename, "'filename' must not be null");
		Assert.notNull(uploadDate, "'uploadDate' must not be null");
		Assert.notNull(metadata, "'metadata' must not be null");
		metadata = new Document(metadata);
	}

	/**
	 * Return the metadata given at upload or replaced since, without the fields the
	 * template keeps for itself.
	 * @return a copy of the metadata, empty if there is none
	 */
	@Override
	public Document metadata() {
		return new Document(this.metadata);
	}

	/**
	 * Return the id as an {@link ObjectId}, the type of the ids the template generates.
	 * @return the id
	 * @throws IllegalStateException if the id is not an {@code ObjectId}
	 */
	public ObjectId objectId() {
		Assert.state(this.id.isObjectId(), () -> "The id of '" + this.filename + "' is not an ObjectId but "
				+ GridFsIds.describe(this.id));
		return this.id.asObjectId().getValue();
	}

	/**
	 * Create the view of a files document as the driver reads it.
	 * @param file the driver's file
	 * @return the view
	 */
	static StoredFile of(GridFSFile file) {
		Document all = file.getMetadata();
		Document metadata = new Document();
		String contentType = null;
		String checksum = null;
		if (all != null) {
			for (Map.Entry<String, Object> entry : all.entrySet()) {
				if (CONTENT_TYPE_KEY.equals(entry.getKey())) {
					contentType = (entry.getValue() instanceof String string) ? string : null;
				}
				else if (CHECKSUM_KEY.equals(entry.getKey())) {
					checksum = (entry.getValue() instanceof String string) ? string : null;
				}
				else {
					metadata.put(entry.getKey(), entry.getValue());
				}
			}
		}
		return new StoredFile(file.getId(), file.getFilename(), file.getLength(), file.getChunkSize(),
				file.getUploadDate().toInstant(), contentType, metadata, checksum);
	}

}
