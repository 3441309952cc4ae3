package io.connectplatform.mongodb.gridfs;

import java.util.List;
import java.util.Locale;

import org.springframework.util.Assert;

/**
 * Hears of the bytes a {@link GridFsBucketTemplate} moves and of each operation it completes, for
 * metrics. Calls come on the thread that does the work, so an observer must be fast and
 * thread-safe.
 *
 * @author Connect MongoDB team
 */
public interface GridFsObserver {

	/**
	 * An observer that ignores everything.
	 */
	GridFsObserver NONE = new GridFsObserver() {
	};

	/**
	 * Called as bytes are written to or read from a bucket: once for each write of an
	 * upload and each read of a download, with the bytes that call moved.
	 * @param bucket the bucket name
	 * @param direction whether the bytes were uploaded or downloaded
	 * @param bytes the number of bytes, at least 1
	 */
	default void bytesTransferred(String bucket, TransferDirection direction, long bytes) {
	}

	/**
	 * Called when an operation completes. Streams count from when they are opened to when
	 * they are closed or aborted.
	 * @param bucket the bucket name
	 * @param operation the operation
	 * @param outcome how it ended
	 * @param durationNanos how long it took, in nanoseconds
	 */
	default void operationCompleted(String bucket, FileOperation operation, Outcome outcome, long durationNanos) {
	}

	/**
	 * Return an observer that tells each of the given observers, in order.
	 * @param observers the observers
	 * @return the composite observer
	 */
	static GridFsObserver of(List<? extends GridFsObserver> observers) {
		Assert.notNull(observers, "'observers' must not be null");
		List<GridFsObserver> all = List.copyOf(observers);
		if (all.isEmpty()) {
			return NONE;
		}
		if (all.size() == 1) {
			return all.get(0);
		}
		return new GridFsObserver() {

			@Override
			public void bytesTransferred(String bucket, TransferDirection direction, long bytes) {
				all.forEach((observer) -> observer.bytesTransferred(bucket, direction, bytes));
			}

			@Override
			public void operationCompleted(String bucket, FileOperation operation, Outcome outcome, long durationNanos) {
				all.forEach((observer) -> observer.operationCompleted(bucket, operation, outcome, durationNanos));
			}

		};
	}

	/**
	 * The direction bytes move in.
	 */
	enum TransferDirection {

		/**
		 * Written to the bucket.
		 */
		UPLOAD,

		/**
		 * Read from the bucket.
		 */
		DOWNLOAD;

		/**
		 * Return the value of the {@code direction} tag.
		 * @return the tag value
		 */
		public String tagValue() {
			return tag(this);
		}

	}

	/**
	 * The operations of a bucket.
	 */
	enum FileOperation {

		/**
		 * An upload, from opening it to committing or aborting it.
		 */
		UPLOAD,

		/**
		 * A download or ranged read, from opening it to closing it.
		 */
		DOWNLOAD,

		/**
		 * A whole file read to check its checksum.
		 */
		VERIFY,

		/**
		 * A query of the files, or a count.
		 */
		FIND,

		/**
		 * A rename of one file or of every revision of a name.
		 */
		RENAME,

		/**
		 * A replacement of a file's metadata.
		 */
		REPLACE_METADATA,

		/**
		 * A deletion of one file or of every revision of a name.
		 */
		DELETE,

		/**
		 * A drop of the whole bucket.
		 */
		DROP;

		/**
		 * Return the value of the {@code operation} tag.
		 * @return the tag value
		 */
		public String tagValue() {
			return tag(this);
		}

	}

	/**
	 * How an operation ended.
	 */
	enum Outcome {

		/**
		 * It did what was asked.
		 */
		SUCCESS,

		/**
		 * The file it was asked for does not exist.
		 */
		NOT_FOUND,

		/**
		 * The caller aborted an upload.
		 */
		ABORTED,

		/**
		 * It failed.
		 */
		ERROR;

		/**
		 * Return the value of the {@code outcome} tag.
		 * @return the tag value
		 */
		public String tagValue() {
			return tag(this);
		}

	}

	private static String tag(Enum<?> constant) {
		return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
