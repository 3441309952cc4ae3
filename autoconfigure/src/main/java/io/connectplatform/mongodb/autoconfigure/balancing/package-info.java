/**
 * Auto-configuration of circuit-breaker load balancing across MongoDB servers.
 */
@NullMarked
package io.connectplatform.mongodb.autoconfigure.balancing;

import org.jspecify.annotations.NullMarked;
