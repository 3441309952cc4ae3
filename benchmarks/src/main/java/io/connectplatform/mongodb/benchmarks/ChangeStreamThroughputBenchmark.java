package io.connectplatform.mongodb.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
 * Change-stream delivery rate: the time from the first of 10 000 inserts (ten
 * {@code insertMany} of 1 000) until the listener has received all 10 000 events. The
 * report turns it into events per second.
 *
 * @author Connect MongoDB team
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ChangeStreamThroughputBenchmark {

	static final int EVENTS = 10_000;

	static final int BATCH = 1_000;

	@Param({ "raw", "connect", "connect-durable", "spring-data" })
	public String contender;

	private ChangeStreamFixture fixture;

	private final List<List<Document>> batches = new ArrayList<>();

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.fixture = new ChangeStreamFixture(this.contender);
	}

	@Setup(Level.Iteration)
	public void prepare() {
		this.fixture.trimOplog();
		this.batches.clear();
		for (int b = 0; b < EVENTS / BATCH; b++) {
			List<Document> batch = new ArrayList<>(BATCH);
			for (int i = 0; i < BATCH; i++) {
				batch.add(this.fixture.next());
			}
			this.batches.add(batch);
		}
	}

	@TearDown(Level.Trial)
	public void stop() throws Exception {
		this.fixture.close();
	}

	@Benchmark
	public long deliver10000() {
		long target = this.fixture.counter.count() + EVENTS;
		for (List<Document> batch : this.batches) {
			this.fixture.events.insertMany(batch);
		}
		this.fixture.counter.awaitAtLeast(target, Duration.ofMinutes(2));
		return target;
	}

}
