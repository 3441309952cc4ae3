package io.connectplatform.mongodb.gridfs;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.util.function.ThrowingConsumer;

/**
 * The operations of one GridFS bucket: files of any size, stored in chunks and streamed in
 * and out with memory bounded by a chunk or two. Implemented by {@link GridFsBucketTemplate}.
 * <p>
 * Files are identified by their id, or by their filename and a revision: uploads with the
 * same filename are revisions of it, ordered by upload date. Revision {@value #ORIGINAL} is
 * the original, {@code 1} the next and so on; {@value #LATEST} is the latest, {@code -2} the
 * one before it and so on.
 * <p>
 * Inside a transaction, every operation joins it. Bad arguments throw an
 * {@link IllegalArgumentException} before anything is sent; MongoDB failures are Spring
 * {@code DataAccessException}s; a file that is not there is a
 * {@link GridFsFileNotFoundException}. Failures to read a caller's source or write a
 * caller's target are {@link java.io.UncheckedIOException}s.
 *
 * @author Connect MongoDB team
 */
public interface GridFsBucketOperations {

	/**
	 * The revision of the original upload of a filename.
	 */
	int ORIGINAL = 0;

	/**
	 * The revision of the latest upload of a filename.
	 */
	int LATEST = -1;

	/**
	 * Return the name of the bucket: its files are in {@code <name>.files} and
	 * {@code <name>.chunks}.
	 * @return the bucket name
	 */
	String getBucketName();

	/**
	 * Return the operations of another bucket of the same database, with the same settings.
	 * They are created once and cached.
	 * @param bucketName the bucket name: not empty, without {@code $} or NUL, not starting
	 * or ending with a dot, not starting with {@code system.}
	 * @return the operations of the bucket
	 */
	GridFsBucketOperations bucket(String bucketName);

	/**
	 * Store a file.
	 * @param filename the filename
	 * @param content the content
	 * @return what was stored
	 * @throws GridFsFileTooLargeException if the content exceeds the maximum file size, in
	 * which case nothing is sent
	 */
	UploadedFile upload(String filename, byte[] content);

	/**
	 * Store a file.
	 * @param filename the filename
	 * @param content the content
	 * @param options the content type, metadata, id and chunk size
	 * @return what was stored
	 * @throws GridFsFileTooLargeException if the content exceeds the maximum file size, in
	 * which case nothing is sent
	 */
	UploadedFile upload(String filename, byte[] content, UploadOptions options);

	/**
	 * Store a file with the content of a stream, read to its end (and not closed). If
	 * reading it fails, nothing is stored and the chunks already written are removed.
	 * @param filename the filename
	 * @param content the content
	 * @return what was stored
	 * @throws GridFsFileTooLargeException if the content exceeds the maximum file size,
	 * when it does
	 * @throws java.io.UncheckedIOException if the stream could not be read
	 */
	UploadedFile upload(String filename, InputStream content);

	/**
	 * Store a file with the content of a stream, read to its end (and not closed). If
	 * reading it fails, nothing is stored and the chunks already written are removed.
	 * @param filename the filename
	 * @param content the content
	 * @param options the content type, metadata, id and chunk size
	 * @return what was stored
	 * @throws GridFsFileTooLargeException if the content exceeds the maximum file size,
	 * when it does
	 * @throws java.io.UncheckedIOException if the stream could not be read
	 */
	UploadedFile upload(String filename, InputStream content, UploadOptions options);

	/**
	 * Store a file with the content of a local file.
	 * @param filename the filename to store it under
	 * @param source the local file
	 * @return what was stored
	 * @throws GridFsFileTooLargeException if the file exceeds the maximum file size, in which
	 * case nothing is sent
	 * @throws java.io.UncheckedIOException if the local file could not be read
	 */
	UploadedFile upload(String filename, Path source);

	/**
	 * Store a file with the content of a local file.
	 * @param filename the filename to store it under
	 * @param source the local file
	 * @param options the content type, metadata, id and chunk size
	 * @return what was stored
	 * @throws GridFsFileTooLargeException if the file exceeds the maximum file size, in which
	 * case nothing is sent
	 * @throws java.io.UncheckedIOException if the local file could not be read
	 */
	UploadedFile upload(String filename, Path source, UploadOptions options);

	/**
	 * Store a file with what a writer writes to an upload stream. If the writer throws,
	 * nothing is stored, the chunks already written are removed, and its exception is
	 * rethrown (a checked {@code IOException} as an {@code UncheckedIOException}).
	 * @param filename the filename
	 * @param options the content type, metadata, id and chunk size
	 * @param writer writes the content; it need not close the stream
	 * @return what was stored
	 * @throws GridFsFileTooLargeException if the content exceeds the maximum file size,
	 * when it does
	 */
	UploadedFile upload(String filename, UploadOptions options, ThrowingConsumer<OutputStream> writer);

	/**
	 * Open an upload: write the content to the stream, then close it to store the file, or
	 * {@link GridFsUploadStream#abort() abort} it.
	 * @param filename the filename
	 * @return the upload stream
	 */
	GridFsUploadStream openUploadStream(String filename);

