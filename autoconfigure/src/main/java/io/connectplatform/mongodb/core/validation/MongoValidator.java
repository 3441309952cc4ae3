package io.connectplatform.mongodb.core.validation;

import java.util.List;

import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonSerializationException;
import org.bson.BsonValue;
import org.bson.ByteBuf;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.bson.io.BasicOutputBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Rejects bad input with a clear {@link MongoValidationException} before anything is sent
 * to MongoDB: documents that are too large, nest too deep or have reserved field names,
 * invalid collection names, malformed pipelines, and server-side JavaScript. Each
 * rejection is first reported to a {@link ValidationRejectionListener}.
 * <p>
 * Meant to sit in front of every write: nothing is allocated on the happy path beyond
 * what encoding and rendering need. Thread-safe.
 *
 * @author Connect MongoDB team
 */
public final class MongoValidator {

	private static final EncoderContext COLLECTIBLE = EncoderContext.builder()
		.isEncodingCollectibleDocument(true)
		.build();

	private final ValidationSettings settings;

	private final ValidationRejectionListener listener;

	private final boolean enabled;

	private final int maxNestingDepth;

	private final boolean checkJavascript;

	private final int maxDocumentSize;

	/**
	 * Create a validator.
	 * @param settings what to check
	 * @param listener told about each rejection
	 */
	public MongoValidator(ValidationSettings settings, ValidationRejectionListener listener) {
		this.settings = settings;
		this.listener = listener;
		this.enabled = settings.enabled();
		this.maxNestingDepth = settings.maxNestingDepth();
		this.checkJavascript = settings.enabled() && !settings.allowServerSideJavascript();
		Integer maxDocumentSize = settings.maxDocumentSize();
		this.maxDocumentSize = (maxDocumentSize != null) ? maxDocumentSize : 0;
	}

	/**
	 * Create a validator with the {@link ValidationSettings#defaults() default settings}
	 * that reports rejections to no one.
	 * @return a new validator
	 */
	public static MongoValidator defaults() {
		return new MongoValidator(ValidationSettings.defaults(), ValidationRejectionListener.NONE);
	}

	/**
	 * Return what this validator checks.
	 * @return the settings
	 */
	public ValidationSettings getSettings() {
		return this.settings;
	}

	/**
	 * Check a collection name: it must not be empty, contain NUL or {@code $}, or start
	 * with {@code system.}. Always checked, even when validation is disabled.
	 * @param name the collection name
	 * @throws MongoValidationException for {@link ValidationRule#COLLECTION_NAME}, with no
	 * collection
	 */
	public void validateCollectionName(String name) {
		Rejection rejection = CollectionNames.check(name);
		if (rejection != null) {
			throw reject(rejection, null, null);
		}
	}

