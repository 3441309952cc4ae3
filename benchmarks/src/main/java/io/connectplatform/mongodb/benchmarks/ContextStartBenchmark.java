package io.connectplatform.mongodb.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
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

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The start of a Spring Boot application context in a new JVM, measured once per fork (the
 * runner starts several): {@code boot} has Boot's MongoDB auto-configuration alone,
 * {@code connect} everything the starter brings (our auto-configurations; since the
 * starter brings Resilience4j's circuit-breaker library rather than its Spring Boot module,
 * no auto-configuration of Resilience4j's). Both have the same class path and connect to the
 * same server. {@code benchmarks/startup} compares whole applications (web, actuator).
 *
 * @author Connect MongoDB team
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ContextStartBenchmark {

	private static final String OURS = "io.connectplatform.";

	@Param({ "boot", "connect" })
	public String contender;

	private ConfigurableApplicationContext context;

	private List<String> excluded;

	@Setup(Level.Trial)
	public void findExcluded() throws IOException {
		this.excluded = switch (this.contender) {
			case "boot" -> autoConfigurations(OURS);
			case "connect" -> List.of();
			default -> throw new IllegalArgumentException("Unknown contender '" + this.contender + "'");
		};
	}

	@Benchmark
	public ConfigurableApplicationContext start() {
		this.context = new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
			.properties("spring.mongodb.uri=" + BenchmarkServers.plain(), "spring.main.banner-mode=off",
					"logging.level.root=warn", "spring.autoconfigure.exclude=" + String.join(",", this.excluded))
			.run();
		return this.context;
	}

	@TearDown(Level.Iteration)
	public void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	/**
	 * Return the auto-configurations on the class path in the given packages.
	 */
	private static List<String> autoConfigurations(String... packages) throws IOException {
		List<String> found = new ArrayList<>();
		Enumeration<URL> files = ContextStartBenchmark.class.getClassLoader()
			.getResources("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
		while (files.hasMoreElements()) {
			try (InputStream in = files.nextElement().openStream()) {
				for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
					String name = line.strip();
					for (String prefix : packages) {
						if (name.startsWith(prefix)) {
							found.add(name);
						}
					}
				}
			}
		}
		return found;
	}

	/**
	 * The application: auto-configuration only.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	public static class Application {

	}

}
