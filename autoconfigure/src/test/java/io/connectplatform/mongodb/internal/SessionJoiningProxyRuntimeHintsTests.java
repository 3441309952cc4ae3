package io.connectplatform.mongodb.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionJoiningProxyRuntimeHints}: every proxy {@link SessionJoiningProxy}
 * creates, from a client connected over TCP to the embedded server, has its JDK proxy hint,
 * and every method it looks up or invokes has its reflection hint.
 *
 * @author Connect MongoDB team
 */
class SessionJoiningProxyRuntimeHintsTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private final RuntimeHints hints = new RuntimeHints();

	private final MongoSessionLookup noSession = () -> null;

	SessionJoiningProxyRuntimeHintsTests() {
		new SessionJoiningProxyRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void isRegisteredInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class).asList())
			.hasAtLeastOneElementOfType(SessionJoiningProxyRuntimeHints.class);
	}

	@Test
	void everyProxyTheJoiningDatabaseAndBucketCreateHasAProxyHint() {
		try (MongoClient client = MongoClients.create(mongo.getConnectionString())) {
			MongoDatabase plain = client.getDatabase("hints");
			MongoDatabase database = SessionJoiningProxy.database(plain, this.noSession);
			MongoCollection<Document> collection = database.getCollection("items");
			MongoCollection<Document> derived = collection.withDocumentClass(Document.class);
			MongoDatabase derivedDatabase = database.withReadConcern(plain.getReadConcern());
			GridFSBucket bucket = SessionJoiningProxy.bucket(GridFSBuckets.create(plain), this.noSession);
			GridFSBucket derivedBucket = bucket.withChunkSizeBytes(1024);
			collection.insertOne(new Document("_id", 1));
			assertThat(database.getCollection("items").countDocuments()).isOne();
			for (Object proxy : List.of(database, collection, derived, derivedDatabase, bucket, derivedBucket)) {
				assertThat(Proxy.isProxyClass(proxy.getClass())).isTrue();
				assertThat(RuntimeHintsPredicates.proxies().forInterfaces(proxy.getClass().getInterfaces()))
					.as(proxy.getClass().getInterfaces()[0].getName())
					.accepts(this.hints);
			}
		}
	}

	@Test
	void everyPublicMethodOfTheProxiedInterfacesCanBeInvoked() {
		for (Class<?> type : List.of(MongoDatabase.class, MongoCollection.class, GridFSBucket.class)) {
			for (Method method : type.getMethods()) {
				assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(method))
					.as(method.toGenericString())
					.accepts(this.hints);
			}
		}
	}

	@Test
	void sessionOverloadsThatCallsAreRoutedToCanBeInvoked() throws Exception {
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(MongoCollection.class.getMethod("insertOne", ClientSession.class, Object.class)))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(MongoCollection.class.getMethod("find", ClientSession.class, Bson.class)))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(GridFSBucket.class.getMethod("delete", ClientSession.class, org.bson.BsonValue.class)))
			.accepts(this.hints);
	}

}
