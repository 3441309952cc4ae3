/**
 * Products: a {@code products} collection read and written with a
 * {@code CollectionTemplate} and a {@code CollectionRepository}, exposed over REST at
 * {@code /products}.
 */
@NullMarked
package io.connectplatform.mongodb.sample.product;

import org.jspecify.annotations.NullMarked;
