package io.connectplatform.mongodb.autoconfigure.template.entities;

import io.connectplatform.mongodb.core.Indexed;
import io.connectplatform.mongodb.core.MongoCollection;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;

/**
 * A {@link MongoCollection @MongoCollection} type with an explicit collection name and an
 * {@link Indexed @Indexed} property. Public, as the driver's record codec requires.
 *
 * @param id the id
 * @param number the order number, uniquely indexed
 * @param customer the customer
 * @author Connect MongoDB team
 */
@MongoCollection("orders")
public record Order(@BsonId ObjectId id, @Indexed(name = "number_unique", unique = true) String number,
		String customer) {

}
