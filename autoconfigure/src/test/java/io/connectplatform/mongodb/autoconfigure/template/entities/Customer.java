package io.connectplatform.mongodb.autoconfigure.template.entities;

import io.connectplatform.mongodb.core.MongoCollection;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A {@link MongoCollection @MongoCollection} type whose collection name is derived from its
 * class name ({@code customer}) and whose id is a {@code String}.
 *
 * @param id the id
 * @param name the name
 * @author Connect MongoDB team
 */
@MongoCollection
public record Customer(@BsonId String id, String name) {

}
