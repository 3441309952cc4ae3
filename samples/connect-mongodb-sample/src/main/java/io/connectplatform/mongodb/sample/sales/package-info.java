/**
 * Sales per product: a projection of the {@code orders} collection kept up to date by a
 * change-stream listener, exposed over REST at {@code /sales}.
 */
@NullMarked
package io.connectplatform.mongodb.sample.sales;

import org.jspecify.annotations.NullMarked;
