package io.connectplatform.mongodb.sample.product;

import java.math.BigDecimal;

import io.connectplatform.mongodb.core.CollectionEntity;
import org.bson.codecs.pojo.annotations.BsonId;
import org.jspecify.annotations.Nullable;

/**
 * A product for sale, stored in the {@code products} collection with its SKU as the
 * document's {@code _id}: {@code {_id: sku, name, price: Decimal128, stock}}. The driver's
 * record codec maps it; the price is a {@code Decimal128}, so amounts such as 0.10 are stored
 * exactly.
 *
 * @param sku the stock keeping unit that identifies the product
 * @param name the name shown to customers
 * @param price the unit price; {@code null} only for a product written by another client
 * whose price is not a number (see {@code LenientDecimalCodec}), which cannot be ordered
 * @param stock the number of units in stock
 */
@CollectionEntity("products")
public record Product(@BsonId String sku, String name, @Nullable BigDecimal price, int stock) {

}
