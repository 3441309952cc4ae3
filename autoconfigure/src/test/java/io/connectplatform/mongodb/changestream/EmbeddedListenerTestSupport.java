package io.connectplatform.mongodb.changestream;

import java.time.Duration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;

/**
 * What tests of listeners on the embedded replica set share: a client, a database of the
 * test's own, its {@code items} collection, and a container built on them that is stopped
 * after each test.
 *
 * @author Connect MongoDB team
 */
abstract class EmbeddedListenerTestSupport {

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	MongoClient client;

	MongoDatabase database;

	MongoCollection<Item> items;

	ChangeStreamListenerContainer container;

	@BeforeEach
	void connect(TestInfo test) {
		this.client = MongoClients.create(mongo.getConnectionString());
		String name = test.getTestMethod().orElseThrow().getName();
		this.database = this.client.getDatabase(name.substring(0, Math.min(name.length(), 60)));
		MongoTemplates templates = MongoTemplates.builder(this.client, this.database).build();
		this.items = this.database.getCollection("items", Item.class).withCodecRegistry(templates.getCodecRegistry());
	}

	@AfterEach
	void close() {
		if (this.container != null) {
			this.container.stop();
		}
		this.client.close();
	}

	/**
	 * Build a container on the test's database with the templates' codecs.
	 * @param store the token store
	 * @param settings the settings
	 * @return the container, not started
	 */
	ChangeStreamListenerContainer container(ResumeTokenStore store, ChangeStreamSettings settings) {
		return ChangeStreamListenerContainer.builder(this.client, this.database)
			.codecRegistry(MongoTemplates.builder(this.client, this.database).build().getCodecRegistry())
			.tokenStore(store)
			.settings(settings)
			.build();
	}

	/**
	 * Start the container and wait until a listener runs.
	 * @param id the listener id
	 */
	void startAndAwaitRunning(String id) {
		this.container.start();
		await().atMost(TIMEOUT).until(() -> this.container.getListener(id).state() == ListenerState.RUNNING);
	}

}
