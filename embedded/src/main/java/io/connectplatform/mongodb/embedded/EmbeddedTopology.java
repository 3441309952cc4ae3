package io.connectplatform.mongodb.embedded;

/**
 * What the in-memory server presents itself as to the driver.
 *
 * @author Connect MongoDB team
 */
public enum EmbeddedTopology {

	/**
	 * A single-node replica set, {@code rs0}: the driver sees {@code REPLICA_SET} with one
	 * {@code REPLICA_SET_PRIMARY}. Sessions, multi-document transactions, retryable writes
	 * and change streams work. The default.
	 */
	REPLICA_SET,

	/**
	 * A standalone server: sessions exist, but, as on a real standalone server,
	 * transactions and retryable writes are refused.
	 */
	STANDALONE,

	/**
	 * One or more {@code mongos} routers of a sharded cluster over the same data:
	 * sessions and transactions work as through a router.
	 */
	SHARDED

}
