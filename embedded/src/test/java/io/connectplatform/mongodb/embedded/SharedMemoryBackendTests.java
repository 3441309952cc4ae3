package io.connectplatform.mongodb.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerType;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SharedMemoryBackend}.
 *
 * @author Connect MongoDB team
 */
class SharedMemoryBackendTests {

	private final List<EmbeddedMongoServer> servers = new ArrayList<>();

	@AfterEach
	void closeServers() {
		this.servers.forEach(EmbeddedMongoServer::close);
	}

	@Test
	void routerServersAppearToTheDriverAsShardedCluster() {
		SharedMemoryBackend backend = SharedMemoryBackend.router();
		String hosts = startServers(backend, 3).stream()
			.map((server) -> "localhost:" + server.getPort())
			.collect(Collectors.joining(","));
		try (MongoClient client = MongoClients.create("mongodb://" + hosts + "/?serverSelectionTimeoutMS=2000")) {
			client.getDatabase("admin").runCommand(new Document("ping", 1));
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				ClusterDescription cluster = client.getClusterDescription();
				assertThat(cluster.getType()).isEqualTo(ClusterType.SHARDED);
				assertThat(cluster.getServerDescriptions()).hasSize(3)
					.extracting(ServerDescription::getType)
					.containsOnly(ServerType.SHARD_ROUTER);
			});
		}
	}

	@Test
	void standaloneServerAppearsToTheDriverAsStandalone() {
		EmbeddedMongoServer server = startServers(SharedMemoryBackend.standalone(), 1).get(0);
		try (MongoClient client = MongoClients.create(server.getConnectionString())) {
			client.getDatabase("admin").runCommand(new Document("ping", 1));
			assertThat(client.getClusterDescription().getServerDescriptions()).singleElement()
				.extracting(ServerDescription::getType)
				.isEqualTo(ServerType.STANDALONE);
		}
	}

	@Test
	void dataWrittenThroughOneServerIsReadThroughAnother() {
		List<EmbeddedMongoServer> servers = startServers(SharedMemoryBackend.router(), 3);
		try (MongoClient first = MongoClients.create(directConnectionString(servers.get(0)));
				MongoClient third = MongoClients.create(directConnectionString(servers.get(2)))) {
			first.getDatabase("test").getCollection("people").insertOne(new Document("_id", 1).append("name", "Alice"));
			assertThat(third.getDatabase("test").getCollection("people").find().first())
				.isEqualTo(new Document("_id", 1).append("name", "Alice"));
		}
	}

	@Test
	void closingOneServerKeepsTheDataForTheOthers() {
		SharedMemoryBackend backend = SharedMemoryBackend.router();
		List<EmbeddedMongoServer> servers = startServers(backend, 3);
		try (MongoClient client = MongoClients.create(directConnectionString(servers.get(0)))) {
			client.getDatabase("test").getCollection("people").insertOne(new Document("name", "Alice"));
		}
		servers.get(0).close();
		assertThat(backend.getUsers()).isEqualTo(2);
		assertThat(backend.isClosed()).isFalse();
		try (MongoClient client = MongoClients.create(directConnectionString(servers.get(1)))) {
			MongoCollection<Document> people = client.getDatabase("test").getCollection("people");
			assertThat(people.find().first()).containsEntry("name", "Alice");
		}
	}

	@Test
	void closingTheLastServerClosesTheBackend() {
		SharedMemoryBackend backend = SharedMemoryBackend.standalone();
		List<EmbeddedMongoServer> servers = startServers(backend, 2);
		try (MongoClient client = MongoClients.create(directConnectionString(servers.get(0)))) {
			client.getDatabase("test").getCollection("people").insertOne(new Document("name", "Alice"));
		}
		servers.get(0).close();
		servers.get(0).close();
		assertThat(backend.getUsers()).isOne();
		assertThat(backend.resolveDatabase("test").resolveCollection("people", false)).isNotNull();
		servers.get(1).close();
		assertThat(backend.getUsers()).isZero();
		assertThat(backend.isClosed()).isTrue();
		assertThat(backend.resolveDatabase("test").resolveCollection("people", false)).isNull();
	}

	@Test
	void closedBackendCannotBeSharedAgain() {
		SharedMemoryBackend backend = SharedMemoryBackend.standalone();
		startServers(backend, 1).get(0).close();
		assertThatIllegalStateException().isThrownBy(() -> EmbeddedMongoServer.start("localhost", 0, backend))
			.withMessage("Backend has been closed and cannot be used again");
	}

	@Test
	void closingABackendWithoutUsersClosesItAtOnce() {
		SharedMemoryBackend backend = SharedMemoryBackend.standalone();
		backend.close();
		assertThat(backend.isClosed()).isTrue();
	}

	@Test
	void routerFlagIsExposed() {
		assertThat(SharedMemoryBackend.router().isRouter()).isTrue();
		assertThat(SharedMemoryBackend.standalone().isRouter()).isFalse();
	}

	@Test
	void startWithoutBackendFails() {
		assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedMongoServer.start("localhost", 0, (SharedMemoryBackend) null))
			.withMessage("'backend' must not be null");
	}

	private List<EmbeddedMongoServer> startServers(SharedMemoryBackend backend, int count) {
		List<EmbeddedMongoServer> started = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			EmbeddedMongoServer server = EmbeddedMongoServer.start("localhost", 0, backend);
			this.servers.add(server);
			started.add(server);
		}
		return started;
	}

	private static String directConnectionString(EmbeddedMongoServer server) {
		return server.getConnectionString() + "/?directConnection=true";
	}

}
