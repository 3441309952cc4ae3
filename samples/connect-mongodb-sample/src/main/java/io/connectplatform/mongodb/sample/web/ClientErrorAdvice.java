package io.connectplatform.mongodb.sample.web;

import io.connectplatform.mongodb.core.validation.MongoValidationException;
import org.apache.tomcat.util.http.fileupload.InvalidFileNameException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Renders every client error as a {@code 4xx} problem detail: Spring MVC's own (through
 * {@link ResponseEntityExceptionHandler}, which this replaces Spring Boot's
 * {@code spring.mvc.problemdetails} handler with), and those it leaves as a {@code 500}:
 * <ul>
 * <li>a document the templates' validation refuses ({@link MongoValidationException}, such
 * as one over the document size limit): {@code 400} with the {@code rule} broken;</li>
 * <li>a multipart body that cannot be read (truncated, or with a filename that is not
 * valid): {@code 400}; an upload over {@code spring.servlet.multipart.*} stays
 * {@code 413};</li>
 * <li>a body over {@code sample.requests.max-body-size}
 * ({@link RequestBodyTooLargeException}), also when it surfaces while a message converter
 * reads the body: {@code 413}.</li>
 * </ul>
 * The details name what is wrong, never a value of the request.
 */
@RestControllerAdvice
public final class ClientErrorAdvice extends ResponseEntityExceptionHandler {

	/**
	 * Render a document that the templates' validation refused before sending it.
	 * @param ex the exception
	 * @return the problem detail, whose {@code rule} property names the rule, such as
	 * {@code document-size}
	 */
	@ExceptionHandler(MongoValidationException.class)
	public ResponseEntity<ProblemDetail> invalidDocument(MongoValidationException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request would store a document that breaks the rule '" + ex.getRule().tagValue() + "'");
		problem.setProperty("rule", ex.getRule().tagValue());
		return problem(problem);
	}

	/**
	 * Render a multipart request that could not be read.
	 * @param ex the exception
	 * @return the problem detail, whose {@code field} property is {@code file} when the
	 * filename was not valid
	 */
	@ExceptionHandler(MultipartException.class)
	public ResponseEntity<ProblemDetail> unreadableMultipart(MultipartException ex) {
		if (hasCause(ex, InvalidFileNameException.class)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"'file' has a filename that is not valid");
			problem.setProperty("field", "file");
			return problem(problem);
		}
		return problem(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The multipart request could not be read"));
	}

	/**
	 * Render a body over the limit, refused by {@link RequestBodyLimitFilter} before it was
	 * read.
	 * @param ex the exception
	 * @return the problem detail
	 */
	@ExceptionHandler(RequestBodyTooLargeException.class)
	public ResponseEntity<ProblemDetail> bodyTooLarge(RequestBodyTooLargeException ex) {
		return problem(ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, ex.getMessage()));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestBodyTooLargeException tooLarge = findCause(ex, RequestBodyTooLargeException.class);
		if (tooLarge != null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
					tooLarge.getMessage());
			return handleExceptionInternal(ex, problem, headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
		}
		return super.handleHttpMessageNotReadable(ex, headers, status, request);
	}

	private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		return findCause(ex, type) != null;
	}

	private static <T extends Throwable> @Nullable T findCause(Throwable ex, Class<T> type) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return null;
	}

}
