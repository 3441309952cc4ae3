package io.connectplatform.mongodb.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
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
 * The client-side cost alone: one {@link Order} (20 fields, a nested list) encoded to BSON
 * and decoded back, by our templates' path, the driver's record codec and Spring Data's
 * converter. Nothing is sent to the server.
 *
 * @author Connect MongoDB team
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {

	@Param({ "raw", "connect", "spring-data" })
	public String contender;

	private MongoClient client;

	private CodecContender codec;

	private Order order;

	private ByteBuffer encoded;

	@Setup(Level.Trial)
	public void start() {
		// The libraries want a client to be built; nothing is sent with it.
		this.client = BenchmarkServers.client(BenchmarkServers.plain());
		this.codec = CodecContender.of(this.contender, this.client);
		this.order = Order.sample(new ObjectId(), "open", 42);
		this.encoded = this.codec.encode(this.order);
		Order decoded = this.codec.decode(this.encoded);
		if (!decoded.equals(this.order)) {
			throw new IllegalStateException(this.contender + " does not decode what it encoded: " + decoded);
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.client.close();
	}

	@Benchmark
	public Order encodeAndDecode() {
		return this.codec.decode(this.codec.encode(this.order));
	}

	@Benchmark
	public ByteBuffer encode() {
		return this.codec.encode(this.order);
	}

	@Benchmark
	public Order decode() {
		return this.codec.decode(this.encoded);
	}

}
