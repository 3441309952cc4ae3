package io.connectplatform.mongodb.gridfs;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.model.Filters;
import io.connectplatform.mongodb.gridfs.GridFsObserver.TransferDirection;
import io.connectplatform.mongodb.gridfs.GridFsObserver.FileOperation;
import io.connectplatform.mongodb.gridfs.GridFsObserver.Outcome;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An upload in progress: what is written goes to the bucket in chunks as they fill up, and
 * {@link #close()} stores the file. {@link #abort()} drops the upload and removes the chunks
 * already written; so does any failure, including exceeding the maximum file size. Memory
 * stays at one chunk whatever the file size.
 * <p>
 * Close the stream only when everything is written: a {@code try}-with-resources block that
 * ends with an exception would store what was written so far. Prefer
 * {@link GridFsBucketOperations#upload(String, UploadOptions, org.springframework.util.function.ThrowingConsumer)},
 * which aborts when the writer throws. Not thread-safe.
 * <p>
 * Methods throw Spring's {@code DataAccessException}s, not {@code IOException}s.
 *
 * @author Connect MongoDB team
 */
public final class GridFsUploadStream extends OutputStream {

	private final GridFsContext context;

	private final String bucketName;

	private final GridFSUploadStream upload;

	private final MongoCollection<BsonDocument> chunks;

	private final String filename;

	private final int chunkSize;

	private final Document metadata;

	private final @Nullable String contentType;

	private final @Nullable MessageDigest digest;

	private final long maxFileSize;

	private final long started;

	private final byte[] single = new byte[1];

	private long written;

	private State state = State.OPEN;

	private @Nullable UploadedFile uploaded;

	GridFsUploadStream(GridFsContext context, String bucketName, GridFSUploadStream upload,
			MongoCollection<BsonDocument> chunks, String filename, int chunkSize,
			Document metadata, @Nullable String contentType, @Nullable MessageDigest digest, long started) {
		this.context = context;
		this.bucketName = bucketName;
		this.upload = upload;
		this.chunks = chunks;
		this.filename = filename;
		this.chunkSize = chunkSize;
		this.metadata = metadata;
		this.contentType = contentType;
		this.digest = digest;
		this.maxFileSize = context.maxFileSize();
		this.started = started;
	}

	/**
	 * Return the id of the file being uploaded.
	 * @return the id
	 */
	public BsonValue getId() {
		return this.upload.getId();
	}

	/**
	 * Return the name of the file being uploaded.
	 * @return the filename
	 */
	public String getFilename() {
		return this.filename;
	}

	/**
	 * Return the size of the chunks of this upload.
	 * @return the chunk size in bytes
	 */
	public int getChunkSize() {
		return this.chunkSize;
	}

	/**
	 * Return the number of bytes written so far.
	 * @return the length in bytes
	 */
	public long getLength() {
		return this.written;
	}

	/**
	 * Write one byte.
	 * @param b the byte, in the low eight bits
	 * @throws GridFsFileTooLargeException if the file would exceed the maximum file size
	 * @throws org.springframework.dao.DataAccessException if a chunk could not be stored
	 * @throws IllegalStateException if the upload is closed or aborted
	 */
	@Override
	public void write(int b) {
		this.single[0] = (byte) b;
		write(this.single, 0, 1);
	}

	/**
	 * Write bytes; each chunk that fills up is stored.
	 * @param bytes the bytes
	 * @throws GridFsFileTooLargeException if the file would exceed the maximum file size
	 * @throws org.springframework.dao.DataAccessException if a chunk could not be stored
	 * @throws IllegalStateException if the upload is closed or aborted
	 */
	@Override
	public void write(byte[] bytes) {
		write(bytes, 0, bytes.length);
	}

	/**
	 * Write bytes; each chunk that fills up is stored.
	 * @param bytes the bytes
	 * @param offset where the bytes to write start
	 * @param length how many bytes to write
	 * @throws GridFsFileTooLargeException if the file would exceed the maximum file size
	 * @throws org.springframework.dao.DataAccessException if a chunk could not be stored
	 * @throws IllegalStateException if the upload is closed or aborted
	 */
	@Override
	public void write(byte[] bytes, int offset, int length) {
		Objects.checkFromIndexSize(offset, length, bytes.length);
		Assert.state(this.state == State.OPEN, this::notOpen);
		if (length == 0) {
			return;
		}
		if (length > this.maxFileSize - this.written) {
			GridFsFileTooLargeException tooLarge = new GridFsFileTooLargeException(this.bucketName, this.filename,
					this.maxFileSize);
			fail(tooLarge, this.written / this.chunkSize);
			throw tooLarge;
		}
		if (this.digest != null) {
			this.digest.update(bytes, offset, length);
		}
		try {
			this.upload.write(bytes, offset, length);
		}
		catch (RuntimeException ex) {
			// The chunks before this write are ours. Those of this write may have been stored,
			// unless the first one collided with another file's: a duplicate key means that
			// the id is taken, and a file's chunks start at n = 0.
			long before = this.written / this.chunkSize;
			RuntimeException translated = this.context.translate(ex);
			fail(translated, isDuplicateKey(ex) ? before : chunksFor(this.written + length));
			throw translated;
		}
		this.written += length;
		this.context.observer().bytesTransferred(this.bucketName, TransferDirection.UPLOAD, length);
	}

	/**
	 * Does nothing: chunks are stored as they fill up, and the last one on {@link #close()}.
	 */
	@Override
	public void flush() {
	}

	/**
	 * Store the last chunk and the file; the file then exists. Does nothing if the upload is
	 * already stored or aborted.
	 * @throws org.springframework.dao.DataAccessException if the file could not be stored,
	 * in which case the chunks written are removed
	 */
	@Override
	public void close() {
		if (this.state != State.OPEN) {
			return;
		}
		String checksum = null;
		if (this.digest != null) {
			checksum = HexFormat.of().formatHex(this.digest.digest());
			// The driver encodes this same Document into the files document when it closes.
			this.metadata.put(StoredFile.CHECKSUM_KEY, checksum);
		}
		try {
			this.upload.close();
		}
		catch (RuntimeException ex) {
			RuntimeException translated = this.context.translate(ex);
			fail(translated, chunksStoredBeforeFailedClose(ex));
			throw translated;
		}
		this.state = State.STORED;
		this.uploaded = new UploadedFile(getId(), this.filename, this.written, this.chunkSize, this.contentType,
				checksum);
		completed(Outcome.SUCCESS);
	}

	/**
	 * Drop the upload: remove the chunks written so far, and store no file. Does nothing if
	 * the upload is already aborted or failed.
	 * @throws IllegalStateException if the file is already stored
	 * @throws org.springframework.dao.DataAccessException if the chunks could not be removed
	 */
	public void abort() {
		if (this.state == State.ABORTED) {
			return;
		}
		Assert.state(this.state != State.STORED, () -> "The upload of '" + this.filename + "' to bucket '"
				+ this.bucketName + "' is already stored; delete the file instead");
		this.state = State.ABORTED;
		try {
			deleteChunks(chunksFor(this.written));
		}
		finally {
			completed(Outcome.ABORTED);
		}
	}

	/**
	 * Return what was stored, once the upload is closed.
	 * @return the stored file
	 * @throws IllegalStateException if the upload is not closed, or was aborted
	 */
	public UploadedFile getUploadedFile() {
		Assert.state(this.uploaded != null, () -> "The upload of '" + this.filename + "' to bucket '"
				+ this.bucketName + "' is " + this.state.description);
		return this.uploaded;
	}

	/**
	 * Drop the upload after a failure of the caller, such as a source that could not be
	 * read: remove the chunks written so far, and record the failure.
	 * @param cause the failure, to which a failure to remove the chunks is added
	 */
	void fail(Throwable cause) {
		if (this.state == State.OPEN) {
			fail(cause, chunksFor(this.written));
		}
	}

	private void fail(Throwable cause, long chunksToDelete) {
		this.state = State.ABORTED;
		try {
			deleteChunks(chunksToDelete);
		}
		catch (RuntimeException ex) {
			cause.addSuppressed(ex);
		}
		finally {
			completed(Outcome.ERROR);
		}
	}

	/**
	 * Delete the chunks of this upload below a chunk number. Works on an interrupted thread
	 * too: the interrupt is set aside while the chunks are deleted, then restored.
	 */
	private void deleteChunks(long below) {
		if (below <= 0) {
			return;
		}
		boolean interrupted = Thread.interrupted();
		try {
			Bson filter = Filters.and(Filters.eq("files_id", getId()), Filters.lt("n", below));
			this.chunks.deleteMany(filter);
		}
		catch (RuntimeException ex) {
			throw this.context.translate(ex);
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Return how many chunks were stored before the driver failed to close the upload, which
	 * stores the last partial chunk, then the files document.
	 */
	private long chunksStoredBeforeFailedClose(RuntimeException ex) {
		long full = this.written / this.chunkSize;
		boolean partial = this.written % this.chunkSize != 0;
		if (!isDuplicateKey(ex)) {
			return chunksFor(this.written);
		}
		if (!partial || full > 0) {
			// Every chunk of ours was stored (an earlier chunk would have collided with the
			// other file's first one), so the files document collided: the id is taken by a
			// file without chunks.
			return chunksFor(this.written);
		}
		// A single partial chunk: either it collided with the first chunk of another file
		// that has this id, or it was stored and the files document collided with an empty
		// file's. Deleting it could delete the other file's chunk, so it stays.
		return 0;
	}

	private long chunksFor(long bytes) {
		return (bytes + this.chunkSize - 1) / this.chunkSize;
	}

	private static boolean isDuplicateKey(RuntimeException ex) {
		if (ex instanceof MongoWriteException writeException) {
			return writeException.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
		}
		return ex instanceof MongoServerException
				&& ErrorCategory.fromErrorCode(((MongoServerException) ex).getCode()) == ErrorCategory.DUPLICATE_KEY;
	}

	private void completed(Outcome outcome) {
		this.context.observer()
			.operationCompleted(this.bucketName, FileOperation.UPLOAD, outcome, System.nanoTime() - this.started);
	}

	private String notOpen() {
		return "The upload of '" + this.filename + "' to bucket '" + this.bucketName + "' is "
				+ this.state.description;
	}

	private enum State {

		OPEN("not closed yet"), STORED("already stored"), ABORTED("aborted");

		private final String description;

		State(String description) {
			this.description = description;
		}

	}

}
