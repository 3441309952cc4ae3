package io.connectplatform.mongodb.sample.product;

import java.math.BigDecimal;

/**
 * A product for sale, stored in the {@code products} collection with its SKU as the
 * document's {@code _id}.
 *
 * @param sku the stock keeping unit that identifies the product
 * @param name the name shown to customers
 * @param price the unit price, stored as a {@code Decimal128}
 * @param stock the number of units in stock
 */
public record Product(String sku, String name, BigDecimal price, int stock) {

}
