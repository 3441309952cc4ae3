package io.connectplatform.mongodb.benchmarks;

/**
 * {@link ContextStartBenchmark} after the first start in the same JVM: the runner discards
 * the first (cold) start of each fork and measures the next ones, which load no new classes.
 * It separates the one-time cost of loading and compiling classes from the work every start
 * does.
 *
 * @author Connect MongoDB team
 */
public class WarmContextStartBenchmark extends ContextStartBenchmark {

}
