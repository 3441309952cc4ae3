package io.connectplatform.mongodb.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One read and one write of one document, picked at random by {@code _id}, in a collection
 * of 1 000 or 100 000 documents, on a replica set: in a multi-document transaction and
 * without one. The cost of a transaction must not grow with the size of the collection
 * beyond what it reads and writes.
 *
 * @author Connect MongoDB team
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TransactionBenchmark {

	static final int BATCH = 10_000;

	@Param({ "1000", "100000" })
	public int size;

	@Param({ "transaction", "plain" })
	public String contender;

	private MongoClient client;

	private TransactionContender counters;

	private final SplittableRandom random = new SplittableRandom(20_261_122);

	@Setup(Level.Trial)
	public void start() {
		this.client = BenchmarkServers.client(BenchmarkServers.replicaSet());
		MongoCollection<Document> collection = this.client.getDatabase(BenchmarkServers.DATABASE)
			.getCollection(TransactionContender.COUNTERS + this.size);
		// The counters are the same in every fork: stored once per server and size, by the first fork
		if (collection.countDocuments() != this.size) {
			collection.drop();
			List<Document> batch = new ArrayList<>(BATCH);
			for (int i = 0; i < this.size; i++) {
				batch.add(new Document("_id", i).append("n", 0L));
				if (batch.size() == BATCH || i == this.size - 1) {
					collection.insertMany(batch);
					batch.clear();
				}
			}
		}
		this.counters = TransactionContender.of(this.contender, this.client, collection);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.client.close();
	}

	@Benchmark
	public long readAndIncrement() {
		return this.counters.readAndIncrement(this.random.nextInt(this.size));
	}

}
