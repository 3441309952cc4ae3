package io.connectplatform.mongodb.changestream;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MongoResumeTokenStore} against the embedded server.
 *
 * @author Connect MongoDB team
 */
class MongoResumeTokenStoreTests {

	private static final BsonDocument FIRST = BsonDocument.parse("{ _data: '8266A0B1C2000000012B0229296E04' }");

	private static final BsonDocument SECOND = BsonDocument.parse("{ _data: '8266A0B1C3000000022B0229296E04' }");

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private MongoClient client;

	private MongoDatabase database;

	@BeforeEach
	void connect() {
		this.client = MongoClients.create(mongo.getConnectionString());
		this.database = this.client.getDatabase("resume_token_store");
		this.database.drop();
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void aSavedTokenIsLoadedAndDeleted() {
		MongoResumeTokenStore store = new MongoResumeTokenStore(this.database, "my_tokens");
		assertThat(store.load("orders")).isNull();
		store.save("orders", FIRST);
		assertThat(store.load("orders")).isEqualTo(FIRST);
		store.delete("orders");
		assertThat(store.load("orders")).isNull();
		assertThat(store.getCollection().countDocuments()).isZero();
		store.delete("orders");
	}

	@Test
	void eachListenerHasOneDocumentInTheGivenCollectionThatASaveReplaces() {
		Clock clock = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
		MongoResumeTokenStore store = new MongoResumeTokenStore(
				this.database.getCollection("my_tokens", BsonDocument.class), clock);
		store.save("orders", FIRST);
		store.save("invoices", FIRST);
		store.save("orders", SECOND);
		assertThat(store.load("orders")).isEqualTo(SECOND);
		assertThat(store.load("invoices")).isEqualTo(FIRST);
		MongoCollection<Document> collection = this.database.getCollection("my_tokens");
		assertThat(collection.countDocuments()).isEqualTo(2);
		Document orders = collection.find(Filters.eq("_id", "orders")).first();
		assertThat(orders).containsOnlyKeys("_id", "token", "savedAt");
		assertThat(orders.get("token", Document.class).toBsonDocument()).isEqualTo(SECOND);
		assertThat(orders.getDate("savedAt")).isEqualTo(Date.from(clock.instant()));
		store.delete("orders");
		assertThat(store.load("invoices")).as("deleting one listener's token keeps the others").isEqualTo(FIRST);
		assertThat(collection.countDocuments()).isOne();
	}

	@Test
	void theCollectionIsTheGivenOneOfTheGivenDatabase() {
		MongoResumeTokenStore store = new MongoResumeTokenStore(this.database, "my_tokens");
		assertThat(store.getCollection().getNamespace().getFullName())
			.isEqualTo(this.database.getName() + ".my_tokens");
		store.save("orders", FIRST);
		assertThat(this.database.listCollectionNames()).contains("my_tokens");
		assertThat(this.database.getCollection(MongoResumeTokenStore.DEFAULT_COLLECTION).countDocuments()).isZero();
	}

	@Test
	void aDocumentWithoutATokenLoadsAsNoToken() {
		MongoResumeTokenStore store = new MongoResumeTokenStore(this.database, "my_tokens");
		this.database.getCollection("my_tokens").insertOne(new Document("_id", "orders").append("token", "garbage"));
		assertThat(store.load("orders")).isNull();
	}

}
