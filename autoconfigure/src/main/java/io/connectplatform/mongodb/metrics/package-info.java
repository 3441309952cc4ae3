/**
 * Micrometer meters of Connect MongoDB.
 */
@NullMarked
package io.connectplatform.mongodb.metrics;

import org.jspecify.annotations.NullMarked;
