package io.connectplatform.mongodb.sample.order;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when no order has the requested id. Rendered as a {@code 404 Not Found} problem
 * detail.
 */
public final class OrderNotFoundException extends ErrorResponseException {

	/**
	 * Create an exception for the given id.
	 * @param id the id that no order has
	 */
	public OrderNotFoundException(String id) {
		super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No order '" + id + "'"),
				null);
	}

}
