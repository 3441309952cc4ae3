package io.connectplatform.mongodb.gridfs;

import org.springframework.dao.DataIntegrityViolationException;

/**
 * Thrown when an upload exceeds the maximum file size of the template. The upload stops
 * there, and the chunks already written are removed.
 *
 * @author Connect MongoDB team
 */
public class GridFsFileTooLargeException extends DataIntegrityViolationException {

	private final String bucketName;

	private final String filename;

	private final long maxFileSize;

	/**
	 * Create an exception.
	 * @param bucketName the bucket name
	 * @param filename the name of the rejected file
	 * @param maxFileSize the maximum file size, in bytes
	 */
	public GridFsFileTooLargeException(String bucketName, String filename, long maxFileSize) {
		super("Upload of '" + filename + "' to bucket '" + bucketName + "' exceeds the maximum file size of "
				+ maxFileSize + " bytes; nothing of it was kept");
		this.bucketName = bucketName;
		this.filename = filename;
		this.maxFileSize = maxFileSize;
	}

	/**
	 * Return the name of the bucket of the rejected upload.
	 * @return the bucket name
	 */
	public String getBucketName() {
		return this.bucketName;
	}

	/**
	 * Return the name of the rejected file.
	 * @return the filename
	 */
	public String getFilename() {
		return this.filename;
	}

	/**
	 * Return the maximum file size that the upload exceeded.
	 * @return the limit, in bytes
	 */
	public long getMaxFileSize() {
		return this.maxFileSize;
	}

}
