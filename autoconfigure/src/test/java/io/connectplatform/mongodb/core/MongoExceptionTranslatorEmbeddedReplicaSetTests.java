package io.connectplatform.mongodb.core;

import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link MongoExceptionTranslatorScenarios} against the embedded single-node replica
 * set, over TCP, on every build. {@link MongoExceptionTranslatorContainerTests} runs the
 * same scenarios against MongoDB.
 *
 * @author Connect MongoDB team
 */
class MongoExceptionTranslatorEmbeddedReplicaSetTests extends MongoExceptionTranslatorScenarios {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	@Override
	protected String connectionString() {
		return mongo.getConnectionString();
	}

	/**
	 * Not checked here: when a bulk write fails, the embedded server reports every
	 * document it was sent as inserted (5 in the insertMany scenarios, where MongoDB says 2
	 * and 3), so the count is checked against MongoDB only, by
	 * {@link MongoExceptionTranslatorContainerTests}. Which documents were stored, and the
	 * other counts, are checked on both.
	 */
	@Override
	protected void assertInsertedCount(MongoBulkWriteFailureException failure, int expected) {
	}

}
