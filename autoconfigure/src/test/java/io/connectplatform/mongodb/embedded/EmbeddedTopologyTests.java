package io.connectplatform.mongodb.embedded;

import java.util.ArrayList;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientException;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.ServerApi;
import com.mongodb.ServerApiVersion;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.connection.ClusterType;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for what each {@link EmbeddedTopology} offers a transaction, with the driver alone
 * over TCP: the claims of the README's in-memory server section.
 *
 * @author Connect MongoDB team
 */
class EmbeddedTopologyTests {

	@RegisterExtension
	static EmbeddedMongoExtension replicaSet = EmbeddedMongoExtension.create();

	@RegisterExtension
	static EmbeddedMongoExtension routers = EmbeddedMongoExtension.create().servers(3).routers();

	@RegisterExtension
	static EmbeddedMongoExtension standalone = EmbeddedMongoExtension.create().standalone();

	@Test
	void aTransientErrorOfAFailPointRunsTheTransactionAgainUnderTheServerApi() {
		MongoClientSettings settings = MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(replicaSet.getConnectionString()))
			.serverApi(ServerApi.builder().version(ServerApiVersion.V1).build())
			.build();
		try (MongoClient client = MongoClients.create(settings)) {
			client.getDatabase("admin").runCommand(Document.parse("""
					{configureFailPoint: "failCommand", mode: {times: 1},
					 data: {failCommands: ["insert"], errorCode: 112, errorLabels: ["TransientTransactionError"]}}"""));
			MongoCollection<Document> orders = client.getDatabase("shop").getCollection("orders");
			int[] attempts = new int[1];
			try (ClientSession session = client.startSession()) {
				session.withTransaction(() -> {
					attempts[0]++;
					return orders.insertOne(session, new Document("_id", 1));
				});
			}
			assertThat(attempts[0]).isEqualTo(2);
			assertThat(orders.countDocuments()).isOne();
		}
	}


	@Test
	void aTransactionThroughTheRoutersCommitsAllItsWritesAndAnAbortedOneNone() {
		try (MongoClient client = MongoClients.create(routers.getConnectionString())) {
			MongoCollection<Document> orders = client.getDatabase("shop").getCollection("sharded");
			orders.insertOne(new Document("_id", "seed"));
			assertThat(client.getClusterDescription().getType()).isEqualTo(ClusterType.SHARDED);
			try (ClientSession session = client.startSession()) {
				session.withTransaction(() -> {
					orders.insertOne(session, new Document("_id", 1));
					return orders.insertOne(session, new Document("_id", 2));
				});
				session.startTransaction();
				orders.insertOne(session, new Document("_id", 3));
				assertThat(orders.countDocuments()).isEqualTo(3);
				session.abortTransaction();
			}
			assertThat(orders.find().map((document) -> document.get("_id")).into(new ArrayList<>()))
				.containsExactlyInAnyOrder("seed", 1, 2);
		}
	}


	@Test
	void aTransactionIsRefusedWithTheErrorOfARealStandaloneServer() {
		try (MongoClient client = MongoClients.create(standalone.getConnectionString())) {
			MongoCollection<Document> orders = client.getDatabase("shop").getCollection("standalone");
			orders.insertOne(new Document("_id", "seed"));
			try (ClientSession session = client.startSession()) {
				// The driver turns MongoDB's IllegalOperation into a retryable-writes message.
				assertThatExceptionOfType(MongoClientException.class)
					.isThrownBy(() -> session.withTransaction(() -> orders.insertOne(session, new Document("_id", 1))))
					.havingCause()
					.isInstanceOfSatisfying(MongoCommandException.class, (ex) -> {
						assertThat(ex.getErrorCode()).isEqualTo(20);
						assertThat(ex.getErrorMessage())
							.isEqualTo("Transaction numbers are only allowed on a replica set member or mongos");
					});
			}
			assertThat(orders.countDocuments()).isOne();
		}
	}

}
