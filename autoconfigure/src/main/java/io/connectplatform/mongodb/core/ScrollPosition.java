package io.connectplatform.mongodb.core;

import java.nio.ByteBuffer;
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
 * Where a keyset scroll stopped: the sort-key values of the last document returned. Pass it to
 * {@link CollectionOperations#scroll} to continue after that document. {@link #toToken()} gives
 * an opaque URL-safe string for REST APIs; {@link #fromToken(String)} reads it back.
 *
 * @author Connect MongoDB team
 */
public final class ScrollPosition {

	private static final BsonDocumentCodec CODEC = new BsonDocumentCodec();

	private final BsonDocument keys;

	ScrollPosition(BsonDocument keys) {
		this.keys = keys;
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
				BsonDocument keys = CODEC.decode(reader, DecoderContext.builder().build());
				Assert.isTrue(!keys.isEmpty(), "empty");
				return new ScrollPosition(keys);
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
			CODEC.encode(writer, this.keys, EncoderContext.builder().build());
		}
		return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.toByteArray());
	}

	BsonDocument keys() {
		return this.keys;
	}

	@Override
	public boolean equals(Object obj) {
		return (obj instanceof ScrollPosition other) && this.keys.equals(other.keys);
	}

	@Override
	public int hashCode() {
		return this.keys.hashCode();
	}

	@Override
	public String toString() {
		return "ScrollPosition" + this.keys.keySet();
	}

}
