/**
 * Auto-configuration of GridFS.
 */
@NullMarked
package io.connectplatform.mongodb.autoconfigure.gridfs;

import org.jspecify.annotations.NullMarked;
