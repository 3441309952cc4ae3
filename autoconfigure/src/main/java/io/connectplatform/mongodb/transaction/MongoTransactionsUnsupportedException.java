package io.connectplatform.mongodb.transaction;

import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Thrown when a transaction is asked of a deployment that cannot run one: a standalone
 * server. The message names the deployment and what to do.
 *
 * @author Connect MongoDB team
 */
public class MongoTransactionsUnsupportedException extends CannotCreateTransactionException {

	private final String clusterType;

	private final String servers;

	/**
	 * Create an exception.
	 * @param clusterType the type of the deployment, such as {@code STANDALONE}
	 * @param servers the addresses of its servers
	 */
	public MongoTransactionsUnsupportedException(String clusterType, String servers) {
		super("Transactions require a replica set or a sharded cluster; connected to " + clusterType + " at "
				+ servers + ". Run MongoDB as a replica set (a single-node replica set is enough for development), or,"
				+ " for development only, set connect.mongodb.transactions.on-standalone=run-without-transaction"
				+ " to run transactional code without a transaction.");
		this.clusterType = clusterType;
		this.servers = servers;
	}

	/**
	 * Return the type of the deployment.
	 * @return the cluster type, such as {@code STANDALONE}
	 */
	public String getClusterType() {
		return this.clusterType;
	}

	/**
	 * Return the addresses of the deployment's servers.
	 * @return the servers, comma-separated
	 */
	public String getServers() {
		return this.servers;
	}

}
