package io.connectplatform.mongodb.embedded;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the {@code failCommand} fail point of the embedded server, with the driver over
 * TCP, as MongoDB's test command has it.
 *
 * @author Connect MongoDB team
 */
class EmbeddedFailPointTests {

	private static final String APP = "fail-point-tests";

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private MongoClient client;

	private MongoClient bystander;

	private MongoCollection<Document> items;

	@BeforeEach
	void connect() {
		this.client = MongoClients.create(settings().applicationName(APP).retryReads(false).build());
		this.bystander = MongoClients.create(settings().build());
		this.items = this.client.getDatabase("fail").getCollection("items");
		this.items.drop();
		this.items.insertOne(new Document("_id", 1));
	}

	@AfterEach
	void close() {
		failPoint(new Document("configureFailPoint", "failCommand").append("mode", "off"));
		this.client.close();
		this.bystander.close();
	}

	@Test
	void theNextCommandsFailWithTheCodeAndLabelsThenTheFailPointTurnsItselfOff() {
		failTimes(2, new Document("failCommands", List.of("find")).append("errorCode", 10107)
			.append("errorLabels", List.of("SomeLabel")));
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(MongoException.class).isThrownBy(() -> this.items.find().first())
				.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(10107))
				.satisfies((ex) -> assertThat(ex.hasErrorLabel("SomeLabel")).isTrue());
		}
		assertThat(this.items.find().first()).isEqualTo(new Document("_id", 1));
	}

	@Test
	void onlyTheNamedApplicationIsAffected() {
		failTimes(1, new Document("failCommands", List.of("find")).append("errorCode", 91));
		assertThat(this.bystander.getDatabase("fail").getCollection("items").find().first()).isNotNull();
		assertThatExceptionOfType(MongoException.class).isThrownBy(() -> this.items.find().first())
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(91));
	}

	@Test
	void aRetryableWriteErrorIsLabelledSoTheDriverSendsTheWriteAgain() {
		failTimes(1, new Document("failCommands", List.of("insert")).append("errorCode", 91));
		this.items.insertOne(new Document("_id", 2));
		assertThat(this.items.countDocuments()).isEqualTo(2);
	}

	@Test
	void closeConnectionClosesTheConnectionWithoutAnAnswer() {
		failTimes(1, new Document("failCommands", List.of("find")).append("closeConnection", true));
		assertThatExceptionOfType(MongoSocketException.class).isThrownBy(() -> this.items.find().first());
		assertThat(this.items.find().first()).isEqualTo(new Document("_id", 1));
	}

	@Test
	void aBlockedConnectionAnswersLateWithoutHoldingUpOtherConnections() throws Exception {
		failTimes(1, new Document("failCommands", List.of("find")).append("blockConnection", true)
			.append("blockTimeMS", 2000));
		try (MongoClient impatient = MongoClients.create(settings().applicationName(APP)
			.applyToSocketSettings((socket) -> socket.readTimeout(200, TimeUnit.MILLISECONDS))
			.retryReads(false)
			.build())) {
			CompletableFuture<Document> blocked = CompletableFuture
				.supplyAsync(() -> this.items.find().first());
			for (int i = 0; i < 20; i++) {
				assertThat(impatient.getDatabase("fail").getCollection("items").countDocuments())
					.as("other connections are answered while one is blocked")
					.isOne();
			}
			assertThat(blocked.get(30, TimeUnit.SECONDS)).as("the blocked find is answered in the end")
				.isEqualTo(new Document("_id", 1));
		}
		failTimes(1, new Document("failCommands", List.of("find")).append("blockConnection", true)
			.append("blockTimeMS", 2000));
		try (MongoClient impatient = MongoClients.create(settings().applicationName(APP)
			.applyToSocketSettings((socket) -> socket.readTimeout(200, TimeUnit.MILLISECONDS))
			.retryReads(false)
			.build())) {
			assertThatExceptionOfType(MongoSocketReadTimeoutException.class)
				.isThrownBy(() -> impatient.getDatabase("fail").getCollection("items").find().first());
		}
	}

	@Test
	void aWriteConcernErrorIsAddedToASuccessfulWrite() {
		failTimes(1, new Document("failCommands", List.of("insert")).append("writeConcernError",
				new Document("code", 100).append("codeName", "UnsatisfiableWriteConcern")
					.append("errmsg", "Not enough data-bearing nodes")));
		assertThatExceptionOfType(MongoWriteConcernException.class)
			.isThrownBy(() -> this.items.insertOne(new Document("_id", 2)))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(100));
		assertThat(this.items.countDocuments()).as("the write itself was applied").isEqualTo(2);
	}

	@Test
	void unsupportedModesAndFailPointsAreRefused() {
		assertThatExceptionOfType(MongoCommandException.class)
			.isThrownBy(() -> failPoint(new Document("configureFailPoint", "failCommand")
				.append("mode", new Document("activationProbability", 0.5))
				.append("data", new Document("failCommands", List.of("find")))))
			.satisfies((ex) -> assertThat(ex.getErrorMessage()).contains("Unsupported fail point mode"));
		assertThatExceptionOfType(MongoCommandException.class)
			.isThrownBy(() -> failPoint(new Document("configureFailPoint", "rsSyncApplyStop").append("mode", "alwaysOn")))
			.satisfies((ex) -> assertThat(ex.getErrorMessage()).contains("only 'failCommand' is supported"));
	}

	@Test
	void withoutTestCommandsConfigureFailPointIsUnknown() {
		try (EmbeddedMongoServer server = EmbeddedMongoServer.start("localhost", 0);
				MongoClient plain = MongoClients.create(server.getConnectionString())) {
			assertThatExceptionOfType(MongoCommandException.class)
				.isThrownBy(() -> plain.getDatabase("admin")
					.runCommand(new Document("configureFailPoint", "failCommand").append("mode", "off")))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(59))
				.satisfies((ex) -> assertThat(ex.getErrorMessage()).contains("connect.mongodb.embedded.test-commands"));
		}
	}

	private void failTimes(int times, Document data) {
		failPoint(new Document("configureFailPoint", "failCommand").append("mode", new Document("times", times))
			.append("data", data.append("appName", APP)));
	}

	private void failPoint(Document command) {
		this.bystander.getDatabase("admin").runCommand(command);
	}

	private static MongoClientSettings.Builder settings() {
		return MongoClientSettings.builder().applyConnectionString(new ConnectionString(mongo.getConnectionString()));
	}

}
