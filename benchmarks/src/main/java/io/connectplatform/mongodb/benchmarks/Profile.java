package io.connectplatform.mongodb.benchmarks;

import java.util.List;

import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How long and how often each group of benchmarks runs. Every round runs one fork of every
 * benchmark, so contenders alternate round by round (interleaved forks).
 *
 * @param name the profile's name
 * @param rounds how many rounds
 * @param groups the groups, run in this order within a round
 * @author Connect MongoDB team
 */
record Profile(String name, int rounds, List<Group> groups) {

	/**
	 * The quick profile: about eleven minutes on two cores; {@code encode} and {@code decode}
	 * alone (the halves of {@code encodeAndDecode}) run only in the full profile.
	 */
	static final Profile QUICK = new Profile("quick", 2, List.of(
			Group.timed("CrudBenchmark|TransactionBenchmark|ChangeStreamLatencyBenchmark", 2, 1000, 2, 750),
			Group.timed("GridFsBenchmark", 1, 1000, 2, 600),
			Group.timed("CodecBenchmark\\.encodeAndDecode|ServerSelectionBenchmark", 3, 800, 2, 500),
			Group.shots("ChangeStreamThroughputBenchmark", 1, 3, 1), Group.shots("ContextStartBenchmark", 0, 1, 1),
			Group.shots("WarmContextStartBenchmark", 1, 1, 1)));

	/**
	 * The full profile: longer iterations, more rounds.
	 */
	static final Profile FULL = new Profile("full", 4, List.of(
			Group.timed("CrudBenchmark|TransactionBenchmark|GridFsBenchmark|ChangeStreamLatencyBenchmark", 3, 2000,
					5, 2000),
			Group.timed("CodecBenchmark|ServerSelectionBenchmark", 5, 1000, 5, 1000),
			Group.shots("ChangeStreamThroughputBenchmark", 2, 8, 1), Group.shots("ContextStartBenchmark", 0, 1, 3),
			Group.shots("WarmContextStartBenchmark", 2, 5, 1)));

	/**
	 * Return the profile of the given name.
	 * @param name {@code quick} or {@code full}
	 * @return the profile
	 */
	static Profile of(String name) {
		return switch (name) {
			case "quick" -> QUICK;
			case "full" -> FULL;
			default -> throw new IllegalArgumentException("Unknown profile '" + name + "': use quick or full");
		};
	}

	/**
	 * Describe the profile for the report.
	 * @return the description
	 */
	String describe() {
		StringBuilder description = new StringBuilder(this.name + ": " + this.rounds + " rounds");
		for (Group group : this.groups) {
			description.append("; ").append(group.describe());
		}
		return description.toString();
	}

	/**
	 * Benchmarks that share JMH settings.
	 *
	 * @param include the regular expression of their class names
	 * @param warmups warm-up iterations
	 * @param warmupMillis length of a warm-up iteration, or 0 for single shots
	 * @param iterations measurement iterations
	 * @param iterationMillis length of a measurement iteration, or 0 for single shots
	 * @param forks forks per round
	 */
	record Group(String include, int warmups, int warmupMillis, int iterations, int iterationMillis, int forks) {

		static Group timed(String include, int warmups, int warmupMillis, int iterations, int iterationMillis) {
			return new Group(include, warmups, warmupMillis, iterations, iterationMillis, 1);
		}

		static Group shots(String include, int warmups, int iterations, int forks) {
			return new Group(include, warmups, 0, iterations, 0, forks);
		}

		/**
		 * Apply the settings.
		 * @param options the options to change
		 * @return the options
		 */
		ChainedOptionsBuilder apply(ChainedOptionsBuilder options) {
			options.forks(this.forks).warmupIterations(this.warmups).measurementIterations(this.iterations);
			if (this.warmupMillis > 0) {
				options.warmupTime(TimeValue.milliseconds(this.warmupMillis));
			}
			if (this.iterationMillis > 0) {
				options.measurementTime(TimeValue.milliseconds(this.iterationMillis));
			}
			return options;
		}

		String describe() {
			String what = this.include.replace("|", ", ").replace("\\", "");
			if (this.iterationMillis == 0) {
				return what + ": " + this.forks + " fork(s) per round, " + this.warmups + " warm-up and "
						+ this.iterations + " measured shot(s) per fork";
			}
			return what + ": " + this.warmups + " × " + this.warmupMillis + " ms warm-up, " + this.iterations + " × "
					+ this.iterationMillis + " ms measured per fork";
		}

	}

}
