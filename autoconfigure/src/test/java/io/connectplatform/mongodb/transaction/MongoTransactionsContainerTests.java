package io.connectplatform.mongodb.transaction;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The {@link MongoTransactionsScenarios transaction scenarios} against a real MongoDB, a
 * single-node replica set with test commands enabled, so that the {@code failCommand} fail
 * point can make the server itself fail a command with the labels of the transaction
 * specification. Skipped where no Docker engine runs; the same scenarios run in every
 * build against the embedded replica set in {@link MongoTransactionsEmbeddedReplicaSetTests}.
 * <p>
 * {@code withReplicaSet()} sets the {@code --replSet docker-rs} command and initiates the
 * replica set once the container runs; replacing the command afterwards keeps the
 * initiation (Testcontainers 2.0.5 keys it on a flag, not on the command), so the command
 * below repeats {@code --replSet docker-rs} and adds {@code enableTestCommands}.
 */
@Testcontainers(disabledWithoutDocker = true)
class MongoTransactionsContainerTests extends MongoTransactionsScenarios {

	@Container
	static MongoDBContainer mongo = new MongoDBContainer("mongo:8.0").withReplicaSet()
		.withCommand("--replSet", "docker-rs", "--setParameter", "enableTestCommands=1");

	@Override
	protected String connectionString(String database) {
		return mongo.getReplicaSetUrl(database);
	}

}
