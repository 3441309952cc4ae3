package io.connectplatform.mongodb.gridfs;

import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link GridFsTransactionScenarios} against the embedded single-node replica set, over
 * TCP: it runs transactions keyed by session, reads from a snapshot, and refuses
 * {@code listIndexes} inside a transaction as MongoDB does, so every scenario runs here on
 * each build. {@link GridFsTemplateContainerTests} runs the same scenarios against MongoDB.
 *
 * @author Connect MongoDB team
 */
class GridFsTemplateEmbeddedReplicaSetTests extends GridFsTransactionScenarios {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	@Override
	protected String connectionString() {
		return mongo.getConnectionString();
	}

}
