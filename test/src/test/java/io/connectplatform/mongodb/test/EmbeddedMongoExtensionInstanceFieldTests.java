package io.connectplatform.mongodb.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link EmbeddedMongoExtension} registered on an instance field, running a
 * fresh server for each test.
 *
 * @author Connect MongoDB team
 */
class EmbeddedMongoExtensionInstanceFieldTests {

	private static final List<EmbeddedMongoExtension> used = new CopyOnWriteArrayList<>();

	@RegisterExtension
	EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	@AfterAll
	static void serversWereStoppedAfterEachTest() {
		assertThat(used).hasSize(2);
		assertThat(used).allSatisfy((extension) -> assertThatIllegalStateException()
			.isThrownBy(extension::getConnectionString)
			.withMessageStartingWith("Servers are not running"));
	}

	@Test
	void firstTestStartsWithAnEmptyServer() {
		insertAndCount();
	}

	@Test
	void secondTestStartsWithAnEmptyServer() {
		insertAndCount();
	}

	private void insertAndCount() {
		used.add(this.mongo);
		try (MongoClient client = MongoClients.create(this.mongo.getConnectionString())) {
			MongoCollection<Document> people = client.getDatabase("test").getCollection("people");
			people.insertOne(new Document("_id", 1).append("name", "Alice"));
			assertThat(people.countDocuments()).isOne();
		}
	}

}
