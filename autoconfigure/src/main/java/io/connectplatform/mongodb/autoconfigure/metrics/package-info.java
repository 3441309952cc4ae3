/**
 * Auto-configuration of Connect MongoDB's Micrometer meters.
 */
@NullMarked
package io.connectplatform.mongodb.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
