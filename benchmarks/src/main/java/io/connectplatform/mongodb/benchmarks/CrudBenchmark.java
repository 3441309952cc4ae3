package io.connectplatform.mongodb.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.bson.types.ObjectId;
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
 * Single CRUD operations end to end, over TCP: the same calls through our
 * {@code CollectionTemplate}, the raw driver and Spring Data's {@code MongoTemplate}.
 *
 * @author Connect MongoDB team
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CrudBenchmark {

	static final int STORED = 1000;

	static final int HUNDRED = 100;

	static final int BULK = 1000;

	@Param({ "raw", "connect", "spring-data" })
	public String contender;

	private MongoClient client;

	private MongoDatabase database;

	private CrudContender crud;

	private final ObjectId[] ids = new ObjectId[STORED];

	private int next;

	private int seed;

	@Setup(Level.Trial)
	public void start() {
		this.client = BenchmarkServers.client(BenchmarkServers.plain());
		this.database = this.client.getDatabase(BenchmarkServers.DATABASE);
		for (int i = 0; i < STORED; i++) {
			this.ids[i] = storedId(i);
		}
		// The read data is the same in every fork: stored once per server, by the first fork
		if (this.database.getCollection(CrudContender.ORDERS).countDocuments() != STORED
				|| this.database.getCollection(CrudContender.HUNDRED).countDocuments() != HUNDRED) {
			this.database.getCollection(CrudContender.ORDERS).drop();
			this.database.getCollection(CrudContender.HUNDRED).drop();
			List<Order> stored = new ArrayList<>(STORED);
			for (int i = 0; i < STORED; i++) {
				stored.add(Order.sample(this.ids[i], "stored", i));
			}
			this.database.getCollection(CrudContender.ORDERS, Order.class).insertMany(stored);
			List<Order> open = new ArrayList<>(HUNDRED);
			for (int i = 0; i < HUNDRED; i++) {
				open.add(Order.sample(new ObjectId(), CrudContender.OPEN, i));
			}
			this.database.getCollection(CrudContender.HUNDRED, Order.class).insertMany(open);
		}
		this.crud = CrudContender.of(this.contender, this.client, BenchmarkServers.DATABASE);
	}

	private static ObjectId storedId(int i) {
		return new ObjectId(1_700_000_000, i);
	}

	@Setup(Level.Iteration)
	public void emptySink() {
		this.database.getCollection(CrudContender.SINK).drop();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.database.getCollection(CrudContender.SINK).drop();
		this.client.close();
	}

	@Benchmark
	public Order insertOne() {
		return this.crud.insert(Order.sample(new ObjectId(), "new", this.seed++));
	}

	@Benchmark
	public Optional<Order> findById() {
		return this.crud.findById(nextId());
	}

	@Benchmark
	public List<Order> find100() {
		return this.crud.findHundred();
	}

	@Benchmark
	public long updateOne() {
		return this.crud.incrementCounter(nextId());
	}

	@Benchmark
	public int bulkInsert1000() {
		List<Order> orders = new ArrayList<>(BULK);
		for (int i = 0; i < BULK; i++) {
			orders.add(Order.sample(new ObjectId(), "new", this.seed++));
		}
		return this.crud.insertAll(orders);
	}

	private ObjectId nextId() {
		ObjectId id = this.ids[this.next];
		this.next = (this.next + 1) % STORED;
		return id;
	}

}
