package io.connectplatform.mongodb.autoconfigure;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.internal.MongoClientImpl;
import com.mongodb.connection.ClusterType;
import io.connectplatform.mongodb.autoconfigure.embedded.ConnectMongoEmbeddedAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.health.ConnectMongoHealthContributorAutoConfiguration;
import io.connectplatform.mongodb.embedded.EmbeddedMongoServer;
import io.connectplatform.mongodb.health.MongoPingHealthIndicator;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the starter configures itself from a Testcontainers service connection to a
 * real MongoDB (a single-node replica set). Needs a Docker engine: where none runs, the
 * class is reported as skipped.
 *
 * @author Connect MongoDB team
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = ServiceConnectionIntegrationTests.TestConfiguration.class,
		properties = { "connect.mongodb.application-name=service-connection-test",
				"connect.mongodb.embedded.enabled=true", "spring.mongodb.database=orders" })
class ServiceConnectionIntegrationTests {

	@Container
	@ServiceConnection
	static final MongoDBContainer mongo = new MongoDBContainer("mongo:8.0").withReplicaSet();

	@Autowired
	private ApplicationContext context;

	@Autowired
	private MongoClient client;

	@Autowired
	private MongoDatabase database;

	@Test
	void theClientConnectsThroughTheServiceConnectionWithOurSettings() {
		assertThat(this.context.getBean(MongoConnectionDetails.class).getConnectionString().getHosts())
			.containsExactly(mongo.getHost() + ":" + mongo.getFirstMappedPort());
		MongoClientImpl client = (MongoClientImpl) this.client;
		assertThat(client.getSettings().getApplicationName()).isEqualTo("service-connection-test");
		assertThat(client.getMongoDriverInformation().getDriverNames()).contains("connect-mongodb");
		this.database.getCollection("orders").insertOne(new Document("_id", 1).append("customer", "ada"));
		assertThat(this.database.getCollection("orders").find().first()).containsEntry("customer", "ada");
		assertThat(this.client.getClusterDescription().getType()).isEqualTo(ClusterType.REPLICA_SET);
	}

	@Test
	void theServiceConnectionWinsOverTheEmbeddedSwitch() {
		assertThat(this.context.getBeansOfType(EmbeddedMongoServer.class)).isEmpty();
	}

	@Test
	void healthIsUpWithTheReplicaSetDetails() {
		Health health = this.context.getBean(MongoPingHealthIndicator.class).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("clusterType", "REPLICA_SET");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ConnectMongoEmbeddedAutoConfiguration.class, ConnectMongoAutoConfiguration.class,
			MongoAutoConfiguration.class, ConnectMongoHealthContributorAutoConfiguration.class,
			MongoHealthContributorAutoConfiguration.class })
	static class TestConfiguration {

	}

}
