package io.connectplatform.mongodb.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Warms the embedded server's JVM up with the raw driver before the first round, so that the
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

}
