/**
 * Ahead-of-time support: the reflection hints GraalVM native images need for the entity
 * types that templates, repositories and change-stream listeners map with the driver's record
 * and POJO codecs.
 */
@NullMarked
package io.connectplatform.mongodb.aot;

import org.jspecify.annotations.NullMarked;
