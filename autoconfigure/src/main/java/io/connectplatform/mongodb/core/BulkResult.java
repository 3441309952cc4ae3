package io.connectplatform.mongodb.core;

import java.util.Map;

import org.bson.BsonValue;

/**
 * The outcome of a bulk write.
 *
 * @param insertedCount the number of documents inserted
 * @param matchedCount the number of documents matched by updates and replacements
 * @param modifiedCount the number of documents changed by updates and replacements
 * @param deletedCount the number of documents deleted
 * @param upserts the ids of upserted documents, by the index of the operation that upserted
 * @author Connect MongoDB team
 */
public record BulkResult(int insertedCount, int matchedCount, int modifiedCount, int deletedCount,
		Map<Integer, BsonValue> upserts) {

	/**
	 * Create a result; the upserts are copied.
	 * @param insertedCount the number of documents inserted
	 * @param matchedCount the number of documents matched
	 * @param modifiedCount the number of documents changed
	 * @param deletedCount the number of documents deleted
	 * @param upserts the ids of upserted documents by operation index
	 */
	public BulkResult {
		upserts = Map.copyOf(upserts);
	}

}
