package io.connectplatform.mongodb.core;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.mongodb.MongoClientSettings;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.util.Assert;

/**
 * Opaque, URL-safe tokens for the {@link KeysetScrollPosition}s of a keyset scroll, for REST
 * APIs that hand the next position to their clients. A token carries the sort it was made for
 * ({@code _id} appended, as the scroll does): {@link #fromToken(String, Sort)} reads it back
 * only for that sort, so a token of another listing is refused. Tokens are not signed: a
 * client can forge one of the right shape, which positions the scroll at values of its choice
 * and reveals nothing more than the listing itself.
 *
 * @author Connect MongoDB team
 */
public final class ScrollTokens {

	private static final BsonDocumentCodec CODEC = new BsonDocumentCodec();

	private static final String FORMAT = "v";

	private static final String KEYS = "k";

	private static final String SORT = "s";

	private static final int VERSION = 1;

	private ScrollTokens() {
	}

	/**
	 * Return a position of a keyset scroll by a sort as a token.
	 * @param position a forward position after an element, from {@code Window.positionAt}
	 * @param sort the sort of the scroll
	 * @return the token
	 * @throws IllegalArgumentException if the position is the initial one, scrolls backward,
	 * or does not hold the keys of the sort
	 */
	public static String toToken(KeysetScrollPosition position, Sort sort) {
		Assert.notNull(position, "'position' must not be null");
		Assert.isTrue(!position.isInitial(), "'position' must not be the initial position: start without a token");
		Assert.isTrue(position.scrollsForward(), "'position' must scroll forward");
		BsonDocument expected = Keyset.of(sort).sort();
		Assert.isTrue(position.getKeys().keySet().equals(expected.keySet()), () -> "'position' holds the keys "
				+ position.getKeys().keySet() + " but the sort " + expected.toJson() + " needs " + expected.keySet());
		BsonDocument keys = new BsonDocument();
		expected.keySet().forEach((field) -> keys.append(field, bson(position.getKeys().get(field))));
		BasicOutputBuffer buffer = new BasicOutputBuffer();
		try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
			CODEC.encode(writer, new BsonDocument(FORMAT, new BsonInt32(VERSION)).append(SORT, expected)
				.append(KEYS, keys), EncoderContext.builder().build());
		}
		return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.toByteArray());
	}

	/**
	 * Read a token made by {@link #toToken} for the same sort.
	 * @param token the token
	 * @param sort the sort of the scroll to continue
	 * @return the position, its keys as {@link BsonValue}s
	 * @throws IllegalArgumentException if the token was not made by {@link #toToken}, was
	 * altered, or was made for another sort
	 */
	public static KeysetScrollPosition fromToken(String token, Sort sort) {
		Assert.hasText(token, "'token' must not be empty");
		BsonDocument expected = Keyset.of(sort).sort();
		BsonDocument read = read(token);
		BsonDocument tokenSort = read.getDocument(SORT);
		// The same fields in the same order and directions: BsonDocument.equals ignores the order
		if (!new ArrayList<>(tokenSort.entrySet()).equals(new ArrayList<>(expected.entrySet()))) {
			throw new IllegalArgumentException("'token' was made for the sort " + tokenSort.toJson()
					+ " but this scroll sorts by " + expected.toJson() + "; use the same sort to continue");
		}
		Map<String, Object> keys = new LinkedHashMap<>();
		read.getDocument(KEYS).forEach(keys::put);
		return ScrollPosition.forward(keys);
	}

	private static BsonDocument read(String token) {
		try {
			byte[] bytes = Base64.getUrlDecoder().decode(token);
			try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes))) {
				BsonDocument document = CODEC.decode(reader, DecoderContext.builder().build());
				Assert.isTrue(document.getInt32(FORMAT).getValue() == VERSION, "version");
				BsonDocument keys = document.getDocument(KEYS);
				BsonDocument sort = document.getDocument(SORT);
				Assert.isTrue(!keys.isEmpty(), "empty");
				Assert.isTrue(new ArrayList<>(keys.keySet()).equals(new ArrayList<>(sort.keySet())), "fields");
				sort.values()
					.forEach((direction) -> Assert.isTrue(
							direction.isInt32() && Math.abs(direction.asInt32().getValue()) == 1, "direction"));
				Assert.isTrue(document.size() == 3, "fields");
				return document;
			}
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("'token' is not a scroll token made by ScrollTokens.toToken()", ex);
		}
	}

	private static BsonValue bson(Object value) {
		if (value instanceof BsonValue bson) {
			return bson;
		}
		Assert.notNull(value, "'position' must not hold a null key");
		return new Document("v", value).toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry())
			.get("v");
	}

}
