/**
 * Auto-configuration of Connect MongoDB's actuator endpoints.
 */
@NullMarked
package io.connectplatform.mongodb.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
