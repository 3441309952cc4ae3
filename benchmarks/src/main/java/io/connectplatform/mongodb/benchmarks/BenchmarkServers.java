package io.connectplatform.mongodb.benchmarks;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/**
 * Where the measured JVM finds its server: {@code -Dmongodb.uri=…} for a real MongoDB, else
 * the embedded servers the runner started and passed in system properties (mongo-java-server
 * without and with an oplog, and our replica set).
 *
 * @author Connect MongoDB team
 */
final class BenchmarkServers {

	/**
	 * The system property with a real server's URI.
	 */
	static final String URI = "mongodb.uri";

	/**
	 * The system property with the URI of the embedded server without an oplog.
	 */
	static final String PLAIN = "bench.uri.plain";

	/**
	 * The system property with the URI of the embedded server with an oplog.
	 */
	static final String CHANGES = "bench.uri.changes";

	/**
	 * The system property with the URI of our embedded replica set.
	 */
	static final String REPLICA_SET = "bench.uri.replicaSet";

	/**
	 * The database every benchmark uses.
	 */
	static final String DATABASE = "bench";

	private BenchmarkServers() {
	}

	/**
	 * Return the server for everything but change streams.
	 * @return the URI
	 */
	static String plain() {
		return uri(PLAIN);
	}

	/**
	 * Return the server for change streams.
	 * @return the URI
	 */
	static String changes() {
		return uri(CHANGES);
	}

	/**
	 * Return the server for transactions: our embedded single-node replica set, or the
	 * {@code mongodb.uri} server, which must then be a replica set (or a sharded cluster)
	 * for transactions to run.
	 * @return the URI
	 */
	static String replicaSet() {
		return uri(REPLICA_SET);
	}

	/**
	 * Whether the benchmarks run against the embedded server.
	 * @return {@code true} unless {@code mongodb.uri} is set
	 */
	static boolean embedded() {
		return System.getProperty(URI) == null;
	}

	/**
	 * Create a client with the driver's defaults, the same for every contender.
	 * @param uri the server
	 * @return the client
	 */
	static MongoClient client(String uri) {
		return MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri)).build());
	}

	private static String uri(String property) {
		String real = System.getProperty(URI);
		if (real != null) {
			return real;
		}
		String embedded = System.getProperty(property);
		if (embedded == null) {
			throw new IllegalStateException("No server to benchmark against: run benchmarks/run, which starts one, "
					+ "or pass -D" + URI + "=mongodb://…");
		}
		return embedded;
	}

}
