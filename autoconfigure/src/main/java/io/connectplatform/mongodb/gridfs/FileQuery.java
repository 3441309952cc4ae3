package io.connectplatform.mongodb.gridfs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.model.Filters;
import io.connectplatform.mongodb.core.SafeFilters;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A query of the files of a bucket: criteria combined with "and", a sort, and paging.
 * Immutable: each method returns a new query.
 * <pre class="code">
 * FileQuery.byFilename("invoice.pdf").metadata("customer", "acme").uploadedAfter(lastWeek)
 * 	.sort(Sorts.descending("uploadDate")).limit(20)
 * </pre>
 * Sort fields are those of the files document: {@code filename}, {@code length},
 * {@code uploadDate}, {@code metadata.<field>}.
 *
 * @author Connect MongoDB team
 */
public final class FileQuery {

	private static final FileQuery ALL = new FileQuery(List.of(), null, 0, 0);

	private final List<Bson> criteria;

	private final @Nullable Bson sort;

	private final int skip;

	private final int limit;

	private FileQuery(List<Bson> criteria, @Nullable Bson sort, int skip, int limit) {
		this.criteria = criteria;
		this.sort = sort;
		this.skip = skip;
		this.limit = limit;
	}

	/**
	 * Return a query of every file.
	 * @return the query
	 */
	public static FileQuery all() {
		return ALL;
	}

	/**
	 * Return a query of every revision of a filename.
	 * @param filename the filename
	 * @return the query
	 */
	public static FileQuery byFilename(String filename) {
		return ALL.filename(filename);
	}

	/**
	 * Return this query restricted to one filename.
	 * @param filename the filename, compared exactly
	 * @return a new query
	 */
	public FileQuery filename(String filename) {
		Assert.hasText(filename, "'filename' must not be empty");
		return and(SafeFilters.eq("filename", filename));
	}

	/**
	 * Return this query restricted to files whose metadata field has a value. The value is
	 * compared literally, even if it looks like a query operator.
	 * @param field the field of the metadata, with dots for nested fields
	 * @param value the value
	 * @return a new query
	 */
	public FileQuery metadata(String field, @Nullable Object value) {
		Assert.hasText(field, "'field' must not be empty");
		return and(SafeFilters.eq("metadata." + field, value));
	}

	/**
	 * Return this query restricted to one content type.
	 * @param contentType the content type, compared exactly
	 * @return a new query
	 */
	public FileQuery contentType(String contentType) {
		Assert.hasText(contentType, "'contentType' must not be empty");
		return and(SafeFilters.eq("metadata." + StoredFile.CONTENT_TYPE_KEY, contentType));
	}

	/**
	 * Return this query restricted to files uploaded at or after an instant.
	 * @param instant the earliest upload date
	 * @return a new query
	 */
	public FileQuery uploadedAfter(Instant instant) {
		Assert.notNull(instant, "'instant' must not be null");
		return and(Filters.gte("uploadDate", Date.from(instant)));
	}

	/**
	 * Return this query restricted to files uploaded before an instant.
	 * @param instant the upload date that files must precede
	 * @return a new query
	 */
	public FileQuery uploadedBefore(Instant instant) {
		Assert.notNull(instant, "'instant' must not be null");
		return and(Filters.lt("uploadDate", Date.from(instant)));
	}

	/**
	 * Return this query restricted by a filter of your own on the files documents.
	 * @param filter the filter
	 * @return a new query
	 */
	public FileQuery where(Bson filter) {
		Assert.notNull(filter, "'filter' must not be null");
		return and(filter);
	}

	/**
	 * Return this query with a sort, such as {@code Sorts.descending("uploadDate")}.
	 * @param sort the sort
	 * @return a new query
	 */
	public FileQuery sort(Bson sort) {
		Assert.notNull(sort, "'sort' must not be null");
		return new FileQuery(this.criteria, sort, this.skip, this.limit);
	}

	/**
	 * Return this query skipping the first matches.
	 * @param skip the number of matches to skip, zero or more
	 * @return a new query
	 */
	public FileQuery skip(int skip) {
		Assert.isTrue(skip >= 0, () -> "'skip' must be zero or more, but was " + skip);
		return new FileQuery(this.criteria, this.sort, skip, this.limit);
	}

	/**
	 * Return this query returning at most a number of files.
	 * @param limit the most files to return, or zero for no limit
	 * @return a new query
	 */
	public FileQuery limit(int limit) {
		Assert.isTrue(limit >= 0, () -> "'limit' must be zero (no limit) or more, but was " + limit);
		return new FileQuery(this.criteria, this.sort, this.skip, limit);
	}

	/**
	 * Return the filter of the files documents: every criterion, combined with "and".
	 * @return the filter
	 */
	public Bson getFilter() {
		return switch (this.criteria.size()) {
			case 0 -> Filters.empty();
			case 1 -> this.criteria.get(0);
			default -> Filters.and(this.criteria);
		};
	}

	/**
	 * Return the sort.
	 * @return the sort, or {@code null} for the server's order
	 */
	public @Nullable Bson getSort() {
		return this.sort;
	}

	/**
	 * Return the number of matches to skip.
	 * @return the skip
	 */
	public int getSkip() {
		return this.skip;
	}

	/**
	 * Return the most files to return.
	 * @return the limit, or zero for no limit
	 */
	public int getLimit() {
		return this.limit;
	}

	private FileQuery and(Bson criterion) {
		List<Bson> criteria = new ArrayList<>(this.criteria.size() + 1);
		criteria.addAll(this.criteria);
		criteria.add(criterion);
		return new FileQuery(List.copyOf(criteria), this.sort, this.skip, this.limit);
	}

}
