package io.connectplatform.mongodb.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectplatform.mongodb.benchmarks.ResultsReport.Status;
import io.connectplatform.mongodb.benchmarks.ResultsReport.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ResultsReport}: the verdicts it draws from measurements and what the
 * Markdown holds. The benchmarks themselves are run by {@code benchmarks/run}, not here.
 *
 * @author Connect MongoDB team
 */
class ResultsReportTests {

	private static final ResultsReport.Run RUN = new ResultsReport.Run("2026-11-22 10:00 UTC",
			"benchmarks/run quick", "quick: 2 rounds", "2 cores", "OpenJDK 17", "embedded");

	private final List<Measurement> measurements = new ArrayList<>();

	@Test
	void crudTargetIsMetAtThreePercentBelowRawAndAtSpringData() {
		crud("insertOne", 1000, 970, 970);
		assertThat(verdict("CRUD insertOne").status()).isEqualTo(Status.MET);
		assertThat(verdict("CRUD insertOne").measured()).isEqualTo("0.97 × raw, 1.00 × Spring Data");
	}

	@Test
	void crudTargetIsMissedBelowNinetySevenPercentOfRaw() {
		crud("findById", 1000, 960, 500);
		assertThat(verdict("CRUD findById").status()).isEqualTo(Status.MISSED);
	}

	@Test
	void crudTargetIsMissedBelowSpringData() {
		crud("updateOne", 1000, 1000, 1001);
		assertThat(verdict("CRUD updateOne").status()).isEqualTo(Status.MISSED);
	}

	@Test
	void verdictSaysWhenTheErrorBarsReachAcrossTheThreshold() {
		add("CrudBenchmark.find100", 1000, 30, "ops/s", "contender", "raw");
		add("CrudBenchmark.find100", 980, 30, "ops/s", "contender", "connect");
		add("CrudBenchmark.find100", 500, 5, "ops/s", "contender", "spring-data");
		Verdict verdict = verdict("CRUD find100");
		assertThat(verdict.status()).isEqualTo(Status.MET);
		assertThat(verdict.label()).isEqualTo("met (within error)");
	}

	@Test
	void transactionTargetIsMetAtEightyPercentOfTheRateOnAThousandDocuments() {
		transaction("transaction", 1000, 1000, Double.NaN);
		transaction("transaction", 100000, 800, Double.NaN);
		Verdict verdict = verdict("transaction on 100 000 documents");
		assertThat(verdict.status()).isEqualTo(Status.MET);
		assertThat(verdict.measured()).isEqualTo("0.80 × 1 000 documents");
	}

	@Test
	void transactionTargetIsMissedWhenTheRateFallsWithTheCollectionSize() {
		transaction("transaction", 1000, 1000, 20);
		transaction("transaction", 100000, 300, 20);
		Verdict verdict = verdict("transaction on 100 000 documents");
		assertThat(verdict.status()).isEqualTo(Status.MISSED);
		assertThat(verdict.label()).isEqualTo("**missed**");
	}

	@Test
	void transactionVerdictSaysWhenTheErrorBarsReachAcrossTheThreshold() {
		transaction("transaction", 1000, 1000, 100);
		transaction("transaction", 100000, 780, 100);
		assertThat(verdict("transaction on 100 000 documents").label()).isEqualTo("**missed** (within error)");
	}

	@Test
	void transactionTableComparesEachSizeWithAThousandDocumentsAndWithPlainWrites() {
		transaction("transaction", 1000, 1000, 10);
		transaction("transaction", 100000, 900, 10);
		transaction("plain", 1000, 2000, 10);
		transaction("plain", 100000, 1800, 10);
		assertThat(markdown()).contains("| transaction | 100 000 | 900 | 10.0 |  | 0.90 | 0.50 |",
				"| plain | 1 000 | 2,000 | 10.0 |  | 1.00 | 1.00 |");
	}

	@Test
	void transactionTargetIsNotRunWithoutTheRateOnAThousandDocuments() {
		transaction("transaction", 100000, 900, 10);
		assertThat(verdict("transaction on 100 000 documents").status()).isEqualTo(Status.NOT_RUN);
	}

	@Test
	void codecTargetsCompareTimeAndAllocation() {
		codec("raw", 1000, 4000);
		codec("connect", 1050, 4800);
		codec("spring-data", 3000, 20000);
		assertThat(verdict("encode + decode (time)").status()).isEqualTo(Status.MET);
		assertThat(verdict("encode + decode (allocation)").status()).isEqualTo(Status.MISSED);
		assertThat(verdict("encode + decode (allocation)").measured()).isEqualTo("1.20 × raw's B/op");
	}

	@Test
	void changeStreamRateIsComputedFromTheTimeOfTenThousandEvents() {
		add("ChangeStreamThroughputBenchmark.deliver10000", 1000, 10, "ms/op", "contender", "raw");
		add("ChangeStreamThroughputBenchmark.deliver10000", 1100, 10, "ms/op", "contender", "connect");
		add("ChangeStreamThroughputBenchmark.deliver10000", 1200, 10, "ms/op", "contender", "spring-data");
		Verdict verdict = verdict("change streams: events/s");
		assertThat(verdict.status()).isEqualTo(Status.MET);
		assertThat(verdict.measured()).isEqualTo("0.91 × raw, 1.09 × Spring Data");
		assertThat(markdown()).contains("| raw | 10,000 |");
	}

