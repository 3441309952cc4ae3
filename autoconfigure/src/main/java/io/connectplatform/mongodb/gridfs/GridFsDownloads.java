package io.connectplatform.mongodb.gridfs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.function.Supplier;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSDownloadStream;
import com.mongodb.client.gridfs.model.GridFSDownloadOptions;
import io.connectplatform.mongodb.gridfs.GridFsObserver.FileOperation;
import io.connectplatform.mongodb.gridfs.GridFsObserver.Outcome;
import org.bson.BsonValue;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.util.Assert;

/**
 * The downloads of a {@link GridFsBucketTemplate}: whole files or ranges, by id or by filename
 * and revision, to a stream, a file or an array, or through an open
 * {@link GridFsDownloadStream}, checking the checksum of whole files; and the verification
 * of a stored file against its checksum.
 *
 * @author Connect MongoDB team
 */
final class GridFsDownloads {

	private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

	private final BucketHandle handle;

	private final GridFsContext context;

	private final String bucketName;

	GridFsDownloads(BucketHandle handle) {
		this.handle = handle;
		this.context = handle.context();
		this.bucketName = handle.bucketName();
	}

	GridFsDownloadStream openDownloadStream(Object id) {
		return openById(id, 0, Long.MAX_VALUE, FileOperation.DOWNLOAD, verifyDownloads());
	}

	GridFsDownloadStream openDownloadStream(Object id, long offset, long length) {
		GridFsChecks.checkRange(offset, length);
		return openById(id, offset, length, FileOperation.DOWNLOAD, verifyDownloads());
	}

	GridFsDownloadStream openDownloadStream(String filename, int revision) {
		return openByName(filename, revision, 0, Long.MAX_VALUE);
	}

	GridFsDownloadStream openDownloadStream(String filename, int revision, long offset, long length) {
		GridFsChecks.checkRange(offset, length);
		return openByName(filename, revision, offset, length);
	}

	StoredFile download(Object id, OutputStream target) {
		Assert.notNull(target, "'target' must not be null");
		return copy(openDownloadStream(id), target);
	}

	StoredFile download(String filename, int revision, OutputStream target) {
		Assert.notNull(target, "'target' must not be null");
		return copy(openDownloadStream(filename, revision), target);
	}

	StoredFile download(Object id, Path target) {
		Assert.notNull(target, "'target' must not be null");
		return copy(openDownloadStream(id), target);
	}

	StoredFile download(String filename, int revision, Path target) {
		Assert.notNull(target, "'target' must not be null");
		return copy(openDownloadStream(filename, revision), target);
	}

	byte[] downloadBytes(Object id) {
		return readAll(openDownloadStream(id));
	}

	byte[] downloadBytes(Object id, long offset, long length) {
		return readAll(openDownloadStream(id, offset, length));
	}

	byte[] downloadBytes(String filename, int revision) {
		return readAll(openDownloadStream(filename, revision));
	}

	boolean verify(Object id) {
		try (GridFsDownloadStream content = openById(id, 0, Long.MAX_VALUE, FileOperation.VERIFY, true)) {
			if (content.getFile().checksum() == null) {
				return false;
			}
			byte[] buffer = new byte[copyBufferSize(content)];
			while (content.read(buffer, 0, buffer.length) != -1) {
				// Read to the end, where the checksum is checked.
			}
			return true;
		}
	}

	private GridFsDownloadStream openById(Object id, long offset, long length, FileOperation operation, boolean verify) {
		BsonValue bsonId = this.handle.id(id);
		return open((bucket) -> bucket.openDownloadStream(bsonId), () -> this.handle.notFound(bsonId), offset, length,
				operation, verify);
	}

	private GridFsDownloadStream openByName(String filename, int revision, long offset, long length) {
		GridFsChecks.checkFilename(filename, "filename");
		GridFSDownloadOptions options = new GridFSDownloadOptions().revision(revision);
		return open((bucket) -> bucket.openDownloadStream(filename, options),
				() -> new GridFsFileNotFoundException(this.bucketName, "No revision " + revision + " of file '"
						+ filename + "' in bucket '" + this.bucketName + "'"),
				offset, length, FileOperation.DOWNLOAD, verifyDownloads());
	}

