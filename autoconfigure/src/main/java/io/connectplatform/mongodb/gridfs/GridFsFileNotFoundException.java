package io.connectplatform.mongodb.gridfs;

import org.springframework.dao.DataRetrievalFailureException;

/**
 * Thrown when the file asked for, by id or by filename and revision, is not in the bucket.
 *
 * @author Connect MongoDB team
 */
public class GridFsFileNotFoundException extends DataRetrievalFailureException {

	private final String bucketName;

	/**
	 * Create an exception.
	 * @param bucketName the bucket name
	 * @param message what was not found
	 */
	public GridFsFileNotFoundException(String bucketName, String message) {
		super(message);
		this.bucketName = bucketName;
	}

	/**
	 * Return the name of the bucket that was searched.
	 * @return the bucket name
	 */
	public String getBucketName() {
		return this.bucketName;
	}

}