	/**
	 * Open an upload: write the content to the stream, then close it to store the file, or
	 * {@link GridFsUploadStream#abort() abort} it.
	 * @param filename the filename
	 * @param options the content type, metadata, id and chunk size
	 * @return the upload stream
	 */
	GridFsUploadStream openUploadStream(String filename, UploadOptions options);

	/**
	 * Open the content of a file; close the stream when done.
	 * @param id the file's id
	 * @return the content
	 * @throws GridFsFileNotFoundException if there is no file with the id
	 */
	GridFsDownloadStream openDownloadStream(Object id);

	/**
	 * Open a range of the content of a file, for an HTTP {@code Range} request; close the
	 * stream when done. The chunks before the range are not read. A range that ends past
	 * the end of the file stops there; one that starts past it is empty. The checksum is
	 * checked only when the range is the whole file.
	 * @param id the file's id
	 * @param offset the position of the first byte to read, zero or more
	 * @param length the most bytes to read, zero or more
	 * @return the content of the range
	 * @throws GridFsFileNotFoundException if there is no file with the id
	 */
	GridFsDownloadStream openDownloadStream(Object id, long offset, long length);

	/**
	 * Open the content of a revision of a filename; close the stream when done.
	 * @param filename the filename
	 * @param revision the revision: {@value #LATEST} for the latest, {@value #ORIGINAL} for
	 * the original
	 * @return the content
	 * @throws GridFsFileNotFoundException if there is no such revision
	 */
	GridFsDownloadStream openDownloadStream(String filename, int revision);

	/**
	 * Open a range of the content of a revision of a filename; close the stream when done.
	 * See {@link #openDownloadStream(Object, long, long)} for ranges.
	 * @param filename the filename
	 * @param revision the revision: {@value #LATEST} for the latest, {@value #ORIGINAL} for
	 * the original
	 * @param offset the position of the first byte to read, zero or more
	 * @param length the most bytes to read, zero or more
	 * @return the content of the range
	 * @throws GridFsFileNotFoundException if there is no such revision
	 */
	GridFsDownloadStream openDownloadStream(String filename, int revision, long offset, long length);

	/**
	 * Write the content of a file to a stream (which is not closed).
	 * @param id the file's id
	 * @param target where to write it
	 * @return the file
	 * @throws GridFsFileNotFoundException if there is no file with the id
	 * @throws GridFsChecksumMismatchException if the content does not have the stored
	 * checksum, which is known once it is all written
	 * @throws java.io.UncheckedIOException if the target could not be written
	 */
	StoredFile download(Object id, OutputStream target);

	/**
	 * Write the content of a revision of a filename to a stream (which is not closed).
	 * @param filename the filename
	 * @param revision the revision: {@value #LATEST} for the latest, {@value #ORIGINAL} for
	 * the original
	 * @param target where to write it
	 * @return the file
	 * @throws GridFsFileNotFoundException if there is no such revision
	 * @throws GridFsChecksumMismatchException if the content does not have the stored
	 * checksum, which is known once it is all written
	 * @throws java.io.UncheckedIOException if the target could not be written
	 */
	StoredFile download(String filename, int revision, OutputStream target);

	/**
	 * Write the content of a file to a local file, replacing it if it exists. If the
	 * download fails, the local file is deleted.
	 * @param id the file's id
	 * @param target the local file
	 * @return the file
	 * @throws GridFsFileNotFoundException if there is no file with the id, in which case
	 * the local file is left alone
	 * @throws GridFsChecksumMismatchException if the content does not have the stored
	 * checksum
	 * @throws java.io.UncheckedIOException if the local file could not be written
	 */
	StoredFile download(Object id, Path target);

	/**
	 * Write the content of a revision of a filename to a local file, replacing it if it
	 * exists. If the download fails, the local file is deleted.
	 * @param filename the filename
	 * @param revision the revision: {@value #LATEST} for the latest, {@value #ORIGINAL} for
	 * the original
	 * @param target the local file
	 * @return the file
	 * @throws GridFsFileNotFoundException if there is no such revision, in which case the
	 * local file is left alone
	 * @throws GridFsChecksumMismatchException if the content does not have the stored
	 * checksum
	 * @throws java.io.UncheckedIOException if the local file could not be written
	 */
	StoredFile download(String filename, int revision, Path target);

	/**
	 * Read the content of a file into memory.
	 * @param id the file's id
	 * @return the content
	 * @throws GridFsFileNotFoundException if there is no file with the id
	 * @throws GridFsChecksumMismatchException if the content does not have the stored
	 * checksum
	 * @throws org.springframework.dao.InvalidDataAccessApiUsageException if the file is too
	 * large for an array
	 */
	byte[] downloadBytes(Object id);

