package io.connectplatform.mongodb.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The embedded server the benchmarks run against, started by {@link ServerProcess} in a
 * JVM of its own so that the measured JVM holds only the client. Prints
 * {@code LISTENING <port>}, then serves until its standard input closes (the runner closes
 * it, or dies).
 * <p>
 * Unlike MongoDB, mongo-java-server answers a {@code find} without a batch size with every
 * matching document in one reply; a GridFS download of a file over about 45 MiB then
 * exceeds the driver's 48 MB message limit and fails. This server gives such a
 * {@code find} MongoDB's default first batch of 101 documents instead, and a
 * {@code getMore} without a batch size (which mongo-java-server refuses) the rest of the
 * cursor, as mongo-java-server's own {@code find} would (MongoDB caps each reply at 16 MiB).
 *
 * @author Connect MongoDB team
 */
public final class EmbeddedServerMain {

	/**
	 * The line the server prints once it listens, before the port.
	 */
	static final String READY = "LISTENING ";

	private EmbeddedServerMain() {
	}

	/**
	 * Start the server.
	 * @param args {@code --oplog} to keep an oplog (for change streams)
	 * @throws IOException if standard input fails
	 */
	public static void main(String[] args) throws IOException {
		MemoryBackend backend = new FirstBatchLimitingBackend();
		if (args.length > 0 && "--oplog".equals(args[0])) {
			backend.enableOplog();
		}
		MongoServer server = new MongoServer(backend);
		InetSocketAddress address = server.bind();
		System.out.println(READY + address.getPort());
		System.out.flush();
		try {
			while (System.in.read() != -1) {
				// wait for the runner to close standard input
			}
		}
		finally {
			server.shutdownNow();
		}
	}

	/**
	 * A memory backend whose {@code find} without a batch size returns a first batch of 101
	 * documents, as MongoDB's does, and whose {@code getMore} without one returns the rest.
	 */
	static final class FirstBatchLimitingBackend extends MemoryBackend {

		static final int DEFAULT_FIRST_BATCH = 101;

		@Override
		public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
			if ("find".equals(command) && !query.containsKey("batchSize")) {
				query.put("batchSize", DEFAULT_FIRST_BATCH);
			}
			else if ("getMore".equals(command) && !query.containsKey("batchSize")) {
				query.put("batchSize", Integer.MAX_VALUE);
			}
			return super.handleCommand(channel, databaseName, command, query);
		}

	}

}
