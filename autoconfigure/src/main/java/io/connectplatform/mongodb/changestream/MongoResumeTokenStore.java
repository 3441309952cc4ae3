package io.connectplatform.mongodb.changestream;

import java.time.Clock;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Keeps resume tokens in a MongoDB collection, one document per listener:
 * {@code { _id: <listener id>, token: <resume token>, savedAt: <date> }}. Writes use the
 * collection's write concern (on a replica set, the server's default is {@code majority}).
 *
 * @author Connect MongoDB team
 */
public final class MongoResumeTokenStore implements ResumeTokenStore {

	/**
	 * The default collection name.
	 */
	public static final String DEFAULT_COLLECTION = "connect_resume_tokens";

	private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

	private final MongoCollection<BsonDocument> collection;

	private final Clock clock;

	/**
	 * Create a store in a collection of a database.
	 * @param database the database
	 * @param collectionName the collection name
	 */
	public MongoResumeTokenStore(MongoDatabase database, String collectionName) {
		this(database.getCollection(collectionName, BsonDocument.class), Clock.systemUTC());
	}

	/**
	 * Create a store in a collection.
	 * @param collection the collection
	 * @param clock the clock of {@code savedAt}
	 */
	public MongoResumeTokenStore(MongoCollection<BsonDocument> collection, Clock clock) {
		Assert.notNull(collection, "'collection' must not be null");
		Assert.notNull(clock, "'clock' must not be null");
		this.collection = collection;
		this.clock = clock;
	}

	/**
	 * Return the collection the tokens are kept in.
	 * @return the collection
	 */
	public MongoCollection<BsonDocument> getCollection() {
		return this.collection;
	}

	@Override
	public @Nullable BsonDocument load(String listenerId) {
		BsonDocument stored = this.collection.find(Filters.eq("_id", listenerId)).first();
		return (stored != null && stored.isDocument("token")) ? stored.getDocument("token") : null;
	}

	@Override
	public void save(String listenerId, BsonDocument resumeToken) {
		BsonDocument document = new BsonDocument("_id", new BsonString(listenerId)).append("token", resumeToken)
			.append("savedAt", new BsonDateTime(this.clock.millis()));
		this.collection.replaceOne(Filters.eq("_id", listenerId), document, UPSERT);
	}

	@Override
	public void delete(String listenerId) {
		this.collection.deleteOne(Filters.eq("_id", listenerId));
	}

}
