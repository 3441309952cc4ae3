package io.connectplatform.mongodb.embedded;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the lifetime limit of the embedded server's transactions: a transaction left
 * open, by a client that forgot it or by a process that died, is aborted once the limit
 * passes, leaving nothing and freeing the documents it wrote. The crash is a real child JVM
 * killed with {@code destroyForcibly()} while the server, in this JVM, outlives it.
 *
 * @author Connect MongoDB team
 */
class EmbeddedTransactionLifetimeTests {

	private static final Duration LIFETIME = Duration.ofSeconds(4);

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create().transactionLifetime(LIFETIME);

	@Test
	void aTransactionOpenLongerThanTheLifetimeIsAbortedAndSaysSoWithATransientLabel() {
		try (MongoClient client = MongoClients.create(mongo.getConnectionString());
				ClientSession session = client.startSession()) {
			MongoCollection<Document> items = client.getDatabase("lifetime").getCollection("forgotten");
			session.startTransaction();
			items.insertOne(session, new Document("_id", 1));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> mongo.server(0).getActiveTransactions() == 0);
			assertThatExceptionOfType(MongoCommandException.class)
				.isThrownBy(() -> items.insertOne(session, new Document("_id", 2)))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(251))
				.satisfies((ex) -> assertThat(ex.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL))
					.isTrue());
			session.abortTransaction();
			assertThat(items.countDocuments()).isZero();
		}
	}

	@Test
	void aClientKilledMidTransactionLeavesNothingOnceTheLifetimePasses() throws Exception {
		try (MongoClient client = MongoClients.create(mongo.getConnectionString())) {
			MongoCollection<Document> items = client.getDatabase("lifetime").getCollection("killed");
			items.insertOne(new Document("_id", "shared").append("n", 0));
			Process child = startChild(mongo.getConnectionString());
			try {
				awaitReady(child);
			}
			finally {
				child.destroyForcibly();
				assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
			}
			assertThat(items.countDocuments()).as("the dead client's insert is not visible").isOne();
			assertThat(items.find(Filters.eq("_id", "shared")).first()).containsEntry("n", 0);
			try (ClientSession session = client.startSession()) {
				session.startTransaction();
				assertThatExceptionOfType(MongoCommandException.class)
					.as("the dead client's transaction still holds its document")
					.isThrownBy(() -> items.updateOne(session, Filters.eq("_id", "shared"), Updates.set("n", 2)))
					.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(112));
				session.abortTransaction();
			}
			await().atMost(Duration.ofSeconds(30))
				.until(() -> mongo.server(0).getActiveTransactions() == 0);
			try (ClientSession session = client.startSession()) {
				session.startTransaction();
				items.updateOne(session, Filters.eq("_id", "shared"), Updates.set("n", 2));
				session.commitTransaction();
			}
			assertThat(items.find().into(new java.util.ArrayList<>()))
				.containsExactly(new Document("_id", "shared").append("n", 2));
		}
	}

	private static Process startChild(String connectionString) throws Exception {
		Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
		return new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
				Child.class.getName(), connectionString)
			.redirectErrorStream(true)
			.start();
	}

	private static void awaitReady(Process child) throws Exception {
		CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
			try (BufferedReader output = new BufferedReader(
					new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = output.readLine()) != null) {
					if (line.equals("READY")) {
						return true;
					}
				}
				return false;
			}
			catch (Exception ex) {
				return false;
			}
		});
		assertThat(ready.get(60, TimeUnit.SECONDS)).as("the child started its transaction").isTrue();
	}

	/**
	 * The child JVM: opens a transaction, writes, says so, and waits to be killed.
	 */
	static final class Child {

		private Child() {
		}

		public static void main(String[] args) throws InterruptedException {
			MongoClient client = MongoClients.create(args[0]);
			MongoCollection<Document> items = client.getDatabase("lifetime").getCollection("killed");
			ClientSession session = client.startSession();
			session.startTransaction();
			items.insertOne(session, new Document("_id", "uncommitted"));
			items.updateOne(session, Filters.eq("_id", "shared"), Updates.set("n", 1));
			System.out.println("READY");
			System.out.flush();
			Thread.sleep(TimeUnit.MINUTES.toMillis(5));
		}

	}

}
