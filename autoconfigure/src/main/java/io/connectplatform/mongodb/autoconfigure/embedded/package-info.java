/**
 * Auto-configuration of the in-memory MongoDB server.
 */
@NullMarked
package io.connectplatform.mongodb.autoconfigure.embedded;

import org.jspecify.annotations.NullMarked;
