package io.connectplatform.mongodb.internal;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SessionJoiningProxy}. Without a session it is shown over the wire against
 * the embedded server. With one, the routing is shown on a recording stand-in for the
 * driver's {@link MongoCollection}: which method, with which session, the proxy calls. That
 * a joined call really runs in the transaction is shown against the embedded replica set and
 * a real one by {@code MongoTransactionsJoiningScenarios}.
 *
 * @author Connect MongoDB team
 */
class SessionJoiningProxyTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private MongoClient client;

	private MongoDatabase database;

	@BeforeEach
	void connect() {
		this.client = MongoClients.create(mongo.getConnectionString());
		this.database = this.client.getDatabase("joining_" + UUID.randomUUID().toString().substring(0, 8));
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void withoutASessionCallsGoStraightThroughOverTheWire() {
		MongoDatabase joining = SessionJoiningProxy.database(this.database, MongoSessionLookup.NONE);
		MongoCollection<Document> notes = joining.getCollection("notes");
		notes.insertOne(new Document("_id", 1).append("text", "hello"));
		notes.createIndex(Indexes.ascending("text"));
		assertThat(notes.find(Filters.eq("_id", 1)).first()).containsEntry("text", "hello");
		assertThat(notes.countDocuments()).isOne();
		assertThat(this.database.getCollection("notes").countDocuments()).as("the plain database sees the write")
			.isOne();
		assertThat(joining.listCollectionNames()).contains("notes");
	}

	@Test
	void everyDatabaseAndCollectionItReturnsJoinsToo() {
		MongoDatabase joining = SessionJoiningProxy.database(this.database, MongoSessionLookup.NONE);
		MongoDatabase derived = joining.withCodecRegistry(CodecRegistries.fromRegistries(this.database.getCodecRegistry()));
		MongoCollection<Document> collection = derived.getCollection("notes");
		assertThat(isJoining(derived)).isTrue();
		assertThat(isJoining(collection)).isTrue();
		assertThat(isJoining(collection.withDocumentClass(Document.class))).isTrue();
		assertThat(SessionJoiningProxy.database(joining, MongoSessionLookup.NONE)).as("not wrapped twice")
			.isSameAs(joining);
		assertThat(joining).isEqualTo(joining).isNotEqualTo(this.database);
		assertThat(joining.toString()).startsWith("SessionJoiningProxy[");
	}

	@Test
	void crudAndAggregationCallsTakeTheBoundSession() {
		ClientSession session = session("bound");
		Recorder recorder = new Recorder();
		MongoCollection<Document> joining = SessionJoiningProxy.collection(recorder.collection(), () -> session);
		Document document = new Document("_id", 1);
		Bson filter = Filters.eq("_id", 1);
		joining.insertOne(document);
		joining.find(filter);
		joining.updateMany(filter, new Document("$set", new Document("a", 1)));
		joining.deleteOne(filter);
		joining.countDocuments();
		joining.aggregate(List.of());
		assertThat(recorder.calls).containsExactly("insertOne[bound]/2", "find[bound]/2", "updateMany[bound]/3",
				"deleteOne[bound]/2", "countDocuments[bound]/1", "aggregate[bound]/2");
	}

	@Test
	void managementCommandsAndCallsWithTheirOwnSessionAreLeftAlone() {
		ClientSession bound = session("bound");
		ClientSession own = session("own");
		Recorder recorder = new Recorder();
		MongoCollection<Document> joining = SessionJoiningProxy.collection(recorder.collection(), () -> bound);
		joining.createIndex(Indexes.ascending("a"));
		joining.estimatedDocumentCount();
		joining.drop();
		joining.insertOne(own, new Document());
		assertThat(recorder.calls).containsExactly("createIndex[]/1", "estimatedDocumentCount[]/0", "drop[]/0",
				"insertOne[own]/2");
	}

	@Test
	void refusesNullArguments() {
		assertThatIllegalArgumentException().isThrownBy(() -> SessionJoiningProxy.database(null, MongoSessionLookup.NONE))
			.withMessageContaining("database");
		assertThatIllegalArgumentException().isThrownBy(() -> SessionJoiningProxy.collection(null, MongoSessionLookup.NONE))
			.withMessageContaining("collection");
	}

	private static boolean isJoining(Object candidate) {
		return Proxy.isProxyClass(candidate.getClass()) && candidate.toString().startsWith("SessionJoiningProxy[");
	}

	/**
	 * A session that is never used for I/O: the recorder only notes its name.
	 */
	private static ClientSession session(String name) {
		return (ClientSession) Proxy.newProxyInstance(SessionJoiningProxyTests.class.getClassLoader(),
				new Class<?>[] { ClientSession.class }, (proxy, method, args) -> switch (method.getName()) {
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					case "toString" -> name;
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

	/**
	 * Records the calls a {@link MongoCollection} receives, as
	 * {@code method[session]/number of arguments}.
	 */
	private static final class Recorder {

		final List<String> calls = new ArrayList<>();

		@SuppressWarnings("unchecked")
		MongoCollection<Document> collection() {
			return (MongoCollection<Document>) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { MongoCollection.class }, (proxy, method, args) -> {
						int count = (args != null) ? args.length : 0;
						String session = (count > 0 && args[0] instanceof ClientSession first) ? first.toString() : "";
						this.calls.add(method.getName() + "[" + session + "]/" + count);
						return (method.getReturnType() == long.class) ? 0L : null;
					});
		}

	}

}
