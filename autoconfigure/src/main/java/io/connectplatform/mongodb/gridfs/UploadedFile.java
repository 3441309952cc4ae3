package io.connectplatform.mongodb.gridfs;

import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What an upload stored. The server-side upload date is not known without reading the file
 * back: {@link GridFsBucketOperations#findById(Object)} gives it.
 *
 * @param id the file's id
 * @param filename the file's name
 * @param length the content's length in bytes
 * @param chunkSize the size of its chunks in bytes
 * @param contentType the content type, or {@code null}
 * @param checksum the SHA-256 of the content in lower-case hexadecimal, or {@code null} if
 * the template computes none
 * @author Connect MongoDB team
 */
public record UploadedFile(BsonValue id, String filename, long length, int chunkSize, @Nullable String contentType,
		@Nullable String checksum) {

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

}
