package io.connectplatform.mongodb.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

/**
 * What both change-stream benchmarks share: a client on the server with an oplog, the
 * watched collection, a running listener and its counter.
 *
 * @author Connect MongoDB team
 */
final class ChangeStreamFixture implements AutoCloseable {

	static final String COLLECTION = "events";

	private static final String PAYLOAD = "x".repeat(100);

	final MongoClient client;

	final MongoCollection<Document> events;

	final DeliveryCounter counter = new DeliveryCounter();

	private final ChangeStreamContender listener;

	private long nextId;

	ChangeStreamFixture(String contender) throws Exception {
		this(contender, BenchmarkServers.client(BenchmarkServers.changes()));
	}

	/**
	 * Start a listener with the given client, which the fixture closes.
	 * @param contender the contender
	 * @param client a client of the server with an oplog
	 * @throws Exception if the listener does not start
	 */
	ChangeStreamFixture(String contender, MongoClient client) throws Exception {
		this.client = client;
		MongoDatabase database = this.client.getDatabase(BenchmarkServers.DATABASE);
		database.getCollection(COLLECTION).drop();
		database.createCollection(COLLECTION);
		this.events = database.getCollection(COLLECTION);
		trimOplog();
		this.listener = ChangeStreamContender.start(contender, this.client, COLLECTION, this.counter);
	}

	/**
	 * Empty the embedded server's oplog, which it scans whole on every poll of every
	 * stream, so that each iteration starts from the same server-side cost. A real server
	 * is left alone.
	 */
	void trimOplog() {
		if (BenchmarkServers.embedded()) {
			this.client.getDatabase("local").getCollection("oplog.rs").deleteMany(new Document());
		}
	}

	/**
	 * Return a new document to insert.
	 * @return the document
	 */
	Document next() {
		long id = this.nextId++;
		return new Document("_id", id).append("n", id).append("payload", PAYLOAD);
	}

	@Override
	public void close() throws Exception {
		try {
			this.listener.close();
		}
		finally {
			this.client.close();
		}
	}

}
