package io.connectplatform.mongodb.benchmarks;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;

/**
 * One way of reading and incrementing one counter, which {@link TransactionBenchmark}
 * measures: with the raw driver, in a multi-document transaction or without one.
 *
 * @author Connect MongoDB team
 */
interface TransactionContender {

	/**
	 * The prefix of the collections that hold the counters, followed by their size.
	 */
	String COUNTERS = "counters_";

	/**
	 * Read a counter by its {@code _id}, then increment it.
	 * @param id the counter's {@code _id}
	 * @return the number of documents the update changed
	 */
	long readAndIncrement(int id);

	/**
	 * Return the contender of the given name.
	 * @param name {@code transaction} or {@code plain}
	 * @param client the client
	 * @param counters the collection of counters
	 * @return the contender
	 */
	static TransactionContender of(String name, MongoClient client, MongoCollection<Document> counters) {
		return switch (name) {
			case "transaction" -> new InTransaction(client, counters);
			case "plain" -> new Plain(counters);
			default -> throw new IllegalArgumentException("Unknown contender '" + name + "'");
		};
	}

	/**
	 * The read and the write in one transaction of a new session, committed by
	 * {@code withTransaction}.
	 */
	final class InTransaction implements TransactionContender {

		private final MongoClient client;

		private final MongoCollection<Document> counters;

		InTransaction(MongoClient client, MongoCollection<Document> counters) {
			this.client = client;
			this.counters = counters;
		}

		@Override
		public long readAndIncrement(int id) {
			try (ClientSession session = this.client.startSession()) {
				return session.withTransaction(() -> {
					this.counters.find(session, Filters.eq("_id", id)).first();
					return this.counters.updateOne(session, Filters.eq("_id", id), Updates.inc("n", 1))
						.getModifiedCount();
				});
			}
		}

	}

	/**
	 * The same read and write, each on its own (the driver's implicit sessions, retryable
	 * writes).
	 */
	final class Plain implements TransactionContender {

		private final MongoCollection<Document> counters;

		Plain(MongoCollection<Document> counters) {
			this.counters = counters;
		}

		@Override
		public long readAndIncrement(int id) {
			this.counters.find(Filters.eq("_id", id)).first();
			return this.counters.updateOne(Filters.eq("_id", id), Updates.inc("n", 1)).getModifiedCount();
		}

	}

}
