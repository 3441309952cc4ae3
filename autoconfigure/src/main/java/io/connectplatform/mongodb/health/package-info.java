/**
 * Health of the MongoDB connection.
 */
@NullMarked
package io.connectplatform.mongodb.health;

import org.jspecify.annotations.NullMarked;
