/**
 * Auto-configuration of the collection templates, repositories, validation and async executor.
 */
@NullMarked
package io.connectplatform.mongodb.autoconfigure.template;

import org.jspecify.annotations.NullMarked;
