package io.connectplatform.mongodb.gridfs;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.gridfs.GridFSDownloadStream;
import io.connectplatform.mongodb.gridfs.GridFsObserver.TransferDirection;
import io.connectplatform.mongodb.gridfs.GridFsObserver.FileOperation;
import io.connectplatform.mongodb.gridfs.GridFsObserver.Outcome;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.util.Assert;

/**
 * The content of a stored file, or of a range of it, read chunk by chunk as it is consumed.
 * When the whole file is read and it carries a checksum, the checksum is checked as the last
 * byte is read, and a mismatch throws {@link GridFsChecksumMismatchException}. Close it to
 * release its cursor. Not thread-safe.
 * <p>
 * Methods throw Spring's {@code DataAccessException}s, not {@code IOException}s.
 *
 * @author Connect MongoDB team
 */
public final class GridFsDownloadStream extends InputStream {

	private static final int BATCH_BYTES = 4 * 1024 * 1024;

	private final GridFsContext context;

	private final String bucketName;

	private final GridFSDownloadStream download;

	private final StoredFile file;

	private final FileOperation operation;

	private final long started;

	private final byte[] single = new byte[1];

	private @Nullable MessageDigest digest;

	private long remaining;

	private boolean closed;

	private @Nullable Outcome outcome;

	GridFsDownloadStream(GridFsContext context, String bucketName, GridFSDownloadStream download, StoredFile file,
			long offset, long length, @Nullable MessageDigest digest, FileOperation operation, long started) {
		this.context = context;
		this.bucketName = bucketName;
		this.download = download;
		this.file = file;
		this.operation = operation;
		this.digest = digest;
		this.started = started;
		long start = Math.min(offset, file.length());
		this.remaining = Math.min(length, file.length() - start);
		if (start > 0) {
			// The driver only moves its position: the chunks before it are never fetched.
			download.skip(start);
		}
		download.batchSize(batchSize(file.chunkSize(), start, this.remaining));
	}

	/**
	 * Return how many chunks to fetch at once: those the read needs, at most
	 * {@value #BATCH_BYTES} bytes of them. Without a batch size the server sends up to 16 MiB
	 * at once, which the driver holds in memory, even for a small range.
	 */
	static int batchSize(int chunkSize, long start, long length) {
		long needed = (start % chunkSize + length + chunkSize - 1) / chunkSize;
		long most = Math.max(2, BATCH_BYTES / chunkSize);
		return (int) Math.max(1, Math.min(needed, most));
	}

	/**
	 * Return the file being read.
	 * @return the file
	 */
	public StoredFile getFile() {
		return this.file;
	}

	/**
	 * Return how many bytes remain to be read.
	 * @return the number of bytes
	 */
	public long getRemaining() {
		return this.remaining;
	}

	/**
	 * Read one byte.
	 * @return the byte, or {@code -1} at the end
	 * @throws GridFsChecksumMismatchException if this was the last byte of the file and the
	 * content does not have the stored checksum
	 * @throws org.springframework.dao.DataAccessException if a chunk could not be read
	 */
	@Override
	public int read() {
		return (read(this.single, 0, 1) == -1) ? -1 : (this.single[0] & 0xFF);
	}

	/**
	 * Read bytes, at most up to the end of the current chunk.
	 * @param bytes where to put them
	 * @return the number of bytes read, or {@code -1} at the end
	 * @throws GridFsChecksumMismatchException if the last byte of the file was read and the
	 * content does not have the stored checksum
	 * @throws DataIntegrityViolationException if a chunk is missing or has the wrong size
	 * @throws org.springframework.dao.DataAccessException if a chunk could not be read
	 */
	@Override
	public int read(byte[] bytes) {
		return read(bytes, 0, bytes.length);
	}

	/**
	 * Read bytes, at most up to the end of the current chunk.
	 * @param bytes where to put them
	 * @param offset where to start in {@code bytes}
	 * @param length the most bytes to read
	 * @return the number of bytes read, or {@code -1} at the end
	 * @throws GridFsChecksumMismatchException if the last byte of the file was read and the
	 * content does not have the stored checksum
	 * @throws DataIntegrityViolationException if a chunk is missing or has the wrong size
	 * @throws org.springframework.dao.DataAccessException if a chunk could not be read
	 */
	@Override
	public int read(byte[] bytes, int offset, int length) {
		Objects.checkFromIndexSize(offset, length, bytes.length);
		Assert.state(!this.closed, () -> "The download of '" + this.file.filename() + "' is closed");
		if (length == 0) {
			return 0;
		}
		if (this.remaining == 0) {
			if (this.digest != null) {
				verify(this.digest);
			}
			return -1;
		}
		int read;
		try {
			read = this.download.read(bytes, offset, (int) Math.min(length, this.remaining));
		}
		catch (MongoGridFSException ex) {
			// A chunk is missing, or has the wrong size or type.
			this.outcome = Outcome.ERROR;
			throw new DataIntegrityViolationException("File '" + this.file.filename() + "' (id "
					+ GridFsIds.describe(this.file.id()) + ") in bucket '" + this.bucketName + "' is corrupt: "
					+ ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			this.outcome = Outcome.ERROR;
			throw this.context.translate(ex);
		}
		if (read <= 0) {
			return read;
		}
		this.remaining -= read;
		this.context.observer().bytesTransferred(this.bucketName, TransferDirection.DOWNLOAD, read);
		if (this.digest != null) {
			this.digest.update(bytes, offset, read);
			if (this.remaining == 0) {
				verify(this.digest);
			}
		}
		return read;
	}

	/**
	 * Skip bytes without reading the chunks they are in. The checksum is then not checked.
	 * @param n the number of bytes to skip
	 * @return the number of bytes skipped
	 */
	@Override
	public long skip(long n) {
		Assert.state(!this.closed, () -> "The download of '" + this.file.filename() + "' is closed");
		if (n <= 0) {
			return 0;
		}
		this.digest = null;
		long skipped = this.download.skip(Math.min(n, this.remaining));
		this.remaining -= skipped;
		return skipped;
	}

	/**
	 * Return the number of bytes that can be read without fetching a chunk.
	 * @return the number of bytes
	 */
	@Override
	public int available() {
		return (this.closed) ? 0 : (int) Math.min(this.download.available(), this.remaining);
	}

	/**
	 * Release the cursor of the download. Does nothing if it is already closed.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			this.download.close();
		}
		finally {
			this.context.observer()
				.operationCompleted(this.bucketName, this.operation, (this.outcome != null) ? this.outcome
						: Outcome.SUCCESS, System.nanoTime() - this.started);
		}
	}

	/**
	 * Record that the download failed, for a failure the stream cannot see, such as one of
	 * the destination it is copied to.
	 */
	void failed() {
		this.outcome = Outcome.ERROR;
	}

	private void verify(MessageDigest digest) {
		this.digest = null;
		String actual = HexFormat.of().formatHex(digest.digest());
		String expected = this.file.checksum();
		if (expected != null && !expected.equalsIgnoreCase(actual)) {
			this.outcome = Outcome.ERROR;
			throw new GridFsChecksumMismatchException(this.bucketName, this.file.id(), this.file.filename(), expected,
					actual);
		}
	}

}
