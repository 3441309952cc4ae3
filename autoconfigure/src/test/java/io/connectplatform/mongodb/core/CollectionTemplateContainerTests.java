package io.connectplatform.mongodb.core;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@link CollectionTemplateReplicaSetScenarios} against a real MongoDB (a single-node
 * replica set in a container), which {@link CollectionTemplateEmbeddedReplicaSetTests} runs
 * against the embedded replica set on every build; here the counts of a failed bulk write
 * are checked too, since the embedded server reports every document it was sent as
 * inserted. Besides, what the embedded server cannot show: an enforced {@code $jsonSchema}
 * validator (it stores validators without enforcing them, so a document that breaks the
 * schema is inserted there). Skipped where no Docker engine runs.
 * <p>
 * Fail points need test commands, which {@link MongoDBContainer} does not enable: the
 * container's command (which {@code withReplicaSet()} sets to {@code --replSet docker-rs})
 * is replaced by one that also sets {@code enableTestCommands}.
 *
 * @author Connect MongoDB team
 */
@Testcontainers(disabledWithoutDocker = true)
class CollectionTemplateContainerTests extends CollectionTemplateReplicaSetScenarios {

	@Container
	static MongoDBContainer mongo = new MongoDBContainer("mongo:8.0").withReplicaSet()
		.withCommand("--replSet", "docker-rs", "--setParameter", "enableTestCommands=1");

	@Override
	protected String connectionString() {
		return mongo.getReplicaSetUrl();
	}

	@Override
	protected void assertInsertedCount(MongoBulkWriteFailureException failure, int expected) {
		assertThat(failure.getInsertedCount()).isEqualTo(expected);
	}

	@Test
	void aJsonSchemaValidatorRejectsADocumentWithADataIntegrityViolation() {
		CollectionTemplate<Account> accounts = accounts();
		accounts.createCollectionWithSchema(Document.parse("""
				{bsonType: "object", required: ["name", "balance"],
				 properties: {balance: {bsonType: "int", minimum: 0}}}"""));
		accounts.insert(new Account("a", "Ada", 1));
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> accounts.insert(new Account("b", "Bob", -1)))
			.withMessageContaining("validator");
		assertThat(accounts.count()).isEqualTo(1);
	}

}
