package io.connectplatform.mongodb.autoconfigure.template.entities;

import io.connectplatform.mongodb.core.IndexedField;
import io.connectplatform.mongodb.core.CollectionEntity;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;

/**
 * A {@link CollectionEntity @CollectionEntity} type with an explicit collection name and an
 * {@link IndexedField @IndexedField} property. Public, as the driver's record codec requires.
 *
 * @param id the id
 * @param number the order number, uniquely indexed
 * @param customer the customer
 * @author Connect MongoDB team
 */
@CollectionEntity("orders")
public record Order(@BsonId ObjectId id, @IndexedField(name = "number_unique", unique = true) String number,
		String customer) {

}
