package io.connectplatform.mongodb.gridfs;

import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.types.ObjectId;

/**
 * Turns the ids that callers give into the {@link BsonValue BSON values} GridFS stores, and
 * describes them in messages.
 *
 * @author Connect MongoDB team
 */
final class GridFsIds {

	private GridFsIds() {
	}

	/**
	 * Return an id as a BSON value: BSON values as they are, {@link ObjectId} and
	 * {@link String} directly, anything else encoded with the codec registry.
	 * @param id the id
	 * @param registry the codec registry
	 * @return the BSON value
	 * @throws org.bson.codecs.configuration.CodecConfigurationException if the registry
	 * cannot encode the id
	 */
	static BsonValue toBson(Object id, CodecRegistry registry) {
		if (id instanceof BsonValue value) {
			return value;
		}
		if (id instanceof ObjectId objectId) {
			return new BsonObjectId(objectId);
		}
		if (id instanceof String string) {
			return new BsonString(string);
		}
		return new Document("_id", id).toBsonDocument(BsonDocument.class, registry).get("_id");
	}

	/**
	 * Describe an id for a message: an {@code ObjectId} as its hexadecimal string, a string
	 * in quotes, anything else as extended JSON.
	 * @param id the id
	 * @return the description
	 */
	static String describe(BsonValue id) {
		if (id.isObjectId()) {
			return id.asObjectId().getValue().toHexString();
		}
		if (id.isString()) {
			return "'" + id.asString().getValue() + "'";
		}
		String json = new BsonDocument("v", id).toJson();
		return json.substring("{\"v\": ".length(), json.length() - 1);
	}

}
