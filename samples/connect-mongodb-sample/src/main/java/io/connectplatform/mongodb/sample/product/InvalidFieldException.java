package io.connectplatform.mongodb.sample.product;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when a request carries a value that is not valid. Rendered as a
 * {@code 400 Bad Request} problem detail whose {@code field} property names the value.
 */
public final class InvalidFieldException extends ErrorResponseException {

	/**
	 * Create an exception for the given field.
	 * @param field the name of the field or parameter that is not valid
	 * @param reason why it is not valid, such as {@code "must not be blank"}
	 */
	public InvalidFieldException(String field, String reason) {
		super(HttpStatus.BAD_REQUEST, problemDetail(field, reason), null);
	}

	private static ProblemDetail problemDetail(String field, String reason) {
		ProblemDetail problemDetail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"'" + field + "' " + reason);
		problemDetail.setProperty("field", field);
		return problemDetail;
	}

}
