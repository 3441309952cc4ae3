package io.connectplatform.mongodb.gridfs;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What to store with an upload besides its content: a content type, metadata, an id of your
 * choice and a chunk size. Immutable: each method returns a new instance.
 * <pre class="code">
 * UploadOptions.defaults().contentType("application/pdf").metadata(Map.of("customer", "acme"))
 * </pre>
 *
 * @author Connect MongoDB team
 */
public final class UploadOptions {

	private static final UploadOptions DEFAULTS = new UploadOptions(null, null, null, null);

	private final @Nullable String contentType;

	private final @Nullable Object metadata;

	private final @Nullable Object id;

	private final @Nullable Integer chunkSize;

	private UploadOptions(@Nullable String contentType, @Nullable Object metadata, @Nullable Object id,
			@Nullable Integer chunkSize) {
		this.contentType = contentType;
		this.metadata = metadata;
		this.id = id;
		this.chunkSize = chunkSize;
	}

	/**
	 * Return options with nothing set: no content type or metadata, a generated
	 * {@code ObjectId} and the template's chunk size.
	 * @return the default options
	 */
	public static UploadOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Return these options with a content type, stored in the file's metadata as
	 * {@value StoredFile#CONTENT_TYPE_KEY}.
	 * @param contentType the content type, such as {@code application/pdf}
	 * @return new options
	 */
	public UploadOptions contentType(String contentType) {
		Assert.hasText(contentType, "'contentType' must not be empty");
		return new UploadOptions(contentType, this.metadata, this.id, this.chunkSize);
	}

	/**
	 * Return these options with metadata: a {@code Map} with {@code String} keys, a
	 * {@code Document}, or any object the codec registry of the template encodes as a
	 * document (a record or a POJO). Its fields must not be
	 * {@value StoredFile#CONTENT_TYPE_KEY} or {@value StoredFile#CHECKSUM_KEY}, which the
	 * template keeps for itself.
	 * @param metadata the metadata
	 * @return new options
	 */
	public UploadOptions metadata(Object metadata) {
		Assert.notNull(metadata, "'metadata' must not be null");
		return new UploadOptions(this.contentType, metadata, this.id, this.chunkSize);
	}

	/**
	 * Return these options with the id of the file: a {@code BsonValue}, an
	 * {@code ObjectId}, a {@code String} or any value the codec registry of the template
	 * encodes. Without one, an {@code ObjectId} is generated.
	 * @param id the id
	 * @return new options
	 */
	public UploadOptions id(Object id) {
		Assert.notNull(id, "'id' must not be null");
		return new UploadOptions(this.contentType, this.metadata, id, this.chunkSize);
	}

	/**
	 * Return these options with the size of the chunks of this upload, instead of the
	 * template's.
	 * @param chunkSize the chunk size in bytes, from 1 to
	 * {@value GridFsBucketTemplate#MAX_CHUNK_SIZE}
	 * @return new options
	 */
	public UploadOptions chunkSize(int chunkSize) {
		GridFsChecks.checkChunkSize(chunkSize);
		return new UploadOptions(this.contentType, this.metadata, this.id, chunkSize);
	}

	/**
	 * Return the content type.
	 * @return the content type, or {@code null} if none is set
	 */
	public @Nullable String getContentType() {
		return this.contentType;
	}

	/**
	 * Return the metadata.
	 * @return the metadata, or {@code null} if none is set
	 */
	public @Nullable Object getMetadata() {
		return this.metadata;
	}

	/**
	 * Return the id of the file.
	 * @return the id, or {@code null} to generate one
	 */
	public @Nullable Object getId() {
		return this.id;
	}

	/**
	 * Return the chunk size.
	 * @return the chunk size in bytes, or {@code null} for the template's
	 */
	public @Nullable Integer getChunkSize() {
		return this.chunkSize;
	}

}
