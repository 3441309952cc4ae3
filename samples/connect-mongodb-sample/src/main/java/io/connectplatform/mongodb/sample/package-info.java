/**
 * A small REST service on the Connect MongoDB starter.
 */
@NullMarked
package io.connectplatform.mongodb.sample;

import org.jspecify.annotations.NullMarked;
