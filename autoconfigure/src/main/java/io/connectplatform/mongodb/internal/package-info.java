/**
 * Internal: how templates, repositories and GridFS join the current transaction. Not API:
 * these types may change or disappear in any release; applications use
 * {@link io.connectplatform.mongodb.core.MongoSessionLookup} and the transaction API instead.
 */
@NullMarked
package io.connectplatform.mongodb.internal;

import org.jspecify.annotations.NullMarked;
