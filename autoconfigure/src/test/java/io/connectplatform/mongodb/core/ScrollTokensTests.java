package io.connectplatform.mongodb.core;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonBinaryWriter;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ScrollTokens}. Continuing a scroll from a token over the wire is tested by
 * {@link CollectionTemplateScrollingTests}, whose scrolls all go through tokens.
 *
 * @author Connect MongoDB team
 */
class ScrollTokensTests {

	private static final Sort BY_RANK = Sort.by("rank");

	private final ObjectId id = new ObjectId();

	@Test
	void tokenRoundTripsToAnEqualPosition() {
		KeysetScrollPosition position = position(new BsonInt32(7), new BsonObjectId(this.id));
		String token = ScrollTokens.toToken(position, BY_RANK);
		assertThat(token).matches("[A-Za-z0-9_-]+");
		KeysetScrollPosition read = ScrollTokens.fromToken(token, BY_RANK);
		assertThat(read).isEqualTo(position);
		assertThat(read.getKeys()).containsExactly(Map.entry("rank", new BsonInt32(7)),
				Map.entry("_id", new BsonObjectId(this.id)));
		assertThat(ScrollTokens.toToken(read, BY_RANK)).isEqualTo(token);
	}

	@Test
	void tokenOfPlainJavaKeysReadsBackAsBsonValues() {
		String token = ScrollTokens.toToken(ScrollPosition.forward(Map.of("_id", this.id, "rank", 7)), BY_RANK);
		assertThat(ScrollTokens.fromToken(token, BY_RANK).getKeys()).containsExactly(
				Map.entry("rank", new BsonInt32(7)), Map.entry("_id", new BsonObjectId(this.id)));
	}

	@Test
	void tokenOfAnotherSortIsRejected() {
		String token = ScrollTokens.toToken(position(new BsonInt32(7), new BsonObjectId(this.id)), BY_RANK);
		assertThatIllegalArgumentException().isThrownBy(() -> ScrollTokens.fromToken(token, Sort.by("name")))
			.withMessageContaining("'token'")
			.withMessageContaining("rank")
			.withMessageContaining("name");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScrollTokens.fromToken(token, Sort.by(Sort.Direction.DESC, "rank")))
			.withMessageContaining("'token'");
		assertThatIllegalArgumentException().isThrownBy(() -> ScrollTokens.fromToken(token, Sort.by("rank", "name")))
			.withMessageContaining("'token'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "not a token", "AAAA", "bm90IGJzb24", "BQAAAAA" })
	void stringThatIsNotATokenIsRejected(String token) {
		assertThatIllegalArgumentException().isThrownBy(() -> ScrollTokens.fromToken(token, BY_RANK))
			.withMessageContaining("'token' is not a scroll token");
	}

	@Test
	void alteredTokenIsRejected() {
		String token = ScrollTokens.toToken(position(new BsonInt32(7), new BsonObjectId(this.id)), BY_RANK);
		byte[] bytes = Base64.getUrlDecoder().decode(token);
		bytes[0]++;
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScrollTokens.fromToken(Base64.getUrlEncoder().encodeToString(bytes), BY_RANK))
			.withMessageContaining("'token' is not a scroll token");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScrollTokens.fromToken(token.substring(0, token.length() - 3), BY_RANK))
			.withMessageContaining("'token' is not a scroll token");
	}

	@Test
	void tokenOfAnotherShapeIsRejected() {
		BsonDocument sort = BsonDocument.parse("{rank: 1, _id: 1}");
		BsonDocument keys = new BsonDocument("rank", new BsonInt32(7)).append("_id", new BsonObjectId(this.id));
		assertThat(ScrollTokens.fromToken(token(new BsonDocument("v", new BsonInt32(1)).append("s", sort)
			.append("k", keys)), BY_RANK)).isNotNull();
		// Another version, keys that do not match the sort, a direction that is not 1 or -1, an extra field
		for (BsonDocument forged : new BsonDocument[] {
				new BsonDocument("v", new BsonInt32(2)).append("s", sort).append("k", keys),
				new BsonDocument("v", new BsonInt32(1)).append("s", sort)
					.append("k", new BsonDocument("rank", new BsonInt32(7))),
				new BsonDocument("v", new BsonInt32(1)).append("s", BsonDocument.parse("{rank: 2, _id: 1}"))
					.append("k", keys),
				new BsonDocument("v", new BsonInt32(1)).append("s", sort).append("k", keys).append("x",
						new BsonString("y")) }) {
			assertThatIllegalArgumentException().isThrownBy(() -> ScrollTokens.fromToken(token(forged), BY_RANK))
				.withMessageContaining("'token' is not a scroll token");
		}
	}

	@Test
	void onlyAForwardPositionWithTheSortsKeysBecomesAToken() {
		assertThatIllegalArgumentException().isThrownBy(() -> ScrollTokens.toToken(ScrollPosition.keyset(), BY_RANK))
			.withMessageContaining("initial");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScrollTokens.toToken(ScrollPosition.backward(Map.of("rank", 1, "_id", this.id)), BY_RANK))
			.withMessageContaining("forward");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScrollTokens.toToken(ScrollPosition.forward(Map.of("rank", 1)), BY_RANK))
			.withMessageContaining("_id");
		assertThatIllegalArgumentException().isThrownBy(() -> ScrollTokens.fromToken("", BY_RANK))
			.withMessageContaining("'token'");
	}

	private static KeysetScrollPosition position(Object rank, Object id) {
		Map<String, Object> keys = new LinkedHashMap<>();
		keys.put("rank", rank);
		keys.put("_id", id);
		return ScrollPosition.forward(keys);
	}

	private static String token(BsonDocument document) {
		BasicOutputBuffer buffer = new BasicOutputBuffer();
		try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
			new BsonDocumentCodec().encode(writer, document, EncoderContext.builder().build());
		}
		return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.toByteArray());
	}

}
