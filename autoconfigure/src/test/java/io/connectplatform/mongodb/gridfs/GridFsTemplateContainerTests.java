package io.connectplatform.mongodb.gridfs;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The {@link GridFsTransactionScenarios} against a real MongoDB (a single-node replica set in
 * a container), to show that the embedded replica set, which
 * {@link GridFsTemplateEmbeddedReplicaSetTests} runs them against on every build, behaves as
 * MongoDB does there. Skipped where no Docker engine runs.
 *
 * @author Connect MongoDB team
 */
@Testcontainers(disabledWithoutDocker = true)
class GridFsTemplateContainerTests extends GridFsTransactionScenarios {

	@Container
	static MongoDBContainer mongo = new MongoDBContainer("mongo:8.0").withReplicaSet();

	@Override
	protected String connectionString() {
		return mongo.getReplicaSetUrl();
	}

}
