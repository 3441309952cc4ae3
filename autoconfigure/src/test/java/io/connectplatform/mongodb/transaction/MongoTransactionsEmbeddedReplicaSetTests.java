package io.connectplatform.mongodb.transaction;

import java.time.Duration;

import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@link MongoTransactionsScenarios transaction scenarios} against the embedded server
 * as a single-node replica set, with sessions, multi-document transactions and the
 * {@code failCommand} fail point, in every build; {@link MongoTransactionsContainerTests}
 * runs the same scenarios against MongoDB where Docker runs. After each scenario the server
 * holds no open transaction: every one was committed or aborted.
 */
class MongoTransactionsEmbeddedReplicaSetTests extends MongoTransactionsScenarios {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	@Override
	protected String connectionString(String database) {
		return mongo.getConnectionString(database);
	}

	@AfterEach
	void noTransactionIsLeftOpen() {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(mongo.server(0).getActiveTransactions()).isZero());
	}

}
