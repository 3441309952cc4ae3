package io.connectplatform.mongodb.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

import io.connectplatform.mongodb.internal.MongoUriSanitizer;

/**
 * Runs the benchmarks and writes {@code RESULTS.md}: starts the embedded servers in JVMs of
 * their own (unless {@code -Dmongodb.uri} names a server), runs every benchmark group of the
 * profile round after round with JMH and its GC profiler, merges each benchmark's forks and
 * writes the report. {@code benchmarks/run} is the way to call it.
 * <p>
 * Arguments: {@code [quick|full] [--include REGEX] [--prof PROFILER] [--output FILE]}.
 *
 * @author Connect MongoDB team
 */
public final class BenchmarkRunner {

	private static final String ALLOCATION = "gc.alloc.rate.norm";

	private BenchmarkRunner() {
	}

	/**
	 * Run the benchmarks.
	 * @param args the arguments
	 * @throws Exception if a benchmark fails
	 */
	public static void main(String[] args) throws Exception {
		String profileName = "quick";
		String include = null;
		List<String> profilers = new ArrayList<>();
		Path output = Path.of("benchmarks", "RESULTS.md");
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--include" -> include = args[++i];
				case "--prof" -> profilers.add(args[++i]);
				case "--output" -> output = Path.of(args[++i]);
				default -> profileName = args[i];
			}
		}
		Profile profile = Profile.of(profileName);
		long started = System.nanoTime();
		String uri = System.getProperty(BenchmarkServers.URI);
		String serverCpus = System.getProperty("bench.serverCpus");
		List<String> jvmArgs = new ArrayList<>(List.of("-Xms2g", "-Xmx2g", "-XX:+UseG1GC"));
		Path logs = Files.createDirectories(Path.of("benchmarks", "target"));
		List<ServerProcess> servers = new ArrayList<>();
		try {
			if (uri == null) {
				ServerProcess plain = ServerProcess.start(null, serverCpus, logs.resolve("server-plain.log"));
				servers.add(plain);
				ServerProcess changes = ServerProcess.start(EmbeddedServerMain.OPLOG, serverCpus,
						logs.resolve("server-changes.log"));
				servers.add(changes);
				ServerProcess replicaSet = ServerProcess.start(EmbeddedServerMain.REPLICA_SET, serverCpus,
						logs.resolve("server-replica-set.log"));
				servers.add(replicaSet);
				ServerWarmup.run(plain.uri());
				ServerWarmup.runWithTransactions(replicaSet.uri());
				jvmArgs.add("-D" + BenchmarkServers.PLAIN + "=" + plain.uri());
				jvmArgs.add("-D" + BenchmarkServers.CHANGES + "=" + changes.uri());
				jvmArgs.add("-D" + BenchmarkServers.REPLICA_SET + "=" + replicaSet.uri());
			}
			else {
				jvmArgs.add("-D" + BenchmarkServers.URI + "=" + uri);
			}
			List<Measurement> measurements = run(profile, include, profilers, jvmArgs);
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			ResultsReport.Run run = new ResultsReport.Run(
					ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
					System.getProperty("bench.command", "BenchmarkRunner " + String.join(" ", args)),
					profile.describe() + "; took " + took.toMinutes() + " min " + took.toSecondsPart() + " s",
					Machine.describe(), Machine.jdk(), server(uri, serverCpus));
			Path analysis = Path.of("benchmarks", "ANALYSIS.md");
			String notes = Files.exists(analysis) ? Files.readString(analysis) : "";
			Files.writeString(output, ResultsReport.render(run, measurements, notes), StandardCharsets.UTF_8);
			System.out.println("Wrote " + output + " in " + took.toMinutes() + " min " + took.toSecondsPart() + " s");
			for (ResultsReport.Verdict verdict : ResultsReport.verdicts(measurements)) {
				System.out.println("  " + verdict.label() + ": " + verdict.row() + " (" + verdict.target() + "): "
						+ verdict.measured());
			}
		}
		finally {
			for (ServerProcess server : servers) {
				server.close();
			}
		}
	}

	private static List<Measurement> run(Profile profile, String include, List<String> profilers, List<String> jvmArgs)
			throws Exception {
		Map<String, List<BenchmarkResult>> forks = new LinkedHashMap<>();
		Map<String, BenchmarkParams> params = new LinkedHashMap<>();
		for (int round = 1; round <= profile.rounds(); round++) {
			for (Profile.Group group : profile.groups()) {
				String pattern = BenchmarkRunner.class.getPackageName().replace(".", "\\.") + "\\.(" + group.include()
						+ ")(\\.|$)";
				ChainedOptionsBuilder options = new OptionsBuilder()
					.include((include != null) ? "^(?=.*(" + include + "))(?=.*" + pattern + ").*" : pattern)
					.addProfiler(GCProfiler.class)
					.jvmArgsAppend(jvmArgs.toArray(String[]::new))
					// a failing benchmark is reported as "not run"; the others go on
					.shouldFailOnError(false);
				for (String profiler : profilers) {
					// "name:options", as JMH's own -prof takes it
					int colon = profiler.indexOf(':');
					if (colon < 0) {
						options.addProfiler(profiler);
					}
					else {
						options.addProfiler(profiler.substring(0, colon), profiler.substring(colon + 1));
					}
				}
				group.apply(options);
				System.out.println("# Round " + round + " of " + profile.rounds() + ": " + group.include());
				Collection<RunResult> results;
				try {
					results = new Runner(options.build()).run();
				}
				catch (NoBenchmarksException ex) {
					continue;
				}
				for (RunResult result : results) {
					String id = result.getParams().id();
					params.put(id, result.getParams());
					forks.computeIfAbsent(id, (key) -> new ArrayList<>()).addAll(result.getBenchmarkResults());
				}
			}
		}
		List<Measurement> measurements = new ArrayList<>();
		forks.forEach((id, results) -> measurements.add(measurement(new RunResult(params.get(id), results))));
		return measurements;
	}

	private static Measurement measurement(RunResult merged) {
		BenchmarkParams params = merged.getParams();
		BenchmarkResult aggregated = merged.getAggregatedResult();
		Result<?> primary = aggregated.getPrimaryResult();
		Statistics statistics = primary.getStatistics();
		Map<String, String> values = new LinkedHashMap<>();
		for (String key : params.getParamsKeys()) {
			values.put(key, params.getParam(key));
		}
		Result<?> allocation = aggregated.getSecondaryResults().get(ALLOCATION);
		boolean sampled = params.getMode() == org.openjdk.jmh.annotations.Mode.SampleTime;
		String benchmark = params.getBenchmark().substring(BenchmarkRunner.class.getPackageName().length() + 1);
		return new Measurement(benchmark, values, primary.getScore(), primary.getScoreError(), primary.getScoreUnit(),
				(allocation != null) ? allocation.getScore() : Double.NaN,
				sampled ? statistics.getPercentile(50) : Double.NaN,
				sampled ? statistics.getPercentile(99) : Double.NaN);
	}

	private static String server(String uri, String serverCpus) {
		if (uri != null) {
			return "MongoDB at `" + MongoUriSanitizer.sanitize(uri) + "` (`-Dmongodb.uri`)";
		}
		return "embedded mongo-java-server (memory backend; the change-stream benchmarks use a second one with "
				+ "its oplog) and, for transactions, the starter's embedded single-node replica set, each in a JVM "
				+ "of its own"
				+ ((serverCpus != null) ? ", pinned to CPU " + serverCpus + "; the measured JVMs are pinned to CPU "
						+ System.getProperty("bench.clientCpus", "?") : ", not pinned");
	}

}
