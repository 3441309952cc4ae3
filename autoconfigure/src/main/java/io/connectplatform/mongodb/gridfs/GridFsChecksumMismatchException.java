package io.connectplatform.mongodb.gridfs;

import org.bson.BsonValue;

import org.springframework.dao.DataIntegrityViolationException;

/**
 * Thrown when the content read from a file does not have the SHA-256 stored when it was
 * uploaded: a chunk was changed, lost or replaced since.
 *
 * @author Connect MongoDB team
 */
public class GridFsChecksumMismatchException extends DataIntegrityViolationException {

	private final String bucketName;

	private final BsonValue fileId;

	private final String expected;

	private final String actual;

	/**
	 * Create an exception.
	 * @param bucketName the bucket name
	 * @param fileId the file's id
	 * @param filename the file's name
	 * @param expected the SHA-256 stored at upload, in hexadecimal
	 * @param actual the SHA-256 of the content read, in hexadecimal
	 */
	public GridFsChecksumMismatchException(String bucketName, BsonValue fileId, String filename, String expected,
			String actual) {
		super("File '" + filename + "' (id " + GridFsIds.describe(fileId) + ") in bucket '" + bucketName
				+ "' is corrupt: its content has SHA-256 " + actual + ", but " + expected + " was stored at upload");
		this.bucketName = bucketName;
		this.fileId = fileId;
		this.expected = expected;
		this.actual = actual;
	}

	/**
	 * Return the name of the bucket of the file.
	 * @return the bucket name
	 */
	public String getBucketName() {
		return this.bucketName;
	}

	/**
	 * Return the id of the corrupt file.
	 * @return the file's id
	 */
	public BsonValue getFileId() {
		return this.fileId;
	}

	/**
	 * Return the SHA-256 stored when the file was uploaded.
	 * @return the expected checksum, in hexadecimal
	 */
	public String getExpected() {
		return this.expected;
	}

	/**
	 * Return the SHA-256 of the content that was read.
	 * @return the actual checksum, in hexadecimal
	 */
	public String getActual() {
		return this.actual;
	}

}
