package io.connectplatform.mongodb.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Warms the embedded servers' JVMs up with the raw driver before the first round, so that the
 * first benchmarks do not meet a colder server than the later ones.
 *
 * @author Connect MongoDB team
 */
final class ServerWarmup {

	private static final long MILLIS = 8000;

	private ServerWarmup() {
	}

	/**
	 * Run a mix of CRUD and GridFS calls against the server for a few seconds.
	 * @param uri the server
	 */
	static void run(String uri) {
		try (MongoClient client = BenchmarkServers.client(uri)) {
			MongoCollection<Order> orders = client.getDatabase("warmup").getCollection("orders", Order.class);
			GridFSBucket bucket = GridFSBuckets.create(client.getDatabase("warmup"));
			byte[] content = new byte[1024 * 1024];
			long deadline = System.currentTimeMillis() + MILLIS;
			int seed = 0;
			while (System.currentTimeMillis() < deadline) {
				List<Order> batch = new ArrayList<>();
				for (int i = 0; i < 100; i++) {
					batch.add(Order.sample(new ObjectId(), "warm", seed++));
				}
				orders.insertMany(batch);
				for (Order order : batch) {
					orders.find(new Document("_id", order.id())).first();
				}
				orders.find(new Document("status", "warm")).limit(100).into(new ArrayList<>());
				ObjectId file = bucket.uploadFromStream("warm.bin", new ByteArrayInputStream(content));
				bucket.downloadToStream(file, OutputStream.nullOutputStream());
				bucket.delete(file);
			}
			client.getDatabase("warmup").drop();
		}
	}

	/**
	 * Run what {@link #run(String)} runs, then, for a few seconds more, reads and writes of
	 * one document in a transaction and without one, against a replica set.
	 * @param uri the replica set
	 */
	static void runWithTransactions(String uri) {
		run(uri);
		try (MongoClient client = BenchmarkServers.client(uri)) {
			MongoCollection<Document> counters = client.getDatabase("warmup").getCollection("counters");
			List<Document> stored = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				stored.add(new Document("_id", i).append("n", 0L));
			}
			counters.insertMany(stored);
			long deadline = System.currentTimeMillis() + MILLIS;
			for (int i = 0; System.currentTimeMillis() < deadline; i++) {
				Document id = new Document("_id", i % 1000);
				try (ClientSession session = client.startSession()) {
					session.withTransaction(() -> {
						counters.find(session, id).first();
						return counters.updateOne(session, id, new Document("$inc", new Document("n", 1)));
					});
				}
				counters.find(id).first();
				counters.updateOne(id, new Document("$inc", new Document("n", 1)));
			}
			client.getDatabase("warmup").drop();
		}
	}

}
