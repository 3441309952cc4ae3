package io.connectplatform.mongodb.changestream;

/**
 * What a change stream watches.
 *
 * @author Connect MongoDB team
 */
public enum ChangeStreamScope {

	/**
	 * One collection ({@code collection.watch()}).
	 */
	COLLECTION,

	/**
	 * Every collection of one database ({@code database.watch()}).
	 */
	DATABASE,

	/**
	 * Every database of the deployment except {@code admin}, {@code local} and
	 * {@code config} ({@code client.watch()}).
	 */
	CLUSTER

}
