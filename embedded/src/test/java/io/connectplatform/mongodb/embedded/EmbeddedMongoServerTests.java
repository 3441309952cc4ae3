package io.connectplatform.mongodb.embedded;

import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link EmbeddedMongoServer}.
 *
 * @author Connect MongoDB team
 */
class EmbeddedMongoServerTests {

	@Test
	void serverStoresAndReturnsDocuments() {
		try (EmbeddedMongoServer server = EmbeddedMongoServer.start("localhost", 0);
				MongoClient client = MongoClients.create(server.getConnectionString())) {
			MongoCollection<Document> people = client.getDatabase("test").getCollection("people");
			people.insertOne(new Document("_id", 1).append("name", "Alice"));
			assertThat(people.find().first()).isEqualTo(new Document("_id", 1).append("name", "Alice"));
		}
	}

	@Test
	void connectionStringNamesBoundAddressAndPort() {
		try (EmbeddedMongoServer server = EmbeddedMongoServer.start("localhost", 0)) {
			assertThat(server.getAddress().getAddress().isLoopbackAddress()).isTrue();
			assertThat(server.getPort()).isPositive().isEqualTo(server.getAddress().getPort());
			assertThat(server.getConnectionString())
				.isEqualTo("mongodb://localhost:" + server.getPort());
		}
	}

	@Test
	void closeFreesThePort() {
		EmbeddedMongoServer server = EmbeddedMongoServer.start("localhost", 0);
		int port = server.getPort();
		server.close();
		try (MongoClient client = MongoClients
			.create("mongodb://localhost:" + port + "/?serverSelectionTimeoutMS=500&connectTimeoutMS=500")) {
			assertThatExceptionOfType(MongoTimeoutException.class)
				.isThrownBy(() -> client.getDatabase("admin").runCommand(new Document("ping", 1)));
		}
		try (EmbeddedMongoServer restarted = EmbeddedMongoServer.start("localhost", port)) {
			assertThat(restarted.getPort()).isEqualTo(port);
		}
	}

	@Test
	void closeDropsTheData() {
		EmbeddedMongoServer server = EmbeddedMongoServer.start("localhost", 0);
		int port = server.getPort();
		try (MongoClient client = MongoClients.create(server.getConnectionString())) {
			client.getDatabase("test").getCollection("people").insertOne(new Document("name", "Alice"));
		}
		server.close();
		try (EmbeddedMongoServer restarted = EmbeddedMongoServer.start("localhost", port);
				MongoClient client = MongoClients.create(restarted.getConnectionString())) {
			assertThat(client.getDatabase("test").getCollection("people").countDocuments()).isZero();
		}
	}

	@Test
	void startOnAPortInUseFailsAndReleasesTheSharedBackend() {
		SharedMemoryBackend backend = SharedMemoryBackend.standalone();
		try (EmbeddedMongoServer server = EmbeddedMongoServer.start("localhost", 0, backend)) {
			assertThatException().isThrownBy(() -> EmbeddedMongoServer.start("localhost", server.getPort(), backend));
			assertThat(backend.getUsers()).isOne();
			assertThat(backend.isClosed()).isFalse();
		}
		assertThat(backend.isClosed()).isTrue();
	}

	@Test
	void startWithPortOutOfRangeFails() {
		assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedMongoServer.start("localhost", 70000))
			.withMessage("'port' must be between 0 and 65535, but was 70000");
	}

	@Test
	void startWithEmptyHostFails() {
		assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedMongoServer.start("", 0))
			.withMessage("'host' must not be empty");
	}

}
