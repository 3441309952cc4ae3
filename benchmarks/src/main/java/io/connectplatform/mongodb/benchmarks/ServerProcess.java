package io.connectplatform.mongodb.benchmarks;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * An {@link EmbeddedServerMain} in a child JVM, optionally pinned to some CPUs with
 * {@code taskset}.
 *
 * @author Connect MongoDB team
 */
final class ServerProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private ServerProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Start a server and wait until it listens.
	 * @param mode {@code null} for mongo-java-server, {@link EmbeddedServerMain#OPLOG} for
	 * mongo-java-server with an oplog, {@link EmbeddedServerMain#REPLICA_SET} for our
	 * replica set
	 * @param cpus the CPUs to pin it to ({@code taskset -c} syntax), or {@code null}
	 * @param log where its output goes once it listens
	 * @return the running server
	 * @throws IOException if it cannot be started
	 */
	static ServerProcess start(@Nullable String mode, @Nullable String cpus, Path log) throws IOException {
		List<String> command = new ArrayList<>();
		if (cpus != null) {
			command.addAll(List.of("taskset", "-c", cpus));
		}
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of("-Xms1g", "-Xmx8g", "-cp", System.getProperty("java.class.path"),
				EmbeddedServerMain.class.getName()));
		if (mode != null) {
			command.add(mode);
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = out.readLine()) != null) {
			if (line.startsWith(EmbeddedServerMain.READY)) {
				int port = Integer.parseInt(line.substring(EmbeddedServerMain.READY.length()).trim());
				drain(out, log);
				return new ServerProcess(process, port);
			}
		}
		process.destroyForcibly();
		throw new IOException("The embedded server stopped before it listened");
	}

	/**
	 * Copy what the server prints to its log, so that it never blocks on a full pipe.
	 */
	private static void drain(BufferedReader out, Path log) {
		Thread drain = new Thread(() -> {
			try (BufferedWriter writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
				String line;
				while ((line = out.readLine()) != null) {
					writer.write(line);
					writer.newLine();
				}
			}
			catch (IOException ex) {
				// the server is gone
			}
		}, "server-log");
		drain.setDaemon(true);
		drain.start();
	}

	/**
	 * Return the server's connection string.
	 * @return the URI
	 */
	String uri() {
		return "mongodb://" + EmbeddedServerMain.HOST + ":" + this.port;
	}

	@Override
	public void close() throws InterruptedException, IOException {
		this.process.getOutputStream().close();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
