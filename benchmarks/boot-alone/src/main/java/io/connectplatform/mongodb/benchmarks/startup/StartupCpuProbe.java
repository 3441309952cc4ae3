package io.connectplatform.mongodb.benchmarks.startup;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Prints the CPU time the JVM has used (all its threads: the application's, the JIT
 * compilers', the garbage collector's) when the application has started, just after Spring
 * Boot's "Started … in" line and before any runner. On a machine busy with other work the
 * wall-clock start-up time swells with the wait for a core; the CPU time hardly does.
 * {@code benchmarks/startup} registers it for both applications it compares, with a
 * {@code META-INF/spring.factories} of its own, so that neither application's code changes.
 *
 * @author Connect MongoDB team
 */
public class StartupCpuProbe implements ApplicationListener<ApplicationStartedEvent> {

	/**
	 * What the line this probe prints starts with.
	 */
	public static final String PREFIX = "Start-up CPU time: ";

	@Override
	public void onApplicationEvent(ApplicationStartedEvent event) {
		OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
		if (system instanceof com.sun.management.OperatingSystemMXBean hotSpot) {
			System.out.printf("%s%.3f seconds%n", PREFIX, hotSpot.getProcessCpuTime() / 1e9);
		}
	}

}
