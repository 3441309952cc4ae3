package io.connectplatform.mongodb.autoconfigure.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ServerApiVersion;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.internal.MongoClientImpl;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerType;
import de.bwaldvogel.mongo.MongoServer;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;
import io.connectplatform.mongodb.embedded.EmbeddedMongoCluster;
import io.connectplatform.mongodb.embedded.EmbeddedMongoServer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ConnectMongoEmbeddedAutoConfiguration}, over TCP with the real driver.
 *
 * @author Connect MongoDB team
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectMongoEmbeddedAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConnectMongoEmbeddedAutoConfiguration.class,
				ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class));

	@Test
	void isOffByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(EmbeddedMongoServer.class);
			assertThat(context).doesNotHaveBean(EmbeddedMongoConnectionDetails.class);
		});
	}

	@Test
	void startsTheServerAndPointsTheClientAtIt(CapturedOutput output) {
		this.contextRunner.withPropertyValues("connect.mongodb.embedded.enabled=true").run((context) -> {
			EmbeddedMongoServer server = context.getBean(EmbeddedMongoServer.class);
			assertThat(context.getBean(MongoConnectionDetails.class).getConnectionString().getHosts())
				.containsExactly(server.getHostAndPort());
			MongoDatabase database = context.getBean(MongoDatabase.class);
			database.getCollection("notes").insertOne(new Document("_id", 1).append("text", "hello"));
			assertThat(database.getCollection("notes").find().first()).containsEntry("text", "hello");
			assertThat(database.getName()).isEqualTo("test");
			assertThat(output)
				.contains("Started an in-memory MongoDB single-node replica set (rs0) at " + server.getConnectionString())
				.contains("lost when the application stops");
		});
	}

	@Test
	void stopsTheServerWhenTheContextCloses() {
		int[] port = new int[1];
		this.contextRunner.withPropertyValues("connect.mongodb.embedded.enabled=true")
			.run((context) -> port[0] = context.getBean(EmbeddedMongoServer.class).getPort());
		assertThatIOException().isThrownBy(() -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("localhost", port[0]), 1000);
			}
		});
	}

	@Test
	void winsOverTheUriAndNamesTheIgnoredTargetWithoutItsPassword(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("connect.mongodb.embedded.enabled=true",
					"spring.mongodb.uri=mongodb://app:s3cret@db.example.com:27017/orders")
			.run((context) -> {
				EmbeddedMongoServer server = context.getBean(EmbeddedMongoServer.class);
				MongoClientSettings settings = ((MongoClientImpl) context.getBean(MongoClient.class)).getSettings();
				assertThat(settings.getClusterSettings().getHosts()).extracting(Object::toString)
					.containsExactly(server.getHostAndPort());
				assertThat(settings.getCredential()).isNull();
				assertThat(context.getBean(MongoDatabase.class).getName()).isEqualTo("orders");
				context.getBean(MongoDatabase.class).getCollection("orders").insertOne(new Document("n", 1));
				assertThat(output).contains("Ignoring spring.mongodb.uri=mongodb://app:****@db.example.com:27017/orders")
					.doesNotContain("s3cret");
			});
	}

	@Test
	void failsOnAnUnparsableUriEvenWhenEmbedded() {
		this.contextRunner.withPropertyValues("connect.mongodb.embedded.enabled=true", "spring.mongodb.uri=not-a-uri")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidMongoPropertyException.class)
					.hasMessageContaining("spring.mongodb.uri")
					.hasMessageContaining("not-a-uri");
			});
	}

	@Test
	void failsNamingTheArtifactWhenMongoJavaServerIsMissing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MongoServer.class))
			.withPropertyValues("connect.mongodb.embedded.enabled=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				InvalidMongoPropertyException failure = (InvalidMongoPropertyException) context.getStartupFailure()
					.getCause()
					.getCause();
				assertThat(failure.getProperty()).isEqualTo("connect.mongodb.embedded.enabled");
				assertThat(failure.getMessage()).contains("io.connectplatform:connect-mongodb-embedded");
				assertThat(failure.getAction()).contains("io.connectplatform:connect-mongodb-embedded");
			});
	}

	@Test
	void startsSeveralRoutersOverTheSameDataAndTheClientSeesAShardedCluster(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("connect.mongodb.embedded.enabled=true", "connect.mongodb.embedded.servers=3",
					"connect.mongodb.embedded.routers=true")
			.run((context) -> {
				EmbeddedMongoCluster cluster = context.getBean(EmbeddedMongoCluster.class);
				assertThat(cluster.getServers()).hasSize(3);
				assertThat(context.getBean(EmbeddedMongoServer.class)).isSameAs(cluster.getServers().get(0));
				assertThat(context.getBean(MongoConnectionDetails.class).getConnectionString().getHosts()).hasSize(3);
				MongoClient client = context.getBean(MongoClient.class);
				context.getBean(MongoDatabase.class).getCollection("notes").insertOne(new Document("_id", 1));
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(client.getClusterDescription().getServerDescriptions())
						.filteredOn(ServerDescription::isOk)
						.extracting(ServerDescription::getType)
						.containsExactly(ServerType.SHARD_ROUTER, ServerType.SHARD_ROUTER, ServerType.SHARD_ROUTER));
				assertThat(client.getClusterDescription().getType()).isEqualTo(ClusterType.SHARDED);
				for (EmbeddedMongoServer server : cluster.getServers()) {
					try (MongoClient direct = MongoClients.create(server.getConnectionString() + "/?directConnection=true")) {
						assertThat(direct.getDatabase("test").getCollection("notes").countDocuments()).isOne();
					}
				}
				assertThat(output).contains("Started 3 in-memory MongoDB routers at " + cluster.getConnectionString());
			});
	}

	@Test
	void stopsEveryRouterWhenTheContextCloses() {
		int[] ports = new int[2];
		this.contextRunner
			.withPropertyValues("connect.mongodb.embedded.enabled=true", "connect.mongodb.embedded.servers=2",
					"connect.mongodb.embedded.routers=true")
			.run((context) -> {
				List<EmbeddedMongoServer> servers = context.getBean(EmbeddedMongoCluster.class).getServers();
				ports[0] = servers.get(0).getPort();
				ports[1] = servers.get(1).getPort();
			});
		for (int port : ports) {
			assertThatNoException().isThrownBy(() -> new ServerSocket(port).close());
		}
	}

	@ParameterizedTest
	@CsvSource({ "0, true", "2, false" })
	void failsNamingTheServersWhenTheyCannotFormOneDeployment(int servers, boolean routers) {
		this.contextRunner
			.withPropertyValues("connect.mongodb.embedded.enabled=true", "connect.mongodb.embedded.servers=" + servers,
					"connect.mongodb.embedded.routers=" + routers)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOfSatisfying(InvalidMongoPropertyException.class,
							(failure) -> assertThat(failure.getProperty()).isEqualTo("connect.mongodb.embedded.servers"));
			});
	}

	@ParameterizedTest
	@CsvSource({ "standalone, true", "replica-set, true", "sharded, false" })
	void theDeprecatedRoutersPropertyCannotContradictAnExplicitTopology(String topology, boolean contradicts) {
		this.contextRunner
			.withPropertyValues("connect.mongodb.embedded.enabled=true", "connect.mongodb.embedded.routers=true",
					"connect.mongodb.embedded.topology=" + topology)
			.run((context) -> {
				if (!contradicts) {
					assertThat(context).hasNotFailed();
					return;
				}
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOfSatisfying(InvalidMongoPropertyException.class, (failure) -> {
						assertThat(failure.getProperty()).isEqualTo("connect.mongodb.embedded.routers");
						assertThat(failure.getReason()).endsWith("connect.mongodb.embedded.topology is " + topology);
					});
			});
	}

	@Test
	void failsNamingThePortWhenItIsTaken() throws IOException {
		try (ServerSocket taken = new ServerSocket(0)) {
			this.contextRunner
				.withPropertyValues("connect.mongodb.embedded.enabled=true",
						"connect.mongodb.embedded.port=" + taken.getLocalPort())
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).rootCause()
						.isInstanceOf(InvalidMongoPropertyException.class)
						.hasMessageContaining("connect.mongodb.embedded.port");
				});
		}
	}

	@Test
	void aServiceConnectionWinsOverTheEmbeddedServer() {
		ConnectionString serviceConnection = new ConnectionString("mongodb://service.example.com:27017/svc");
		this.contextRunner.withPropertyValues("connect.mongodb.embedded.enabled=true")
			.withBean(MongoConnectionDetails.class, () -> () -> serviceConnection)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(EmbeddedMongoServer.class);
				assertThat(context.getBean(MongoDatabase.class).getName()).isEqualTo("svc");
			});
	}

	@Test
	void declaresTheServerApiToTheEmbeddedServerWhichAnswersHello() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.embedded.enabled=true", "connect.mongodb.server-api.version=1",
					"connect.mongodb.server-api.strict=true")
			.run((context) -> {
				MongoClientSettings settings = ((MongoClientImpl) context.getBean(MongoClient.class)).getSettings();
				assertThat(settings.getServerApi()).isNotNull();
				assertThat(settings.getServerApi().getVersion()).isEqualTo(ServerApiVersion.V1);
				MongoDatabase database = context.getBean(MongoDatabase.class);
				database.getCollection("api").insertOne(new Document("_id", 1));
				assertThat(database.getCollection("api").countDocuments()).isOne();
				assertThat(database.runCommand(new Document("ping", 1)).get("ok")).isEqualTo(1.0);
			});
	}

}
