package io.connectplatform.mongodb.gridfs;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The checks of the arguments of GridFS: bucket names, chunk sizes, filenames and ranges,
 * each refused with an {@link IllegalArgumentException} that says why.
 *
 * @author Connect MongoDB team
 */
final class GridFsChecks {

	private static final String SYSTEM_PREFIX = "system.";

	private GridFsChecks() {
	}

	/**
	 * Check a chunk size.
	 * @param chunkSize the chunk size
	 * @throws IllegalArgumentException if it is not between 1 and
	 * {@value GridFsBucketTemplate#MAX_CHUNK_SIZE}
	 */
	static void checkChunkSize(int chunkSize) {
		Assert.isTrue(chunkSize >= 1 && chunkSize <= GridFsBucketTemplate.MAX_CHUNK_SIZE,
				() -> "'chunkSize' must be between 1 and " + GridFsBucketTemplate.MAX_CHUNK_SIZE + " bytes, but was "
						+ chunkSize);
	}

	/**
	 * Check a bucket name, which prefixes the names of two collections.
	 * @param bucketName the bucket name
	 * @throws IllegalArgumentException if it is not a valid bucket name, with a message that
	 * says why
	 */
	static void checkBucketName(String bucketName) {
		Assert.notNull(bucketName, "'bucketName' must not be null");
		String problem = null;
		if (bucketName.isBlank()) {
			problem = "it is empty";
		}
		else if (bucketName.indexOf('$') >= 0) {
			problem = "it contains '$'";
		}
		else if (bucketName.indexOf('\0') >= 0) {
			problem = "it contains a NUL character";
		}
		else if (bucketName.startsWith(".") || bucketName.endsWith(".")) {
			problem = "it starts or ends with a dot";
		}
		else if (bucketName.startsWith(SYSTEM_PREFIX)) {
			problem = "names starting with '" + SYSTEM_PREFIX + "' are reserved for MongoDB's own collections";
		}
		if (problem != null) {
			throw new IllegalArgumentException("Invalid 'bucketName' '" + bucketName + "': " + problem
					+ " (a bucket name must not contain '$' or NUL, start with '" + SYSTEM_PREFIX
					+ "', or start or end with a dot)");
		}
	}

	static void checkFilename(@Nullable String filename, String argument) {
		Assert.isTrue(filename != null && !filename.isBlank(), () -> "'" + argument + "' must not be empty");
	}

	static void checkRange(long offset, long length) {
		Assert.isTrue(offset >= 0, () -> "'offset' must be zero or more, but was " + offset);
		Assert.isTrue(length >= 0, () -> "'length' must be zero or more, but was " + length);
	}

}
