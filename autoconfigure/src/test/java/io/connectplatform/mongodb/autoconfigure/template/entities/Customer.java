package io.connectplatform.mongodb.autoconfigure.template.entities;

import io.connectplatform.mongodb.core.CollectionEntity;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A {@link CollectionEntity @CollectionEntity} type whose collection name is derived from its
 * class name ({@code customer}) and whose id is a {@code String}.
 *
 * @param id the id
 * @param name the name
 * @author Connect MongoDB team
 */
@CollectionEntity
public record Customer(@BsonId String id, String name) {

}
