package io.connectplatform.mongodb.core;

import java.util.Set;

import com.mongodb.MongoException;
import com.mongodb.MongoServerException;

import org.springframework.dao.UncategorizedDataAccessException;

/**
 * A MongoDB error that fits no more specific {@link org.springframework.dao.DataAccessException}:
 * a server error without a category of its own (such as {@code BadValue} or a document
 * that fails validation), or a driver error the {@link MongoDriverExceptionTranslator} does not
 * know. Keeps the server's error code and the error labels for callers that need them.
 *
 * @author Connect MongoDB team
 */
public class UncategorizedMongoException extends UncategorizedDataAccessException {

	private final int code;

	private final Set<String> errorLabels;

	/**
	 * Create an exception for a driver exception.
	 * @param message the message
	 * @param cause the driver exception
	 */
	public UncategorizedMongoException(String message, MongoException cause) {
		super(message, cause);
		this.code = (cause instanceof MongoServerException && cause.getCode() > 0) ? cause.getCode() : -1;
		this.errorLabels = Set.copyOf(cause.getErrorLabels());
	}

	/**
	 * Return the error code the server reported.
	 * @return the server's error code, or {@code -1} if the error did not come from the
	 * server
	 */
	public int getCode() {
		return this.code;
	}

	/**
	 * Return the error labels of the driver exception, such as
	 * {@code UnknownTransactionCommitResult}.
	 * @return the labels, possibly empty
	 */
	public Set<String> getErrorLabels() {
		return this.errorLabels;
	}

}
