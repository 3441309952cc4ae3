package io.connectplatform.mongodb.sample.order;

import java.math.BigDecimal;
import java.time.Instant;

import io.connectplatform.mongodb.core.CollectionEntity;
import org.bson.codecs.pojo.annotations.BsonId;
import org.jspecify.annotations.Nullable;

/**
 * An order of one product, stored in the {@code orders} collection. The template generates
 * the id when it is {@code null}.
 *
 * @param id the id, {@code null} until the order is stored
 * @param sku the SKU of the product ordered
 * @param quantity how many units
 * @param unitPrice the product's price when the order was placed
 * @param total {@code quantity × unitPrice}
 * @param placedAt when the order was placed
 */
@CollectionEntity("orders")
public record Order(@BsonId @Nullable String id, String sku, int quantity, BigDecimal unitPrice, BigDecimal total,
		Instant placedAt) {

}
