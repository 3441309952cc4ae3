/**
 * Auto-configuration for Connect MongoDB.
 */
@NullMarked
package io.connectplatform.mongodb.autoconfigure;

import org.jspecify.annotations.NullMarked;
