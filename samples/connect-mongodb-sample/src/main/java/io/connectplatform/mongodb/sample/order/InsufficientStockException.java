package io.connectplatform.mongodb.sample.order;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when a product has fewer units in stock than an order asks for. Rendered as a
 * {@code 409 Conflict} problem detail.
 */
public final class InsufficientStockException extends ErrorResponseException {

	/**
	 * Create an exception for the given product and quantity.
	 * @param sku the SKU
	 * @param quantity the quantity asked for
	 */
	public InsufficientStockException(String sku, int quantity) {
		super(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"Product '" + sku + "' has fewer than " + quantity + " units in stock"), null);
	}

}