	/**
	 * Encode an entity into BSON the way the driver does on insert (as a collectible
	 * document, so that codecs that generate ids do so), then, if validation is enabled,
	 * {@link #validateDocument validate} it. A field name containing NUL, which BSON
	 * cannot store, is rejected whether validation is enabled or not; any other encoding
	 * failure, such as a {@link BsonSerializationException} or a
	 * {@code CodecConfigurationException}, propagates unchanged.
	 * @param <T> the type of the entity
	 * @param collection the collection the entity is meant for
	 * @param entity the entity
	 * @param codec the codec for the entity
	 * @param serverMaxDocumentSize the server's document size limit in bytes, 16 MiB if
	 * the server has not said
	 * @return the encoded document
	 * @throws MongoValidationException if the document is rejected
	 */
	public <T> RawBsonDocument encode(String collection, T entity, Codec<T> codec, int serverMaxDocumentSize) {
		BasicOutputBuffer buffer = new BasicOutputBuffer();
		try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
			codec.encode(writer, entity, COLLECTIBLE);
		}
		catch (BsonSerializationException ex) {
			throw nulFieldNameRejection(collection, entity, codec, ex);
		}
		RawBsonDocument document = new RawBsonDocument(buffer.getInternalBuffer(), 0, buffer.getPosition());
		if (this.enabled) {
			validateDocument(collection, document, serverMaxDocumentSize);
		}
		return document;
	}

	private <T> RuntimeException nulFieldNameRejection(String collection, T entity, Codec<T> codec,
			BsonSerializationException failure) {
		Rejection rejection;
		try {
			rejection = NulFieldNames.check(collection, entity, codec, COLLECTIBLE);
		}
		catch (RuntimeException ex) {
			failure.addSuppressed(ex);
			return failure;
		}
		return (rejection != null) ? reject(rejection, collection, failure) : failure;
	}

	/**
	 * Check an encoded document, if validation is enabled: its size, its nesting depth
	 * and its field names, which must not be empty or start with {@code $} (except the
	 * {@code $ref}, {@code $id} and {@code $db} fields of a DBRef).
	 * @param collection the collection the document is meant for
	 * @param document the document
	 * @param serverMaxDocumentSize the server's document size limit in bytes, 16 MiB if
	 * the server has not said; used unless the settings set a limit
	 * @throws MongoValidationException if the document is rejected
	 */
	public void validateDocument(String collection, RawBsonDocument document, int serverMaxDocumentSize) {
		if (!this.enabled) {
			return;
		}
		int limit = (this.maxDocumentSize > 0) ? this.maxDocumentSize : serverMaxDocumentSize;
		if (limit < 1) {
			throw new IllegalArgumentException(
					"'serverMaxDocumentSize' must be at least 1, but was " + serverMaxDocumentSize);
		}
		ByteBuf bytes = document.getByteBuffer();
		int size = bytes.remaining();
		if (size > limit) {
			throw reject(new Rejection(ValidationRule.DOCUMENT_SIZE, Messages.document(collection, idOf(document))
					+ " is " + size + " bytes, over the limit of " + limit + " bytes ("
					+ ((this.maxDocumentSize > 0) ? Messages.PROPERTY_PREFIX + "max-document-size"
							: "the server's maximum document size")
					+ "); split the document, move large content to GridFS, or leave out what is not needed"),
					collection, null);
		}
		StructureViolation violation = DocumentStructure.check(bytes, this.maxNestingDepth);
		if (violation != null) {
			throw reject(violation.toRejection(Messages.document(collection, idOf(document)), this.maxNestingDepth),
					collection, null);
		}
	}

	private static @Nullable BsonValue idOf(RawBsonDocument document) {
		try {
			return document.get("_id");
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Check a filter for server-side JavaScript ({@code $where}, {@code $function},
	 * {@code $accumulator}) at any depth, if validation is enabled and JavaScript is not
	 * allowed.
	 * @param collection the collection the filter is for
	 * @param filter the filter, or {@code null} for none
	 * @param registry the registry to render the filter with
	 * @throws MongoValidationException if the filter is rejected
	 */
	public void validateFilter(String collection, @Nullable Bson filter, CodecRegistry registry) {
		if (this.checkJavascript && filter != null) {
			Rejection rejection = JavascriptOperators.check("Filter", collection,
					filter.toBsonDocument(BsonDocument.class, registry));
			if (rejection != null) {
				throw reject(rejection, collection, null);
			}
		}
	}

	/**
	 * Check an update document for server-side JavaScript, if validation is enabled and
	 * JavaScript is not allowed.
	 * @param collection the collection the update is for
	 * @param update the update
	 * @param registry the registry to render the update with
	 * @throws MongoValidationException if the update is rejected
	 */
	public void validateUpdate(String collection, Bson update, CodecRegistry registry) {
		if (this.checkJavascript) {
			Rejection rejection = JavascriptOperators.check("Update", collection,
					update.toBsonDocument(BsonDocument.class, registry));
			if (rejection != null) {
				throw reject(rejection, collection, null);
			}
		}
	}

	/**
	 * Check an update pipeline, if validation is enabled, as
	 * {@link #validatePipeline(String, List, CodecRegistry)} does.
	 * @param collection the collection the update is for
	 * @param pipeline the update pipeline
	 * @param registry the registry to render the stages with
	 * @throws MongoValidationException if the pipeline is rejected
	 */
	public void validateUpdatePipeline(String collection, List<? extends Bson> pipeline, CodecRegistry registry) {
		if (this.enabled) {
			checkPipeline("Update pipeline", collection, pipeline, registry);
		}
	}

	/**
	 * Check an aggregation pipeline, if validation is enabled: each stage must have
	 * exactly one key, its operator (starting with {@code $}); {@code $out} and
	 * {@code $merge} may only be the last stage; and, unless allowed, no stage may use
	 * server-side JavaScript.
	 * @param collection the collection the pipeline runs on
	 * @param pipeline the stages
	 * @param registry the registry to render the stages with
	 * @throws MongoValidationException if the pipeline is rejected
	 */
	public void validatePipeline(String collection, List<? extends Bson> pipeline, CodecRegistry registry) {
		if (this.enabled) {
			checkPipeline("Pipeline", collection, pipeline, registry);
		}
	}

	private void checkPipeline(String kind, String collection, List<? extends Bson> pipeline,
			CodecRegistry registry) {
		Rejection rejection = PipelineStages.check(kind, collection, pipeline, registry, this.checkJavascript);
		if (rejection != null) {
			throw reject(rejection, collection, null);
		}
	}

	/**
	 * Tell the listener about a rejection and return the exception to throw. A failing
	 * listener does not hide the rejection: its failure is added as suppressed.
	 */
	private MongoValidationException reject(Rejection rejection, @Nullable String collection,
			@Nullable Throwable cause) {
		MongoValidationException exception = rejection.toException(collection, cause);
		try {
			this.listener.rejected(rejection.rule(), collection);
		}
		catch (RuntimeException ex) {
			exception.addSuppressed(ex);
		}
		return exception;
	}

}
