package io.connectplatform.mongodb.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.BsonDocument;
import org.bson.Document;

/**
 * Not a benchmark: shows what each change-stream contender does while it receives the
 * 10 000 events of {@link ChangeStreamThroughputBenchmark} (ten {@code insertMany} of
 * 1 000), shot after shot in one JVM: how many {@code getMore}s it sends, how many came back
 * empty and how many events a non-empty one carried, how many resume tokens it saved and
 * how long those saves took, and how much CPU its listener thread used. It starts its own
 * server with an oplog (pinned to {@code -Dbench.serverCpus}, if given) unless
 * {@code -Dmongodb.uri} names one.
 * <pre>
 * taskset -c 0 java -Dbench.serverCpus=1 -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *   io.connectplatform.mongodb.benchmarks.ChangeStreamProbe raw,connect,connect-durable,spring-data 20
 * </pre>
 * Arguments: the contenders (comma-separated) and the shots per contender; the first
 * quarter of the shots is warm-up and left out of the summary.
 *
 * @author Connect MongoDB team
 */
public final class ChangeStreamProbe {

	private final AtomicLong getMores = new AtomicLong();

	private final AtomicLong emptyGetMores = new AtomicLong();

	private final AtomicLong events = new AtomicLong();

	private final AtomicLong largestBatch = new AtomicLong();

	private final AtomicLong saves = new AtomicLong();

	private final AtomicLong saveNanos = new AtomicLong();

	private ChangeStreamProbe() {
	}

	/**
	 * Probe the contenders.
	 * @param args the contenders (comma-separated) and the number of shots
	 * @throws Exception if a contender fails
	 */
	public static void main(String[] args) throws Exception {
		List<String> contenders = List.of(args[0].split(","));
		int shots = (args.length > 1) ? Integer.parseInt(args[1]) : 20;
		ServerProcess server = null;
		if (BenchmarkServers.embedded()) {
			Path logs = Files.createDirectories(Path.of("benchmarks", "target"));
			server = ServerProcess.start(EmbeddedServerMain.OPLOG, System.getProperty("bench.serverCpus"),
					logs.resolve("server-probe.log"));
			System.setProperty(BenchmarkServers.CHANGES, server.uri());
		}
		try {
			ChangeStreamProbe probe = new ChangeStreamProbe();
			for (String contender : contenders) {
				probe.run(contender, shots);
			}
		}
		finally {
			if (server != null) {
				server.close();
			}
		}
	}

	private void run(String contender, int shots) throws Exception {
		MongoClient client = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(BenchmarkServers.changes()))
			.addCommandListener(new Counting())
			.build());
		List<double[]> rows = new ArrayList<>();
		try (ChangeStreamFixture fixture = new ChangeStreamFixture(contender, client)) {
			Thread listener = listenerThread();
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			for (int shot = 0; shot < shots; shot++) {
				fixture.trimOplog();
				List<List<Document>> batches = new ArrayList<>();
				for (int b = 0; b < ChangeStreamThroughputBenchmark.EVENTS / ChangeStreamThroughputBenchmark.BATCH; b++) {
					List<Document> batch = new ArrayList<>();
					for (int i = 0; i < ChangeStreamThroughputBenchmark.BATCH; i++) {
						batch.add(fixture.next());
					}
					batches.add(batch);
				}
				reset();
				long cpu = (listener != null) ? threads.getThreadCpuTime(listener.getId()) : 0;
				long target = fixture.counter.count() + ChangeStreamThroughputBenchmark.EVENTS;
				long started = System.nanoTime();
				for (List<Document> batch : batches) {
					fixture.events.insertMany(batch);
				}
				fixture.counter.awaitAtLeast(target, Duration.ofMinutes(2));
				long took = System.nanoTime() - started;
				cpu = (listener != null) ? threads.getThreadCpuTime(listener.getId()) - cpu : -1;
				long nonEmpty = this.getMores.get() - this.emptyGetMores.get();
				rows.add(new double[] { took / 1e6, this.getMores.get(), this.emptyGetMores.get(),
						(nonEmpty > 0) ? this.events.get() / (double) nonEmpty : 0, this.largestBatch.get(),
						this.saves.get(), this.saveNanos.get() / 1e6, cpu / 1e6 });
			}
		}
		List<double[]> measured = rows.subList(shots / 4, rows.size());
		System.out.printf(Locale.ROOT,
				"%-16s %d shots: median %.0f ms (%.0f events/s); per shot: %.1f getMores (%.1f empty), %.0f events per "
						+ "non-empty getMore (largest %.0f), %.1f token saves taking %.1f ms, listener thread CPU %.1f ms "
						+ "(%.2f µs/event)%n",
				contender, measured.size(), median(measured, 0),
				ChangeStreamThroughputBenchmark.EVENTS / (median(measured, 0) / 1000), mean(measured, 1),
				mean(measured, 2), mean(measured, 3), max(measured, 4), mean(measured, 5), mean(measured, 6),
				median(measured, 7), median(measured, 7) * 1000 / ChangeStreamThroughputBenchmark.EVENTS);
	}

	private static Thread listenerThread() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> thread.getName().equals("raw-watch") || thread.getName().startsWith("change-stream-")
					|| thread.getName().startsWith("SimpleAsyncTaskExecutor"))
			.findFirst()
			.orElse(null);
	}

	private void reset() {
		for (AtomicLong counter : List.of(this.getMores, this.emptyGetMores, this.events, this.largestBatch, this.saves,
				this.saveNanos)) {
			counter.set(0);
		}
	}

	private static double median(List<double[]> rows, int column) {
		double[] values = rows.stream().mapToDouble((row) -> row[column]).sorted().toArray();
		return (values.length == 0) ? Double.NaN : values[values.length / 2];
	}

	private static double mean(List<double[]> rows, int column) {
		return rows.stream().mapToDouble((row) -> row[column]).average().orElse(Double.NaN);
	}

	private static double max(List<double[]> rows, int column) {
		return rows.stream().mapToDouble((row) -> row[column]).max().orElse(Double.NaN);
	}

	/**
	 * Counts the replies of the probed client's commands.
	 */
	private final class Counting implements CommandListener {

		private final Map<Integer, Long> started = new ConcurrentHashMap<>();

		@Override
		public void commandStarted(CommandStartedEvent event) {
			this.started.put(event.getRequestId(), System.nanoTime());
		}

		@Override
		public void commandSucceeded(CommandSucceededEvent event) {
			Long start = this.started.remove(event.getRequestId());
			BsonDocument reply = event.getResponse();
			if ("getMore".equals(event.getCommandName())) {
				int size = reply.getDocument("cursor").getArray("nextBatch").size();
				ChangeStreamProbe.this.getMores.incrementAndGet();
				if (size == 0) {
					ChangeStreamProbe.this.emptyGetMores.incrementAndGet();
				}
				ChangeStreamProbe.this.events.addAndGet(size);
				ChangeStreamProbe.this.largestBatch.accumulateAndGet(size, Math::max);
			}
			else if ("update".equals(event.getCommandName())) {
				ChangeStreamProbe.this.saves.incrementAndGet();
				if (start != null) {
					ChangeStreamProbe.this.saveNanos.addAndGet(System.nanoTime() - start);
				}
			}
		}

	}

}
