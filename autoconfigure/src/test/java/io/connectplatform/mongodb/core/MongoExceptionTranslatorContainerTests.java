package io.connectplatform.mongodb.core;

import java.util.concurrent.TimeUnit;

import com.mongodb.MongoExecutionTimeoutException;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@link MongoExceptionTranslatorScenarios} against a real MongoDB (a single-node
 * replica set in a container), which {@link MongoExceptionTranslatorEmbeddedReplicaSetTests}
 * runs against the embedded replica set on every build; here the counts of a failed bulk
 * write are checked too, since the embedded server reports every document it was sent as
 * inserted. Besides, what the embedded server cannot show: a real {@code maxTimeMS} time
 * limit, through MongoDB's {@code maxTimeAlwaysTimeOut} fail point (the embedded server
 * ignores {@code maxTimeMS} and has the {@code failCommand} fail point only). Needs a Docker
 * engine: where none runs, the class is reported as skipped.
 * <p>
 * Fail points need test commands, which {@link MongoDBContainer} does not enable: the
 * container's command (which {@code withReplicaSet()} sets to {@code --replSet docker-rs})
 * is replaced by one that also sets {@code enableTestCommands}.
 *
 * @author Connect MongoDB team
 */
@Testcontainers(disabledWithoutDocker = true)
class MongoExceptionTranslatorContainerTests extends MongoExceptionTranslatorScenarios {

	@Container
	static MongoDBContainer mongo = new MongoDBContainer("mongo:8.0").withReplicaSet()
		.withCommand("--replSet", "docker-rs", "--setParameter", "enableTestCommands=1");

	@Override
	protected String connectionString() {
		return mongo.getReplicaSetUrl("shop");
	}

	@Override
	protected void assertInsertedCount(MongoBulkWriteFailureException failure, int expected) {
		assertThat(failure.getInsertedCount()).isEqualTo(expected);
	}

	@AfterEach
	void disableMaxTimeFailPoint() {
		admin().runCommand(new Document("configureFailPoint", "maxTimeAlwaysTimeOut").append("mode", "off"));
	}

	@Test
	void exceededMaxTimeIsAQueryTimeout() {
		// A server fail point that makes every operation with a maxTimeMS time out.
		admin().runCommand(new Document("configureFailPoint", "maxTimeAlwaysTimeOut").append("mode", "alwaysOn"));
		assertThatExceptionOfType(QueryTimeoutException.class)
			.isThrownBy(() -> translate(() -> users().find().maxTime(10, TimeUnit.SECONDS).first()))
			.withCauseInstanceOf(MongoExecutionTimeoutException.class)
			.withMessageStartingWith("Server time limit exceeded (maxTimeMS): ");
	}

}
