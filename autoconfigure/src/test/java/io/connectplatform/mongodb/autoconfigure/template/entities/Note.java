package io.connectplatform.mongodb.autoconfigure.template.entities;

import io.connectplatform.mongodb.core.CollectionEntity;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;

/**
 * A record in the scanned package that is not annotated with {@link CollectionEntity}, so
 * gets no injectable template.
 *
 * @param id the id
 * @param text the text
 * @author Connect MongoDB team
 */
public record Note(@BsonId ObjectId id, String text) {

}
