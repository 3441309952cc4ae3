package io.connectplatform.mongodb.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

import io.connectplatform.mongodb.embedded.EmbeddedMongoCluster;
import io.connectplatform.mongodb.embedded.EmbeddedMongoSettings;
import io.connectplatform.mongodb.embedded.EmbeddedTopology;

/**
 * The embedded server the benchmarks run against, started by {@link ServerProcess} in a
 * JVM of its own so that the measured JVM holds only the client. Prints
 * {@code LISTENING <port>}, then serves until its standard input closes (the runner closes
 * it, or dies).
 * <p>
 * Without arguments, and with {@code --oplog}, it is mongo-java-server's memory backend
 * (with {@code --oplog}, mongo-java-server's own oplog for change streams). With
 * {@code --replica-set} it is ours, the starter's {@link EmbeddedMongoCluster}: a
 * single-node replica set {@code rs0} with sessions and multi-document transactions,
 * bound to {@code 127.0.0.1} and naming itself so in its {@code hello}.
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

	/**
	 * The argument for mongo-java-server with an oplog (for change streams).
	 */
	static final String OPLOG = "--oplog";

	/**
	 * The argument for our single-node replica set (for transactions).
	 */
	static final String REPLICA_SET = "--replica-set";

	/**
	 * Where the replica set listens; {@link ServerProcess#uri()} connects to the same
	 * address, so that the driver finds the member under the name it gives itself.
	 */
	static final String HOST = "127.0.0.1";

	private EmbeddedServerMain() {
	}

	/**
	 * Start the server.
	 * @param args {@code --oplog} to keep an oplog (for change streams), {@code --replica-set}
	 * for our replica set (for transactions)
	 * @throws IOException if standard input fails
	 */
	public static void main(String[] args) throws IOException {
		String mode = (args.length > 0) ? args[0] : "";
		if (REPLICA_SET.equals(mode)) {
			try (EmbeddedMongoCluster cluster = EmbeddedMongoCluster.start(HOST, 0, 1,
					EmbeddedMongoSettings.defaults().withTopology(EmbeddedTopology.REPLICA_SET))) {
				serve(cluster.getServers().get(0).getPort());
			}
			return;
		}
		MemoryBackend backend = new FirstBatchLimitingBackend();
		if (OPLOG.equals(mode)) {
			backend.enableOplog();
		}
		MongoServer server = new MongoServer(backend);
		InetSocketAddress address = server.bind();
		try {
			serve(address.getPort());
		}
		finally {
			server.shutdownNow();
		}
	}

	private static void serve(int port) throws IOException {
		System.out.println(READY + port);
		System.out.flush();
		while (System.in.read() != -1) {
			// wait for the runner to close standard input
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
