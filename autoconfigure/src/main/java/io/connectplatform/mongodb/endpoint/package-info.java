/**
 * Actuator endpoints of Connect MongoDB.
 */
@NullMarked
package io.connectplatform.mongodb.endpoint;

import org.jspecify.annotations.NullMarked;