	private GridFsDownloadStream open(Opener opener, Supplier<GridFsFileNotFoundException> notFound, long offset,
			long length, FileOperation operation, boolean verify) {
		long started = System.nanoTime();
		GridFSDownloadStream download;
		try {
			download = opener.open(this.context.forRead(this.handle.bucket()));
		}
		catch (MongoGridFSException ex) {
			// Opening a download stream fails with a GridFS error only when the file is missing.
			this.handle.completed(operation, Outcome.NOT_FOUND, started);
			throw notFound.get();
		}
		catch (RuntimeException ex) {
			this.handle.completed(operation, Outcome.ERROR, started);
			throw this.context.translate(ex);
		}
		StoredFile file = StoredFile.of(download.getGridFSFile());
		boolean whole = offset == 0 && length >= file.length();
		MessageDigest digest = (verify && whole && file.checksum() != null) ? BucketHandle.sha256() : null;
		return new GridFsDownloadStream(this.context, this.bucketName, download, file, offset, length, digest,
				operation, started);
	}

	private boolean verifyDownloads() {
		return this.context.checksum() == GridFsChecksum.SHA_256;
	}

	private StoredFile copy(GridFsDownloadStream content, OutputStream target) {
		try (content) {
			byte[] buffer = new byte[copyBufferSize(content)];
			int read;
			while ((read = content.read(buffer, 0, buffer.length)) != -1) {
				try {
					target.write(buffer, 0, read);
				}
				catch (IOException ex) {
					content.failed();
					throw new UncheckedIOException("Could not write the content of '" + content.getFile().filename()
							+ "' from bucket '" + this.bucketName + "'", ex);
				}
			}
			return content.getFile();
		}
	}

	private StoredFile copy(GridFsDownloadStream content, Path target) {
		OutputStream out;
		try {
			out = Files.newOutputStream(target);
		}
		catch (IOException ex) {
			content.failed();
			content.close();
			throw new UncheckedIOException("Could not write the content of '" + content.getFile().filename()
					+ "' from bucket '" + this.bucketName + "' to '" + target + "'", ex);
		}
		try (out) {
			return copy(content, out);
		}
		catch (IOException | RuntimeException ex) {
			try {
				Files.deleteIfExists(target);
			}
			catch (IOException deleteFailure) {
				ex.addSuppressed(deleteFailure);
			}
			if (ex instanceof IOException ioException) {
				throw new UncheckedIOException("Could not write the content of '" + content.getFile().filename()
						+ "' from bucket '" + this.bucketName + "' to '" + target + "'", ioException);
			}
			throw (RuntimeException) ex;
		}
	}

	private byte[] readAll(GridFsDownloadStream content) {
		try (content) {
			long length = content.getRemaining();
			if (length > MAX_ARRAY_LENGTH) {
				content.failed();
				throw new InvalidDataAccessApiUsageException("File '" + content.getFile().filename() + "' in bucket '"
						+ this.bucketName + "' has " + length
						+ " bytes to read, too many for an array; use openDownloadStream or download to a Path");
			}
			byte[] bytes = new byte[(int) length];
			int position = 0;
			while (position < bytes.length) {
				int read = content.read(bytes, position, bytes.length - position);
				if (read == -1) {
					break;
				}
				position += read;
			}
			// At the end, where the checksum of an empty file is checked too.
			content.read();
			return bytes;
		}
	}

	private static int copyBufferSize(GridFsDownloadStream content) {
		long size = Math.min(Math.min(content.getFile().chunkSize(), BucketHandle.MAX_COPY_BUFFER),
				content.getRemaining());
		return (int) Math.max(size, 1);
	}

	@FunctionalInterface
	private interface Opener {

		GridFSDownloadStream open(GridFSBucket bucket);

	}

}
