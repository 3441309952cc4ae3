package io.connectplatform.mongodb.core.validation;

import java.util.List;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.result.InsertOneResult;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.codecs.CollectibleCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MongoValidator} against an embedded server: what it encodes is what the
 * server stores, and what it rejects never reaches the server.
 *
 * @author Connect MongoDB team
 */
class MongoValidatorWireTests {

	private static final int SIXTEEN_MIB = 16 * 1024 * 1024;

	private static final Codec<Document> DOCUMENT_CODEC = MongoClientSettings.getDefaultCodecRegistry()
		.get(Document.class);

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private final MongoValidator validator = MongoValidator.defaults();

	@Test
	void encodedDocumentIsStoredAndReadBackEqual() {
		Document order = new Document("_id", "order-1").append("customer", new Document("name", "Ada"))
			.append("items", List.of(new Document("sku", "a").append("quantity", 2), new Document("sku", "b")))
			.append("total", 12.5);
		RawBsonDocument encoded = this.validator.encode("orders", order, DOCUMENT_CODEC, SIXTEEN_MIB);
		try (MongoClient client = MongoClients.create(mongo.getConnectionString())) {
			MongoCollection<RawBsonDocument> orders = collection(client, "orders");
			orders.insertOne(encoded);
			assertThat(orders.find(Filters.eq("_id", "order-1")).first()).isEqualTo(encoded);
		}
	}

	// The encoded document of a Document without _id has none: DocumentCodec does not
	// generate one when encoding. Nor does the driver when it inserts a RawBsonDocument
	// (RawBsonDocumentCodec pipes the bytes as they are), so the server generates it and
	// the insert result reports none. To know the id, generate it before encoding, as
	// the driver does on insert for a CollectibleCodec: generateIdIfAbsentFromDocument.
	@Test
	void encodedDocumentWithoutIdGetsItsIdFromTheServer() {
		RawBsonDocument encoded = this.validator.encode("events", new Document("type", "login"), DOCUMENT_CODEC,
				SIXTEEN_MIB);
		assertThat(encoded.containsKey("_id")).isFalse();
		try (MongoClient client = MongoClients.create(mongo.getConnectionString())) {
			MongoCollection<RawBsonDocument> events = collection(client, "events");
			InsertOneResult result = events.insertOne(encoded);
			assertThat(result.getInsertedId()).isNull();
			RawBsonDocument stored = events.find().first();
			assertThat(stored).isNotNull();
			assertThat(stored.isObjectId("_id")).isTrue();
			assertThat(stored.getString("type").getValue()).isEqualTo("login");
		}
	}

	// Even when the RawBsonDocument has an _id, the insert result of driver 5.8.1 reports
	// none: read the id from the encoded document instead.
	@Test
	void documentWhoseIdWasGeneratedBeforeEncodingKeepsIt() {
		assertThat(DOCUMENT_CODEC).isInstanceOf(CollectibleCodec.class);
		Document event = ((CollectibleCodec<Document>) DOCUMENT_CODEC)
			.generateIdIfAbsentFromDocument(new Document("type", "logout"));
		RawBsonDocument encoded = this.validator.encode("audit", event, DOCUMENT_CODEC, SIXTEEN_MIB);
		assertThat(encoded.getFirstKey()).isEqualTo("_id");
		try (MongoClient client = MongoClients.create(mongo.getConnectionString())) {
			MongoCollection<RawBsonDocument> audit = collection(client, "audit");
			InsertOneResult result = audit.insertOne(encoded);
			assertThat(result.getInsertedId()).isNull();
			assertThat(encoded.getObjectId("_id").getValue()).isEqualTo(event.getObjectId("_id"));
			assertThat(audit.find().first()).isEqualTo(encoded);
		}
	}

	@Test
	void rejectedDocumentIsNeverSent() {
		Document bad = new Document("_id", "order-2").append("price", new Document("$numberSecret", 1));
		try (MongoClient client = MongoClients.create(mongo.getConnectionString())) {
			MongoCollection<RawBsonDocument> rejected = collection(client, "rejected");
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> rejected.insertOne(this.validator.encode("rejected", bad, DOCUMENT_CODEC, SIXTEEN_MIB)))
				.satisfies((ex) -> assertThat(ex.getRule()).isEqualTo(ValidationRule.FIELD_NAME));
			assertThat(rejected.countDocuments()).isZero();
		}
	}

	private static MongoCollection<RawBsonDocument> collection(MongoClient client, String name) {
		return client.getDatabase("validation").getCollection(name, RawBsonDocument.class);
	}

}
