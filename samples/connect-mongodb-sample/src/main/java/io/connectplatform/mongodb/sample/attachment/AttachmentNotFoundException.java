package io.connectplatform.mongodb.sample.attachment;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when a product has no attachment with the requested id. Rendered as a
 * {@code 404 Not Found} problem detail.
 */
public final class AttachmentNotFoundException extends ErrorResponseException {

	/**
	 * Create an exception for the given product and attachment.
	 * @param sku the SKU of the product
	 * @param id the id of the attachment
	 */
	public AttachmentNotFoundException(String sku, String id) {
		super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"Product '" + sku + "' has no attachment '" + id + "'"), null);
	}

}
