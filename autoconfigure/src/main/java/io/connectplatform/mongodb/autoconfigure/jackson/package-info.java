/**
 * Auto-configuration of the Jackson module for MongoDB's value types.
 */
@NullMarked
package io.connectplatform.mongodb.autoconfigure.jackson;

import org.jspecify.annotations.NullMarked;
