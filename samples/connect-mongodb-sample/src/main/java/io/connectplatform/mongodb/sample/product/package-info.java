/**
 * Products: a {@code products} collection read and written with the MongoDB Java driver
 * and exposed over REST at {@code /products}.
 */
@NullMarked
package io.connectplatform.mongodb.sample.product;

import org.jspecify.annotations.NullMarked;
