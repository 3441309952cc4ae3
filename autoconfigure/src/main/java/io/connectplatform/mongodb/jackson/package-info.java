/**
 * Jackson support: MongoDB's {@code ObjectId} and {@code Decimal128} as JSON strings.
 */
@NullMarked
package io.connectplatform.mongodb.jackson;

import org.jspecify.annotations.NullMarked;
