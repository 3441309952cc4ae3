package io.connectplatform.mongodb.sample.attachment;

import io.connectplatform.mongodb.gridfs.StoredFile;
import io.connectplatform.mongodb.gridfs.UploadedFile;
import org.jspecify.annotations.Nullable;

/**
 * An attachment as the API shows it.
 *
 * @param id the id of the file, the hexadecimal string of its {@code ObjectId}
 * @param filename the file's name
 * @param length the file's length in bytes
 * @param contentType the content type given at upload, or {@code null}
 * @param sha256 the SHA-256 of the content computed at upload, in hexadecimal
 */
public record Attachment(String id, String filename, long length, @Nullable String contentType,
		@Nullable String sha256) {

	/**
	 * Return the view of a stored file.
	 * @param file the file
	 * @return the attachment
	 */
	static Attachment of(StoredFile file) {
		return new Attachment(file.objectId().toHexString(), file.filename(), file.length(), file.contentType(),
				file.checksum());
	}

	/**
	 * Return the view of a file just uploaded.
	 * @param file the file
	 * @return the attachment
	 */
	static Attachment of(UploadedFile file) {
		return new Attachment(file.objectId().toHexString(), file.filename(), file.length(), file.contentType(),
				file.checksum());
	}

}
