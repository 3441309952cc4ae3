/**
 * Auto-configuration of the MongoDB health contributor.
 */
@NullMarked
package io.connectplatform.mongodb.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
