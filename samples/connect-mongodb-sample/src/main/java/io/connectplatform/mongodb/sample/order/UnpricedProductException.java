package io.connectplatform.mongodb.sample.order;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when an order is placed for a product whose stored price cannot be read as a
 * number (written by another client). Rendered as a {@code 409 Conflict} problem detail.
 */
public final class UnpricedProductException extends ErrorResponseException {

	/**
	 * Create an exception for the given product.
	 * @param sku the SKU
	 */
	public UnpricedProductException(String sku) {
		super(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"Product '" + sku + "' has no price that can be read, so it cannot be ordered"), null);
	}

}
