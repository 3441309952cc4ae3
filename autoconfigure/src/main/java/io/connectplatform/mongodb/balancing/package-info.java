/**
 * Circuit-breaker load balancing across MongoDB servers: per-server statistics from the
 * driver's events, one Resilience4j circuit breaker per server, and a server selector that
 * keeps work away from servers whose breaker is open.
 */
@NullMarked
package io.connectplatform.mongodb.balancing;

import org.jspecify.annotations.NullMarked;
