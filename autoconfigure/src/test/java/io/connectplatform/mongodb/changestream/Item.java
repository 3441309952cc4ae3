package io.connectplatform.mongodb.changestream;

import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A document of the change-stream tests.
 *
 * @param id the id
 * @param name the name
 * @param quantity the quantity
 */
public record Item(@BsonId String id, String name, int quantity) {

}
