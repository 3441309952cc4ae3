/**
 * GridFS: files of any size stored in chunks, read and written as streams through
 * {@link io.connectplatform.mongodb.gridfs.GridFsBucketOperations}.
 */
@NullMarked
package io.connectplatform.mongodb.gridfs;

import org.jspecify.annotations.NullMarked;
