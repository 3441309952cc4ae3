package io.connectplatform.mongodb.benchmarks;

import java.util.Map;

/**
 * One benchmark's aggregated result over all its forks, in the terms the report needs.
 *
 * @param benchmark the class's simple name and the method, such as {@code CrudBenchmark.insertOne}
 * @param params the JMH parameters, such as {@code contender=raw}
 * @param score the mean score
 * @param error the half-width of the 99.9% confidence interval ({@code NaN} when too few
 * iterations)
 * @param unit the score's unit, such as {@code ops/s}
 * @param allocatedBytesPerOp bytes allocated per operation (GC profiler), {@code NaN} if unknown
 * @param p50 the median, for sampled benchmarks, in the score's unit ({@code NaN} otherwise)
 * @param p99 the 99th percentile, for sampled benchmarks ({@code NaN} otherwise)
 * @author Connect MongoDB team
 */
record Measurement(String benchmark, Map<String, String> params, double score, double error, String unit,
		double allocatedBytesPerOp, double p50, double p99) {

	/**
	 * Return a parameter.
	 * @param name its name
	 * @return its value, or {@code ""}
	 */
	String param(String name) {
		return this.params.getOrDefault(name, "");
	}

	/**
	 * Return the contender.
	 * @return the {@code contender} parameter
	 */
	String contender() {
		return param("contender");
	}

}
