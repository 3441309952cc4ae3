package io.connectplatform.mongodb.sample.attachment;

/**
 * The metadata stored with each attachment: the product it belongs to. The driver's record
 * codec writes it into the file's metadata as {@code {sku: ...}}.
 *
 * @param sku the SKU of the product
 */
public record AttachmentMetadata(String sku) {

}
