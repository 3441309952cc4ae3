package io.connectplatform.mongodb.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the report says about the machine and the JDK.
 *
 * @author Connect MongoDB team
 */
final class Machine {

	private Machine() {
	}

	/**
	 * Describe the machine: cores, CPU model, memory and operating system.
	 * @return the description
	 */
	static String describe() {
		String cores = System.getProperty("bench.machineCpus",
				String.valueOf(Runtime.getRuntime().availableProcessors()));
		String cpu = cpuModel();
		long memory = (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
				? os.getTotalMemorySize() / (1024L * 1024 * 1024) : -1;
		return cores + " cores" + (cpu.isEmpty() ? "" : " (" + cpu + ")") + ((memory > 0) ? ", " + memory + " GiB" : "")
				+ ", " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch");
	}

	/**
	 * Describe the JDK the measured JVMs run on (the runner's own).
	 * @return the description
	 */
	static String jdk() {
		return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
				+ System.getProperty("java.vm.vendor") + "), forks with -Xms2g -Xmx2g -XX:+UseG1GC";
	}

	private static String cpuModel() {
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
			for (String line : lines) {
				if (line.startsWith("model name")) {
					return line.substring(line.indexOf(':') + 1).strip();
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux: the model is left out
		}
		return "";
	}

}
