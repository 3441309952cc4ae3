package io.connectplatform.mongodb.sample.product;

import java.math.BigDecimal;

import io.connectplatform.mongodb.core.CollectionEntity;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A product for sale, stored in the {@code products} collection with its SKU as the
 * document's {@code _id}: {@code {_id: sku, name, price: Decimal128, stock}}. The driver's
 * record codec maps it; the price is a {@code Decimal128}, so amounts such as 0.10 are stored
 * exactly.
 *
 * @param sku the stock keeping unit that identifies the product
 * @param name the name shown to customers
 * @param price the unit price
 * @param stock the number of units in stock
 */
@CollectionEntity("products")
public record Product(@BsonId String sku, String name, BigDecimal price, int stock) {

}
