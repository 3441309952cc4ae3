package io.connectplatform.mongodb.test;

import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerType;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link EmbeddedMongoExtension} registered on a static field, running three
 * routers behind proxies for the whole class.
 *
 * @author Connect MongoDB team
 */
class EmbeddedMongoExtensionTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create().servers(3).routers().withProxies();

	@AfterAll
	static void serversRunUntilTheEndOfTheClassIncludingNestedClasses() {
		try (MongoClient client = MongoClients.create(mongo.getConnectionString(0))) {
			client.getDatabase("admin").runCommand(new Document("ping", 1));
		}
	}

	@Test
	void connectionStringListsTheProxyOfEveryServer() {
		String expected = IntStream.range(0, 3)
			.mapToObj((index) -> "localhost:" + mongo.proxy(index).getPort())
			.collect(Collectors.joining(",", "mongodb://", ""));
		assertThat(mongo.getConnectionString()).isEqualTo(expected);
		assertThat(mongo.getConnectionString(1))
			.isEqualTo("mongodb://localhost:" + mongo.proxy(1).getPort() + "/?directConnection=true");
	}

	@Test
	void eachProxyForwardsToItsServer() {
		assertThat(mongo.serverCount()).isEqualTo(3);
		for (int index = 0; index < 3; index++) {
			assertThat(mongo.proxy(index).getTarget()).isEqualTo(mongo.server(index).getAddress());
		}
	}

	@Test
	void driverSeesAShardedClusterOfThreeRouters() {
		try (MongoClient client = MongoClients.create(mongo.getConnectionString())) {
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
	void dataWrittenThroughOneServerIsReadThroughAnother() {
		try (MongoClient first = MongoClients.create(mongo.getConnectionString(0));
				MongoClient third = MongoClients.create(mongo.getConnectionString(2))) {
			people(first, "shared").insertOne(new Document("_id", 1).append("name", "Alice"));
			assertThat(people(third, "shared").find().first()).isEqualTo(new Document("_id", 1).append("name", "Alice"));
		}
	}

	@Test
	void clusterKeepsWorkingWhileOneRouterIsUnreachable() {
		FaultInjectingProxy proxy = mongo.proxy(1);
		proxy.refuseConnections();
		try (MongoClient client = MongoClients.create(mongo.getConnectionString() + "/?serverSelectionTimeoutMS=2000")) {
			for (int id = 1; id <= 10; id++) {
				people(client, "failover").insertOne(new Document("_id", id));
			}
			assertThat(people(client, "failover").countDocuments()).isEqualTo(10);
			assertThat(client.getClusterDescription().getServerDescriptions())
				.filteredOn((server) -> server.getAddress().getPort() == proxy.getPort())
				.singleElement()
				.extracting(ServerDescription::getType)
				.isEqualTo(ServerType.UNKNOWN);
		}
		finally {
			proxy.acceptConnections();
		}
	}

	@Test
	void indexOutOfRangeIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> mongo.server(3))
			.withMessage("'index' must be between 0 and 2, but was 3");
		assertThatIllegalArgumentException().isThrownBy(() -> mongo.proxy(-1))
			.withMessage("'index' must be between 0 and 2, but was -1");
		assertThatIllegalArgumentException().isThrownBy(() -> mongo.getConnectionString(3))
			.withMessage("'index' must be between 0 and 2, but was 3");
	}

	@Test
	void serverCountBelowOneIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedMongoExtension.create().servers(0))
			.withMessage("'servers' must be at least 1, but was 0");
	}

	@Test
	void proxyWithoutProxiesIsRejected() {
		assertThatIllegalStateException().isThrownBy(() -> EmbeddedMongoExtension.create().proxy(0))
			.withMessage("Proxies are not enabled; create the extension with withProxies()");
	}

	@Test
	void accessorsOfAnExtensionThatIsNotRegisteredAreRejected() {
		EmbeddedMongoExtension unregistered = EmbeddedMongoExtension.create().servers(2);
		assertThat(unregistered.serverCount()).isEqualTo(2);
		assertThatIllegalStateException().isThrownBy(unregistered::getConnectionString)
			.withMessageStartingWith("Servers are not running");
		assertThatIllegalStateException().isThrownBy(() -> unregistered.server(0))
			.withMessageStartingWith("Servers are not running");
	}

	@Test
	void optionsReturnConfiguredCopies() {
		EmbeddedMongoExtension standalone = EmbeddedMongoExtension.create();
		EmbeddedMongoExtension routers = standalone.servers(2).routers().withProxies();
		assertThat(standalone.serverCount()).isOne();
		assertThat(standalone.isRouters()).isFalse();
		assertThat(standalone.hasProxies()).isFalse();
		assertThat(routers.serverCount()).isEqualTo(2);
		assertThat(routers.isRouters()).isTrue();
		assertThat(routers.hasProxies()).isTrue();
	}

	private static MongoCollection<Document> people(MongoClient client, String collection) {
		return client.getDatabase("test").getCollection(collection);
	}

	@Nested
	class NestedTests {

		@Test
		void nestedClassUsesTheServersOfTheEnclosingClass() {
			try (MongoClient client = MongoClients.create(mongo.getConnectionString(0))) {
				people(client, "nested").insertOne(new Document("_id", 1));
				assertThat(people(client, "nested").countDocuments()).isOne();
			}
		}

	}

}
