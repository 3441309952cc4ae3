/**
 * Auto-configuration of change-stream listeners.
 */
@NullMarked
package io.connectplatform.mongodb.autoconfigure.changestream;

import org.jspecify.annotations.NullMarked;
