/**
 * Orders: placing one inserts the order and takes its quantity from the product's stock, in
 * one transaction run by {@code MongoTransactions}; exposed over REST at {@code /orders}.
 */
@NullMarked
package io.connectplatform.mongodb.sample.order;

import org.jspecify.annotations.NullMarked;
