package io.connectplatform.mongodb.core;

import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link CollectionTemplateReplicaSetScenarios} against the embedded single-node replica
 * set, over TCP, on every build. {@link CollectionTemplateContainerTests} runs the same
 * scenarios against MongoDB.
 *
 * @author Connect MongoDB team
 */
class CollectionTemplateEmbeddedReplicaSetTests extends CollectionTemplateReplicaSetScenarios {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	@Override
	protected String connectionString() {
		return mongo.getConnectionString();
	}

	/**
	 * Not checked here: when a bulk write fails, the embedded server reports every document
	 * it was sent as inserted (3 and 2 in the scenarios, where MongoDB says 1), so the count
	 * is checked against MongoDB only, by {@link CollectionTemplateContainerTests}. Which
	 * documents were stored is checked on both.
	 */
	@Override
	protected void assertInsertedCount(MongoBulkWriteFailureException failure, int expected) {
	}

}
