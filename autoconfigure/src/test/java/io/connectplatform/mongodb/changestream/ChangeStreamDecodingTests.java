package io.connectplatform.mongodb.changestream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoCollection;
import org.bson.BsonObjectId;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of change events that cannot be read into the listener's type: they are the
 * listener's failures, with a message that says what and where, under its error policy
 * and without retries, or delivered raw to a listener that asks for them.
 *
 * @author Connect MongoDB team
 */
class ChangeStreamDecodingTests extends EmbeddedListenerTestSupport {

	private MongoCollection<Document> otherClientsItems;

	@BeforeEach
	void otherClient() {
		this.otherClientsItems = this.database.getCollection("items");
	}

	@Test
	void anEventWhoseDocumentCannotBeReadStopsTheListenerAtOnceWithAMessageSayingWhatAndWhere() {
		AtomicInteger calls = new AtomicInteger();
		ObjectId id = new ObjectId();
		start(ListenerErrorPolicy.STOP, null,
				ChangeListenerDefinition.builder("typed", Item.class, (event) -> calls.incrementAndGet())
					.collection("items"));
		this.otherClientsItems.insertOne(new Document("_id", id).append("name", "Teapot").append("quantity", 1));
		await().atMost(TIMEOUT).until(() -> this.container.getListener("typed").state() == ListenerState.FAILED);
		ListenerStatus status = this.container.getListener("typed");
		assertThat(calls).as("the listener is never called").hasValue(0);
		assertThat(status.failed()).as("one failure: decoding is not retried").isOne();
		assertThat(status.lastError()).startsWith(ChangeEventDecodingException.class.getName())
			.contains("Listener 'typed' cannot read the full document of the 'insert' event on "
					+ this.database.getName() + ".items (document key {\"_id\": {\"$oid\": \"" + id + "\"}}) as "
					+ Item.class.getName() + ": field '_id' holds OBJECT_ID, which record component 'id' "
					+ "(java.lang.String) cannot be read from");
	}

	@Test
	void aRecordWithoutAValueForAPrimitiveComponentNamesTheComponent() {
		start(ListenerErrorPolicy.STOP, null,
				ChangeListenerDefinition.builder("primitive", Item.class, (event) -> { }).collection("items"));
		this.otherClientsItems.insertOne(new Document("_id", "a").append("name", "No quantity"));
		await().atMost(TIMEOUT)
			.until(() -> this.container.getListener("primitive").state() == ListenerState.FAILED);
		assertThat(this.container.getListener("primitive").lastError())
			.contains("the document has no value for the primitive record component 'quantity' (int)");
	}

	@Test
	void withSkipAnUndecodableEventGoesToTheDeadLetterCollectionAndTheListenerGoesOn() {
		List<String> handled = new CopyOnWriteArrayList<>();
		start(ListenerErrorPolicy.SKIP, "dead_letters", ChangeListenerDefinition
			.builder("skipping", Item.class, (event) -> handled.add(event.getFullDocument().id()))
			.collection("items"));
		ObjectId id = new ObjectId();
		this.otherClientsItems.insertOne(new Document("_id", id).append("name", "Foreign").append("quantity", 1));
		this.items.insertOne(new Item("good", "Good", 2));
		await().atMost(TIMEOUT).until(() -> handled.contains("good"));
		assertThat(this.container.getListener("skipping").state()).isEqualTo(ListenerState.RUNNING);
		List<Document> letters = this.database.getCollection("dead_letters").find().into(new ArrayList<>());
		assertThat(letters).singleElement().satisfies((letter) -> {
			assertThat(letter.getString("listener")).isEqualTo("skipping");
			assertThat(letter.getString("error")).startsWith(ChangeEventDecodingException.class.getName())
				.contains("cannot read the full document");
			assertThat(letter.get("event", Document.class).get("fullDocument", Document.class).get("_id"))
				.isEqualTo(id);
			assertThat(letter.getInteger("attempts")).as("not retried").isOne();
		});
	}

	@Test
	void aListenerThatAsksForUndecodableEventsGetsThemWithoutTheirDocumentsAndWithTheRawEvent() {
		List<ChangeEvent<Item>> events = new CopyOnWriteArrayList<>();
		start(ListenerErrorPolicy.STOP, null, ChangeListenerDefinition.builder("raw", Item.class, events::add)
			.collection("items")
			.deliverUndecodable(true));
		ObjectId id = new ObjectId();
		this.otherClientsItems.insertOne(new Document("_id", id).append("name", "Foreign").append("quantity", 1));
		this.items.insertOne(new Item("good", "Good", 2));
		await().atMost(TIMEOUT).until(() -> events.size() == 2);
		ChangeEvent<Item> undecodable = events.get(0);
		assertThat(undecodable.getFullDocument()).isNull();
		assertThat(undecodable.getDocumentId()).isEqualTo(new BsonObjectId(id));
		assertThat(undecodable.getDecodingFailure()).isNotNull()
			.satisfies((failure) -> assertThat(failure.getMessage()).contains("cannot read the full document"));
		RawBsonDocument raw = undecodable.getRawEvent();
		assertThat(raw).isNotNull();
		assertThat(raw.getDocument("fullDocument").getObjectId("_id").getValue()).isEqualTo(id);
		ChangeEvent<Item> good = events.get(1);
		assertThat(good.getDecodingFailure()).isNull();
		assertThat(good.getFullDocument()).isEqualTo(new Item("good", "Good", 2));
		assertThat(this.container.getListener("raw").state()).isEqualTo(ListenerState.RUNNING);
	}

	private void start(ListenerErrorPolicy onError, String deadLetters, ChangeListenerDefinition.Builder<?> listener) {
		this.container = container(new InMemoryResumeTokenStore(),
				TestSettings.of(0, 3, onError, deadLetters, Duration.ofSeconds(10)));
		ChangeListenerDefinition<?> definition = listener.build();
		this.container.register(definition);
		startAndAwaitRunning(definition.getId());
	}

}