	/**
	 * Read a range of the content of a file into memory. See
	 * {@link #openDownloadStream(Object, long, long)} for ranges.
	 * @param id the file's id
	 * @param offset the position of the first byte to read, zero or more
	 * @param length the most bytes to read, zero or more
	 * @return the content of the range
	 * @throws GridFsFileNotFoundException if there is no file with the id
	 * @throws org.springframework.dao.InvalidDataAccessApiUsageException if the range is
	 * too large for an array
	 */
	byte[] downloadBytes(Object id, long offset, long length);

	/**
	 * Read the content of a revision of a filename into memory.
	 * @param filename the filename
	 * @param revision the revision: {@value #LATEST} for the latest, {@value #ORIGINAL} for
	 * the original
	 * @return the content
	 * @throws GridFsFileNotFoundException if there is no such revision
	 * @throws GridFsChecksumMismatchException if the content does not have the stored
	 * checksum
	 * @throws org.springframework.dao.InvalidDataAccessApiUsageException if the file is too
	 * large for an array
	 */
	byte[] downloadBytes(String filename, int revision);

	/**
	 * Read a whole file and check that its content has the SHA-256 stored at upload,
	 * whatever the checksum setting of the template.
	 * @param id the file's id
	 * @return {@code true} if the checksum matches, {@code false} if the file has none (it
	 * was uploaded without one), in which case its content is not read
	 * @throws GridFsFileNotFoundException if there is no file with the id
	 * @throws GridFsChecksumMismatchException if the content does not have the stored
	 * checksum
	 */
	boolean verify(Object id);

	/**
	 * Return a file.
	 * @param id the file's id
	 * @return the file, or empty if there is none with the id
	 */
	Optional<StoredFile> findById(Object id);

	/**
	 * Return a revision of a filename.
	 * @param filename the filename
	 * @param revision the revision: {@value #LATEST} for the latest, {@value #ORIGINAL} for
	 * the original
	 * @return the file, or empty if there is no such revision
	 */
	Optional<StoredFile> findOne(String filename, int revision);

	/**
	 * Return the files that match a query, with its sort, skip and limit.
	 * @param query the query
	 * @return the files
	 */
	List<StoredFile> find(FileQuery query);

	/**
	 * Return one page of the files that match a query, and their total (counted only when the
	 * page does not tell it). The page's sort, if it has one, wins over the query's; the
	 * query's skip and limit are ignored. {@link Pageable#unpaged()} returns every match.
	 * @param query the query
	 * @param pageable the page number, size and sort; sort properties are checked as
	 * {@link io.connectplatform.mongodb.core.SafeSorts} does
	 * @return the page
	 */
	Page<StoredFile> page(FileQuery query, Pageable pageable);

	/**
	 * Count the files that match a query, ignoring its skip and limit.
	 * @param query the query
	 * @return the number of files
	 */
	long count(FileQuery query);

	/**
	 * Return whether a file exists.
	 * @param id the file's id
	 * @return {@code true} if there is a file with the id
	 */
	boolean existsById(Object id);

	/**
	 * Return whether any file matches a query.
	 * @param query the query
	 * @return {@code true} if a file matches
	 */
	boolean exists(FileQuery query);

	/**
	 * Decode the metadata of a file with the codec registry of the template, into the type
	 * it was uploaded from, such as a record.
	 * @param <T> the type
	 * @param file the file
	 * @param type the type
	 * @return the metadata
	 */
	<T> T metadata(StoredFile file, Class<T> type);

	/**
	 * Rename a file.
	 * @param id the file's id
	 * @param newFilename the new filename
	 * @throws GridFsFileNotFoundException if there is no file with the id
	 */
	void rename(Object id, String newFilename);

	/**
	 * Rename every revision of a filename.
	 * @param filename the filename
	 * @param newFilename the new filename
	 * @return the number of files renamed, or {@code -1} with an unacknowledged write
	 * concern
	 */
	long renameAll(String filename, String newFilename);

	/**
	 * Replace the metadata of a file, keeping its content type and checksum.
	 * @param id the file's id
	 * @param metadata the new metadata: a {@code Map}, a {@code Document} or an object the
	 * codec registry encodes as a document; {@code null} to remove it
	 * @throws GridFsFileNotFoundException if there is no file with the id
	 */
	void replaceMetadata(Object id, @Nullable Object metadata);

	/**
	 * Delete a file and its chunks.
	 * @param id the file's id
	 * @return {@code true} if the file existed
	 */
	boolean delete(Object id);

	/**
	 * Delete every revision of a filename and their chunks.
	 * @param filename the filename
	 * @return the number of files deleted
	 */
	long deleteAll(String filename);

	/**
	 * Check the bucket's indexes now, outside any transaction, and create them if the bucket
	 * is empty. The first upload does it anyway; calling this at startup keeps that work out
	 * of a transaction whose earlier operations would make the server refuse to write to
	 * collections created after they started.
	 */
	void ensureIndexes();

	/**
	 * Drop the bucket: its files and chunks collections. Its indexes are created again
	 * before the next upload. Like the templates' collection management, it never joins the
	 * thread's transaction (MongoDB refuses to drop collections in one): called inside one,
	 * it drops the bucket at once, whatever becomes of the transaction.
	 */
	void drop();

}
