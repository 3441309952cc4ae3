package io.connectplatform.mongodb.gridfs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import io.connectplatform.mongodb.gridfs.GridFsObserver.FileOperation;
import io.connectplatform.mongodb.gridfs.GridFsObserver.Outcome;
import org.bson.BsonObjectId;
import org.bson.BsonValue;
import org.bson.Document;

import org.springframework.util.Assert;
import org.springframework.util.function.ThrowingConsumer;

/**
 * The uploads of a {@link GridFsBucketTemplate}: from an array, a stream, a file or a writer, or
 * through an open {@link GridFsUploadStream}, within the size limit, with the checksum of
 * their content, after the bucket's indexes are checked.
 *
 * @author Connect MongoDB team
 */
final class GridFsUploads {

	private final BucketHandle handle;

	private final GridFsContext context;

	private final String bucketName;

	GridFsUploads(BucketHandle handle) {
		this.handle = handle;
		this.context = handle.context();
		this.bucketName = handle.bucketName();
	}

	UploadedFile upload(String filename, byte[] content, UploadOptions options) {
		GridFsChecks.checkFilename(filename, "filename");
		Assert.notNull(content, "'content' must not be null");
		Assert.notNull(options, "'options' must not be null");
		checkKnownSize(filename, content.length);
		return upload(filename, new ByteArrayInputStream(content), options);
	}

	UploadedFile upload(String filename, InputStream content, UploadOptions options) {
		Assert.notNull(content, "'content' must not be null");
		GridFsUploadStream upload = openUploadStream(filename, options);
		byte[] buffer = new byte[Math.min(upload.getChunkSize(), BucketHandle.MAX_COPY_BUFFER)];
		try {
			int read;
			while ((read = content.read(buffer)) != -1) {
				upload.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			UncheckedIOException failure = new UncheckedIOException(
					"Could not read the content of '" + filename + "' to upload to bucket '" + this.bucketName + "'",
					ex);
			upload.fail(failure);
			throw failure;
		}
		catch (RuntimeException | Error ex) {
			upload.fail(ex);
			throw ex;
		}
		upload.close();
		return upload.getUploadedFile();
	}

	UploadedFile upload(String filename, Path source, UploadOptions options) {
		GridFsChecks.checkFilename(filename, "filename");
		Assert.notNull(source, "'source' must not be null");
		Assert.notNull(options, "'options' must not be null");
		try (InputStream content = Files.newInputStream(source)) {
			checkKnownSize(filename, Files.size(source));
			return upload(filename, content, options);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read '" + source + "' to upload to bucket '" + this.bucketName
					+ "' as '" + filename + "'", ex);
		}
	}

	UploadedFile upload(String filename, UploadOptions options, ThrowingConsumer<OutputStream> writer) {
		Assert.notNull(writer, "'writer' must not be null");
		GridFsUploadStream upload = openUploadStream(filename, options);
		try {
			writer.acceptWithException(upload);
		}
		catch (IOException ex) {
			UncheckedIOException failure = new UncheckedIOException(
					"The writer of '" + filename + "' for bucket '" + this.bucketName + "' failed", ex);
			upload.fail(failure);
			throw failure;
		}
		catch (RuntimeException | Error ex) {
			upload.fail(ex);
			throw ex;
		}
		catch (Exception ex) {
			IllegalStateException failure = new IllegalStateException(
					"The writer of '" + filename + "' for bucket '" + this.bucketName + "' failed", ex);
			upload.fail(failure);
			throw failure;
		}
		upload.close();
		return upload.getUploadedFile();
	}

	GridFsUploadStream openUploadStream(String filename, UploadOptions options) {
		GridFsChecks.checkFilename(filename, "filename");
		Assert.notNull(options, "'options' must not be null");
		Integer optionsChunkSize = options.getChunkSize();
		int chunkSize = (optionsChunkSize != null) ? optionsChunkSize : this.context.chunkSize();
		Document metadata = this.handle.metadata(options.getMetadata());
		if (options.getContentType() != null) {
			metadata.put(StoredFile.CONTENT_TYPE_KEY, options.getContentType());
		}
		BsonValue id = (options.getId() != null) ? this.handle.id(options.getId()) : new BsonObjectId();
		MessageDigest digest = (this.context.checksum() == GridFsChecksum.SHA_256) ? BucketHandle.sha256() : null;
		long started = System.nanoTime();
		try {
			GridFSBucket bucket = this.context.forWrite(this.handle.bucket(), "upload", this.bucketName);
			this.handle.ensureIndexes();
			GridFSUploadOptions uploadOptions = new GridFSUploadOptions().chunkSizeBytes(chunkSize).metadata(metadata);
			GridFSUploadStream upload = bucket.openUploadStream(id, filename, uploadOptions);
			// The chunks of a failed upload are deleted in the upload's transaction, if any.
			return new GridFsUploadStream(this.context, this.bucketName, upload,
					this.context.forRead(this.handle.chunks()), filename, chunkSize, metadata, options.getContentType(), digest, started);
		}
		catch (RuntimeException ex) {
			this.handle.completed(FileOperation.UPLOAD, Outcome.ERROR, started);
			throw this.context.translate(ex);
		}
	}

	private void checkKnownSize(String filename, long size) {
		if (size > this.context.maxFileSize()) {
			// Refused before anything is sent, and counted as a failed upload.
			this.handle.completed(FileOperation.UPLOAD, Outcome.ERROR, System.nanoTime());
			throw new GridFsFileTooLargeException(this.bucketName, filename, this.context.maxFileSize());
		}
	}

}
