package io.connectplatform.mongodb.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.BulkWriteUpsert;
import com.mongodb.bulk.WriteConcernError;
import io.connectplatform.mongodb.internal.MongoUriSanitizer;
import org.bson.BsonValue;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;

/**
 * A bulk write ({@code insertMany}, {@code bulkWrite}) in which some operations failed.
 * Keeps, for each failed operation, its index in the request, the server's error code and
 * its message, as well as the write concern error and what the operations that did not
 * fail achieved.
 * <p>
 * An ordered bulk write stops at its first failure, an unordered one carries on: the
 * counts say what was written either way.
 *
 * @author Connect MongoDB team
 */
public class MongoBulkWriteFailureException extends DataIntegrityViolationException {

	private static final int MAX_LISTED_FAILURES = 5;

	private final List<BulkWriteFailure> failures;

	private final @Nullable String writeConcernError;

	private final int insertedCount;

	private final int matchedCount;

	private final int modifiedCount;

	private final int deletedCount;

	private final Map<Integer, BsonValue> upserts;

	/**
	 * Create an exception for a driver's bulk write exception, with a message that lists
	 * the first failures by index and error code.
	 * @param cause the driver's bulk write exception
	 */
	public MongoBulkWriteFailureException(MongoBulkWriteException cause) {
		this(failures(cause), writeConcernError(cause.getWriteConcernError()), cause);
	}

	private MongoBulkWriteFailureException(List<BulkWriteFailure> failures, @Nullable String writeConcernError,
			MongoBulkWriteException cause) {
		super(message(failures, writeConcernError), cause);
		this.failures = failures;
		this.writeConcernError = writeConcernError;
		BulkWriteResult result = cause.getWriteResult();
		boolean acknowledged = result.wasAcknowledged();
		this.insertedCount = acknowledged ? result.getInsertedCount() : 0;
		this.matchedCount = acknowledged ? result.getMatchedCount() : 0;
		this.modifiedCount = acknowledged ? result.getModifiedCount() : 0;
		this.deletedCount = acknowledged ? result.getDeletedCount() : 0;
		this.upserts = acknowledged ? upserts(result.getUpserts()) : Collections.emptyMap();
	}

	/**
	 * Return the operations that failed, in the order the server reported them (for an
	 * ordered bulk write, at most one).
	 * @return the failures, possibly empty when only the write concern failed
	 */
	public List<BulkWriteFailure> getFailures() {
		return this.failures;
	}

	/**
	 * Return whether every failure is a duplicate key, so that the bulk write failed only
	 * because some documents already existed.
	 * @return {@code true} if there is at least one failure and each is a duplicate key
	 */
	public boolean isDuplicateKey() {
		return !this.failures.isEmpty() && this.failures.stream().allMatch(BulkWriteFailure::isDuplicateKey);
	}

	/**
	 * Return the write concern error, if the server reported one.
	 * @return the error's code, name and message, such as
	 * {@code 64 (WriteConcernFailed): waiting for replication timed out}, or {@code null}
	 */
	public @Nullable String getWriteConcernError() {
		return this.writeConcernError;
	}

	/**
	 * Return the number of documents inserted by the operations that did not fail.
	 * @return the inserted count, {@code 0} for an unacknowledged write
	 */
	public int getInsertedCount() {
		return this.insertedCount;
	}

	/**
	 * Return the number of documents matched by the updates and replacements that did not
	 * fail.
	 * @return the matched count, {@code 0} for an unacknowledged write
	 */
	public int getMatchedCount() {
		return this.matchedCount;
	}

	/**
	 * Return the number of documents modified by the updates and replacements that did
	 * not fail.
	 * @return the modified count, {@code 0} for an unacknowledged write
	 */
	public int getModifiedCount() {
		return this.modifiedCount;
	}

	/**
	 * Return the number of documents deleted by the deletes that did not fail.
	 * @return the deleted count, {@code 0} for an unacknowledged write
	 */
	public int getDeletedCount() {
		return this.deletedCount;
	}

	/**
	 * Return the documents inserted by upserts that did not fail.
	 * @return the {@code _id} of each upserted document by the index of its operation
	 */
	public Map<Integer, BsonValue> getUpserts() {
		return this.upserts;
	}

	private static List<BulkWriteFailure> failures(MongoBulkWriteException exception) {
		List<BulkWriteFailure> failures = new ArrayList<>(exception.getWriteErrors().size());
		for (BulkWriteError error : exception.getWriteErrors()) {
			failures.add(new BulkWriteFailure(error.getIndex(), error.getCode(), error.getMessage()));
		}
		return Collections.unmodifiableList(failures);
	}

	private static @Nullable String writeConcernError(@Nullable WriteConcernError error) {
		if (error == null) {
			return null;
		}
		String name = error.getCodeName();
		return error.getCode() + ((name != null && !name.isEmpty()) ? " (" + name + ")" : "") + ": "
				+ error.getMessage();
	}

	private static Map<Integer, BsonValue> upserts(List<BulkWriteUpsert> upserts) {
		Map<Integer, BsonValue> ids = new LinkedHashMap<>();
		for (BulkWriteUpsert upsert : upserts) {
			ids.put(upsert.getIndex(), upsert.getId());
		}
		return Collections.unmodifiableMap(ids);
	}

	/**
	 * Describe the failures without quoting the server's duplicate key messages, which
	 * contain the duplicate value.
	 */
	private static @Nullable String message(List<BulkWriteFailure> failures, @Nullable String writeConcernError) {
		StringBuilder message = new StringBuilder("Bulk write failed");
		if (!failures.isEmpty()) {
			message.append(" for ")
				.append(failures.size())
				.append((failures.size() == 1) ? " operation: " : " operations: ");
			int listed = Math.min(failures.size(), MAX_LISTED_FAILURES);
			for (int i = 0; i < listed; i++) {
				BulkWriteFailure failure = failures.get(i);
				message.append((i > 0) ? ", " : "")
					.append("index ")
					.append(failure.index())
					.append(" (code ")
					.append(failure.code())
					.append(", ")
					.append(failure.isDuplicateKey() ? "duplicate key" : failure.message())
					.append(")");
			}
			if (failures.size() > listed) {
				message.append(" ... and ").append(failures.size() - listed).append(" more");
			}
		}
		if (writeConcernError != null) {
			message.append(failures.isEmpty() ? ": " : "; ").append("write concern error ").append(writeConcernError);
		}
		return MongoUriSanitizer.sanitizeMessage(message.toString());
	}

	/**
	 * One failed operation of a bulk write.
	 *
	 * @param index the index of the operation in the bulk write request
	 * @param code the server's error code, such as {@code 11000} for a duplicate key
	 * @param message the server's message, as the server wrote it: for a duplicate key it
	 * names the index and quotes the duplicate value, as in {@code E11000 duplicate key
	 * error collection: shop.users index: email_1 dup key: { email: "ada@example.com" }}
	 */
	public record BulkWriteFailure(int index, int code, String message) {

		/**
		 * Return whether the operation failed because of a duplicate key.
		 * @return {@code true} for error codes 11000, 11001 and 12582
		 */
		public boolean isDuplicateKey() {
			return ErrorCategory.fromErrorCode(this.code) == ErrorCategory.DUPLICATE_KEY;
		}

	}

}
