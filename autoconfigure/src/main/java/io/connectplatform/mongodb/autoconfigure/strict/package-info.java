/**
 * Strict properties: an unknown key under {@code connect.mongodb.} stops startup, naming
 * the nearest valid key.
 */
@NullMarked
package io.connectplatform.mongodb.autoconfigure.strict;

import org.jspecify.annotations.NullMarked;
