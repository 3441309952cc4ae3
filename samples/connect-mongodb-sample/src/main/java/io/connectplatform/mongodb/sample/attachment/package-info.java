/**
 * Attachments of products: files stored in the {@code attachments} GridFS bucket through
 * {@code GridFsBucketOperations}, uploaded as multipart forms and served with HTTP {@code Range}
 * support at {@code /products/{sku}/attachments}.
 */
@NullMarked
package io.connectplatform.mongodb.sample.attachment;

import org.jspecify.annotations.NullMarked;
