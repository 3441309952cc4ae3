package io.connectplatform.mongodb.sample.product;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when there is no product with the requested SKU. Rendered as a
 * {@code 404 Not Found} problem detail.
 */
public final class ProductNotFoundException extends ErrorResponseException {

	/**
	 * Create an exception for the given SKU.
	 * @param sku the SKU that no product has
	 */
	public ProductNotFoundException(String sku) {
		super(HttpStatus.NOT_FOUND,
				ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No product with SKU '" + sku + "'"), null);
	}

}
