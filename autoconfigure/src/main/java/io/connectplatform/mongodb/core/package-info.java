/**
 * The core of Connect MongoDB: what every feature builds on.
 */
@NullMarked
package io.connectplatform.mongodb.core;

import org.jspecify.annotations.NullMarked;
