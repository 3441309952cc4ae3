package io.connectplatform.mongodb.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
 * Change-stream latency: the time from the start of one {@code insertOne} until the
 * listener has the event, sampled, one insert at a time. The report reads p50 and p99.
 *
 * @author Connect MongoDB team
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChangeStreamLatencyBenchmark {

	@Param({ "raw", "connect", "connect-durable", "spring-data" })
	public String contender;

	private ChangeStreamFixture fixture;

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.fixture = new ChangeStreamFixture(this.contender);
	}

	@Setup(Level.Iteration)
	public void trim() {
		this.fixture.trimOplog();
	}

	@TearDown(Level.Trial)
	public void stop() throws Exception {
		this.fixture.close();
	}

	@Benchmark
	public long insertToListener() {
		long target = this.fixture.counter.count() + 1;
		this.fixture.events.insertOne(this.fixture.next());
		this.fixture.counter.awaitAtLeast(target, Duration.ofSeconds(30));
		return target;
	}

}
