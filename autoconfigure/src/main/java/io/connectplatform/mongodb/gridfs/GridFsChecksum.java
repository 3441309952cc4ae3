package io.connectplatform.mongodb.gridfs;

/**
 * Whether uploads store a checksum of their content and downloads check it.
 *
 * @author Connect MongoDB team
 */
public enum GridFsChecksum {

	/**
	 * Compute the SHA-256 of the content while it streams, store it in the file's metadata
	 * ({@value StoredFile#CHECKSUM_KEY}), and check it when a whole file is read.
	 */
	SHA_256,

	/**
	 * Neither compute nor check a checksum.
	 */
	NONE

}
