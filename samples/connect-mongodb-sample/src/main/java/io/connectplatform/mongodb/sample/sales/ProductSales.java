package io.connectplatform.mongodb.sample.sales;

import java.math.BigDecimal;
import java.time.Instant;

import io.connectplatform.mongodb.core.CollectionEntity;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * The sales of one product, stored in the {@code product_sales} collection and kept by
 * {@link ProductSalesProjector}, which adds each new order to it.
 *
 * @param sku the SKU of the product
 * @param orders how many orders took it
 * @param units how many units they took
 * @param revenue the sum of their totals
 * @param updatedAt when an order was last added
 */
@CollectionEntity("product_sales")
public record ProductSales(@BsonId String sku, long orders, long units, BigDecimal revenue, Instant updatedAt) {

}
