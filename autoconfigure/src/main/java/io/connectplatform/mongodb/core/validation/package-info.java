/**
 * Checks that reject bad input with a clear exception before anything is sent to the server.
 */
@NullMarked
package io.connectplatform.mongodb.core.validation;

import org.jspecify.annotations.NullMarked;
