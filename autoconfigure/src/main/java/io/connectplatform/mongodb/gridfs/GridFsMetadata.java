package io.connectplatform.mongodb.gridfs;

import java.util.List;
import java.util.Map;

import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonDocumentWriter;
import org.bson.BsonInvalidOperationException;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Turns the metadata that callers give (a {@code Map}, a {@code Document}, any {@link Bson},
 * or an object the codec registry encodes) into the document a files document stores, and
 * back into a type.
 *
 * @author Connect MongoDB team
 */
final class GridFsMetadata {

	private static final List<String> RESERVED = List.of(StoredFile.CONTENT_TYPE_KEY, StoredFile.CHECKSUM_KEY);

	private GridFsMetadata() {
	}

	/**
	 * Return metadata as a new document the template can add its own fields to.
	 * @param metadata the metadata, or {@code null} for none
	 * @param registry the codec registry
	 * @return a new document, empty for no metadata
	 * @throws IllegalArgumentException if the metadata does not encode as a document, has
	 * keys that are not strings, or has a field the template keeps for itself
	 * @throws RuntimeException what the codecs throw, to be translated
	 */
	static Document toDocument(@Nullable Object metadata, CodecRegistry registry) {
		Document document = new Document();
		if (metadata == null) {
			return document;
		}
		if (metadata instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				Assert.isTrue(entry.getKey() instanceof String,
						() -> "'metadata' keys must be strings, but found " + entry.getKey());
				document.put((String) entry.getKey(), entry.getValue());
			}
		}
		else {
			document.putAll(encode(metadata, registry));
		}
		for (String reserved : RESERVED) {
			Assert.isTrue(!document.containsKey(reserved), () -> "'metadata' must not have a field '" + reserved
					+ "': the template keeps it for itself (set a content type with UploadOptions.contentType)");
		}
		return document;
	}

	/**
	 * Decode the metadata of a file into a type.
	 * @param <T> the type
	 * @param file the file
	 * @param type the type
	 * @param registry the codec registry
	 * @return the metadata
	 * @throws RuntimeException what the codecs throw, to be translated
	 */
	static <T> T decode(StoredFile file, Class<T> type, CodecRegistry registry) {
		BsonDocument metadata = file.metadata().toBsonDocument(BsonDocument.class, registry);
		Codec<T> codec = registry.get(type);
		return codec.decode(new BsonDocumentReader(metadata), DecoderContext.builder().build());
	}

	private static BsonDocument encode(Object metadata, CodecRegistry registry) {
		try {
			if (metadata instanceof Bson bson) {
				return bson.toBsonDocument(BsonDocument.class, registry);
			}
			BsonDocument document = new BsonDocument();
			encode(registry.get(metadata.getClass()), metadata, document);
			return document;
		}
		catch (BsonInvalidOperationException ex) {
			throw new IllegalArgumentException(
					"'metadata' must encode as a document, but a " + metadata.getClass().getName() + " does not", ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static <T> void encode(Codec<T> codec, Object value, BsonDocument target) {
		codec.encode(new BsonDocumentWriter(target), (T) value, EncoderContext.builder().build());
	}

}
