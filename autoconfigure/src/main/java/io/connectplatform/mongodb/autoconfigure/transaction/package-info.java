/**
 * Auto-configuration of MongoDB transactions.
 */
@NullMarked
package io.connectplatform.mongodb.autoconfigure.transaction;

import org.jspecify.annotations.NullMarked;
