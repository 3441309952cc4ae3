package io.connectplatform.mongodb.sample.sales;

import java.time.Instant;

import io.connectplatform.mongodb.core.CollectionEntity;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * The mark that {@link ProductSalesProjector} has counted an order in {@link ProductSales},
 * stored in the {@code sales_applied} collection, one small document per order. It is
 * written in the same transaction as the increment it records, so that an order delivered
 * again finds it and is not counted twice.
 *
 * @param orderId the id of the order
 * @param sku the SKU of the product it was counted for
 * @param appliedAt when it was counted
 */
@CollectionEntity("sales_applied")
public record AppliedOrder(@BsonId String orderId, String sku, Instant appliedAt) {

}
