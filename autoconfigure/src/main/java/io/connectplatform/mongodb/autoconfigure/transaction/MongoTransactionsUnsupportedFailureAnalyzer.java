package io.connectplatform.mongodb.autoconfigure.transaction;

import io.connectplatform.mongodb.transaction.MongoTransactionsUnsupportedException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link MongoTransactionsUnsupportedException} that stops startup, such as a
 * transaction run by a startup task against a standalone server.
 *
 * @author Connect MongoDB team
 */
class MongoTransactionsUnsupportedFailureAnalyzer
		extends AbstractFailureAnalyzer<MongoTransactionsUnsupportedException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MongoTransactionsUnsupportedException cause) {
		return new FailureAnalysis(
				"A MongoDB transaction was started, but the server at " + cause.getServers() + " is "
						+ cause.getClusterType() + ", and MongoDB runs transactions only on a replica set or a"
						+ " sharded cluster.",
				"Run MongoDB as a replica set (a single-node replica set is enough: start mongod with --replSet"
						+ " and run rs.initiate() once), or, for development against the embedded server only, set"
						+ " connect.mongodb.transactions.on-standalone=run-without-transaction.",
				cause);
	}

}