	@Test
	void durableChangeStreamRateMustBeEightyPercentOfRaw() {
		add("ChangeStreamThroughputBenchmark.deliver10000", 1000, 10, "ms/op", "contender", "raw");
		add("ChangeStreamThroughputBenchmark.deliver10000", 1250, 10, "ms/op", "contender", "connect-durable");
		Verdict verdict = verdict("change streams: durable events/s");
		assertThat(verdict.status()).isEqualTo(Status.MET);
		assertThat(verdict.measured()).isEqualTo("0.80 × raw");
		this.measurements.clear();
		add("ChangeStreamThroughputBenchmark.deliver10000", 1000, 10, "ms/op", "contender", "raw");
		add("ChangeStreamThroughputBenchmark.deliver10000", 6000, 10, "ms/op", "contender", "connect-durable");
		assertThat(verdict("change streams: durable events/s").status()).isEqualTo(Status.MISSED);
		assertThat(markdown()).contains("| connect-durable | 1,667 |");
	}

	@Test
	void changeStreamLatencyAllowsOneMillisecondOverRawAtTheMedian() {
		latency("raw", 400);
		latency("connect", 1500);
		latency("spring-data", 5000);
		assertThat(verdict("change streams: p50 latency").status()).isEqualTo(Status.MISSED);
		this.measurements.clear();
		latency("raw", 400);
		latency("connect", 1300);
		latency("spring-data", 5000);
		assertThat(verdict("change streams: p50 latency").status()).isEqualTo(Status.MET);
		assertThat(verdict("change streams: p50 latency").measured()).isEqualTo("+0.90 ms over raw, 0.26 × Spring Data");
	}

	@Test
	void everyStrategyMustSelectInUnderAMicrosecond() {
		add("ServerSelectionBenchmark.select", 300, 10, "ns/op", "contender", "driver", "servers", "3");
		add("ServerSelectionBenchmark.select", 450, 10, "ns/op", "contender", "round-robin", "servers", "3");
		add("ServerSelectionBenchmark.select", 1200, 10, "ns/op", "contender", "zone", "servers", "10");
		assertThat(verdict("selection, 3 servers, round-robin").status()).isEqualTo(Status.MET);
		assertThat(verdict("selection, 10 servers, zone").status()).isEqualTo(Status.MISSED);
		assertThat(markdown()).contains("| 3 | round-robin | 450 | 10.0 |  | +150 |");
	}

	@Test
	void contextStartMayAddAHundredMilliseconds() {
		add("ContextStartBenchmark.start", 900, 20, "ms/op", "contender", "boot");
		add("ContextStartBenchmark.start", 1010, 20, "ms/op", "contender", "connect");
		Verdict verdict = verdict("context start (cold)");
		assertThat(verdict.status()).isEqualTo(Status.MISSED);
		assertThat(verdict.measured()).isEqualTo("+110 ms");
	}

	@Test
	void absentBenchmarksAreReportedAsNotRun() {
		assertThat(ResultsReport.verdicts(this.measurements)).extracting(Verdict::status).containsOnly(Status.NOT_RUN);
		assertThat(markdown()).contains("0 met, 0 missed, 30 not run");
	}

	@Test
	void markdownSaysWhenWhereAndHowItWasRunAndAppendsTheAnalysis() {
		crud("insertOne", 1000, 990, 700);
		String markdown = ResultsReport.render(RUN, this.measurements, "The insert misses because …");
		assertThat(markdown).contains("| date | 2026-11-22 10:00 UTC |", "| command | `benchmarks/run quick` |",
				"| machine | 2 cores |", "| JDK | OpenJDK 17 |", "| server | embedded |",
				"| insertOne | connect | 990 |", "## Analysis\n\nThe insert misses because …");
	}

	@Test
	void numbersAreRoundedToTheirMagnitude() {
		assertThat(ResultsReport.number(12345.678)).isEqualTo("12,346");
		assertThat(ResultsReport.number(12.345)).isEqualTo("12.3");
		assertThat(ResultsReport.number(1.2345)).isEqualTo("1.23");
		assertThat(ResultsReport.number(Double.NaN)).isEmpty();
	}

	private void crud(String operation, double raw, double connect, double springData) {
		add("CrudBenchmark." + operation, raw, Double.NaN, "ops/s", "contender", "raw");
		add("CrudBenchmark." + operation, connect, Double.NaN, "ops/s", "contender", "connect");
		add("CrudBenchmark." + operation, springData, Double.NaN, "ops/s", "contender", "spring-data");
	}

	private void transaction(String contender, int size, double rate, double error) {
		add("TransactionBenchmark.readAndIncrement", rate, error, "ops/s", "contender", contender, "size",
				String.valueOf(size));
	}

	private void codec(String contender, double nanos, double bytes) {
		this.measurements.add(new Measurement("CodecBenchmark.encodeAndDecode", Map.of("contender", contender), nanos,
				Double.NaN, "ns/op", bytes, Double.NaN, Double.NaN));
	}

	private void latency(String contender, double p50Micros) {
		this.measurements.add(new Measurement("ChangeStreamLatencyBenchmark.insertToListener",
				Map.of("contender", contender), p50Micros, Double.NaN, "us/op", Double.NaN, p50Micros, p50Micros * 3));
	}

	private void add(String benchmark, double score, double error, String unit, String... params) {
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < params.length; i += 2) {
			values.put(params[i], params[i + 1]);
		}
		this.measurements.add(new Measurement(benchmark, values, score, error, unit, Double.NaN, Double.NaN,
				Double.NaN));
	}

	private Verdict verdict(String row) {
		return ResultsReport.verdicts(this.measurements)
			.stream()
			.filter((verdict) -> verdict.row().equals(row))
			.findFirst()
			.orElseThrow();
	}

	private String markdown() {
		return ResultsReport.render(RUN, this.measurements, "");
	}

}
