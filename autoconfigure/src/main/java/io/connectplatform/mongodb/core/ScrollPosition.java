package io.connectplatform.mongodb.core;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;

import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.springframework.util.Assert;

/**
 * Where a keyset scroll stopped: the sort-key values of the last document returned, with the
 * sort they were taken with. Pass it to {@link CollectionOperations#scroll} with the same sort
 * to continue after that document. {@link #toToken()} gives an opaque URL-safe string for REST
 * APIs; {@link #fromToken(String)} reads it back.
 *
 * @author Connect MongoDB team
 */
public final class ScrollPosition {

	private static final BsonDocumentCodec CODEC = new BsonDocumentCodec();

	private static final String KEYS = "k";

	private static final String SORT = "s";

	private final BsonDocument keys;

	private final BsonDocument sort;

	/**
	 * Create a position.
	 * @param keys the sort-key values of the last document, by field, in sort order
	 * @param sort the sort the position was taken with: the same fields, each 1 or -1
	 */
	ScrollPosition(BsonDocument keys, BsonDocument sort) {
		this.keys = keys;
		this.sort = sort;
	}

	/**
	 * Read a position from a token made by {@link #toToken()}.
	 * @param token the token
	 * @return the position
	 * @throws IllegalArgumentException if the token is not a scroll position token
	 */
	public static ScrollPosition fromToken(String token) {
		Assert.hasText(token, "'token' must not be empty");
		try {
			byte[] bytes = Base64.getUrlDecoder().decode(token);
			try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes))) {
				BsonDocument position = CODEC.decode(reader, DecoderContext.builder().build());
				BsonDocument keys = position.getDocument(KEYS);
				BsonDocument sort = position.getDocument(SORT);
				Assert.isTrue(!keys.isEmpty(), "empty");
				Assert.isTrue(new ArrayList<>(keys.keySet()).equals(new ArrayList<>(sort.keySet())), "fields");
				sort.values()
					.forEach((direction) -> Assert.isTrue(direction.isInt32()
							&& Math.abs(direction.asInt32().getValue()) == 1, "direction"));
				return new ScrollPosition(keys, sort);
			}
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("'token' is not a scroll position token made by ScrollPosition.toToken()",
					ex);
		}
	}

	/**
	 * Return this position as an opaque, URL-safe token.
	 * @return the token
	 */
	public String toToken() {
		BasicOutputBuffer buffer = new BasicOutputBuffer();
		try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
			CODEC.encode(writer, new BsonDocument(KEYS, this.keys).append(SORT, this.sort),
					EncoderContext.builder().build());
		}
		return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.toByteArray());
	}

	BsonDocument keys() {
		return this.keys;
	}

	BsonDocument sort() {
		return this.sort;
	}

	@Override
	public boolean equals(Object obj) {
		return (obj instanceof ScrollPosition other) && this.keys.equals(other.keys) && this.sort.equals(other.sort);
	}

	@Override
	public int hashCode() {
		return 31 * this.keys.hashCode() + this.sort.hashCode();
	}

	@Override
	public String toString() {
		return "ScrollPosition" + this.sort.toJson();
	}

}
