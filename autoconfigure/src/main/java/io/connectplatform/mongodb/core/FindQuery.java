package io.connectplatform.mongodb.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.FindIterable;
import com.mongodb.client.model.Collation;
import com.mongodb.client.model.Filters;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * An immutable description of a find: a filter plus sort, projection, skip, limit, hint,
 * collation, max time and batch size. Each {@code with}-style method returns a new query:
 * <pre>{@code
 * FindQuery.where(eq("status", "OPEN")).sort(descending("createdAt")).limit(20)
 * }</pre>
 *
 * @author Connect MongoDB team
 */
public final class FindQuery {

	private final Bson filter;

	private final @Nullable Bson sort;

	private final @Nullable Bson projection;

	private final int skip;

	private final int limit;

	private final @Nullable Bson hint;

	private final @Nullable Collation collation;

	private final @Nullable Duration maxTime;

	private final int batchSize;

	private FindQuery(Bson filter, @Nullable Bson sort, @Nullable Bson projection, int skip, int limit,
			@Nullable Bson hint, @Nullable Collation collation, @Nullable Duration maxTime, int batchSize) {
		this.filter = filter;
		this.sort = sort;
		this.projection = projection;
		this.skip = skip;
		this.limit = limit;
		this.hint = hint;
		this.collation = collation;
		this.maxTime = maxTime;
		this.batchSize = batchSize;
	}

	/**
	 * A query matching every document.
	 * @return the query
	 */
	public static FindQuery all() {
		return where(Filters.empty());
	}

	/**
	 * A query with the given filter, built with the driver's {@link Filters} or
	 * {@link SafeFilters}.
	 * @param filter the filter
	 * @return the query
	 */
	public static FindQuery where(Bson filter) {
		Assert.notNull(filter, "'filter' must not be null");
		return new FindQuery(filter, null, null, 0, 0, null, null, null, 0);
	}

	/**
	 * Return a copy that sorts, for example with {@code Sorts.descending("createdAt")}.
	 * @param sort the sort
	 * @return the new query
	 */
	public FindQuery sort(Bson sort) {
		Assert.notNull(sort, "'sort' must not be null");
		return new FindQuery(this.filter, sort, this.projection, this.skip, this.limit, this.hint, this.collation,
				this.maxTime, this.batchSize);
	}

	/**
	 * Return a copy that returns only some fields, for example with
	 * {@code Projections.include("name")}. Fields left out decode as {@code null}.
	 * @param projection the projection
	 * @return the new query
	 */
	public FindQuery projection(Bson projection) {
		Assert.notNull(projection, "'projection' must not be null");
		return new FindQuery(this.filter, this.sort, projection, this.skip, this.limit, this.hint, this.collation,
				this.maxTime, this.batchSize);
	}

	/**
	 * Return a copy that skips the first documents.
	 * @param skip the number of documents to skip, zero or more
	 * @return the new query
	 */
	public FindQuery skip(int skip) {
		Assert.isTrue(skip >= 0, () -> "'skip' must be zero or more, but was " + skip);
		return new FindQuery(this.filter, this.sort, this.projection, skip, this.limit, this.hint, this.collation,
				this.maxTime, this.batchSize);
	}

	/**
	 * Return a copy that returns at most {@code limit} documents.
	 * @param limit the maximum number of documents, zero for no limit
	 * @return the new query
	 */
	public FindQuery limit(int limit) {
		Assert.isTrue(limit >= 0, () -> "'limit' must be zero (no limit) or more, but was " + limit);
		return new FindQuery(this.filter, this.sort, this.projection, this.skip, limit, this.hint, this.collation,
				this.maxTime, this.batchSize);
	}

	/**
	 * Return a copy that tells the server which index to use, for example
	 * {@code Indexes.ascending("customer")}.
	 * @param hint the index keys
	 * @return the new query
	 */
	public FindQuery hint(Bson hint) {
		Assert.notNull(hint, "'hint' must not be null");
		return new FindQuery(this.filter, this.sort, this.projection, this.skip, this.limit, hint, this.collation,
				this.maxTime, this.batchSize);
	}

	/**
	 * Return a copy that compares strings with the given collation.
	 * @param collation the collation
	 * @return the new query
	 */
	public FindQuery collation(Collation collation) {
		Assert.notNull(collation, "'collation' must not be null");
		return new FindQuery(this.filter, this.sort, this.projection, this.skip, this.limit, this.hint, collation,
				this.maxTime, this.batchSize);
	}

	/**
	 * Return a copy that the server stops after {@code maxTime} ({@code maxTimeMS}); the
	 * operation then fails with {@link org.springframework.dao.QueryTimeoutException}.
	 * @param maxTime the maximum execution time, positive
	 * @return the new query
	 */
	public FindQuery maxTime(Duration maxTime) {
		Assert.isTrue(maxTime != null && !maxTime.isNegative() && !maxTime.isZero(),
				() -> "'maxTime' must be positive, but was " + maxTime);
		return new FindQuery(this.filter, this.sort, this.projection, this.skip, this.limit, this.hint, this.collation,
				maxTime, this.batchSize);
	}

	/**
	 * Return a copy that fetches documents from the server in batches of this size.
	 * @param batchSize the batch size, zero for the server's default
	 * @return the new query
	 */
	public FindQuery batchSize(int batchSize) {
		Assert.isTrue(batchSize >= 0, () -> "'batchSize' must be zero (server default) or more, but was " + batchSize);
		return new FindQuery(this.filter, this.sort, this.projection, this.skip, this.limit, this.hint, this.collation,
				this.maxTime, batchSize);
	}

	/**
	 * Return the filter.
	 * @return the filter
	 */
	public Bson getFilter() {
		return this.filter;
	}

	/**
	 * Return the sort.
	 * @return the sort, or {@code null}
	 */
	public @Nullable Bson getSort() {
		return this.sort;
	}

	/**
	 * Return the number of documents to skip.
	 * @return the skip
	 */
	public int getSkip() {
		return this.skip;
	}

	/**
	 * Return the maximum number of documents.
	 * @return the limit, zero for none
	 */
	public int getLimit() {
		return this.limit;
	}

	<R> FindIterable<R> applyTo(FindIterable<R> find) {
		if (this.sort != null) {
			find.sort(this.sort);
		}
		if (this.projection != null) {
			find.projection(this.projection);
		}
		if (this.skip > 0) {
			find.skip(this.skip);
		}
		if (this.limit > 0) {
			find.limit(this.limit);
		}
		if (this.hint != null) {
			find.hint(this.hint);
		}
		if (this.collation != null) {
			find.collation(this.collation);
		}
		if (this.maxTime != null) {
			find.maxTime(this.maxTime.toMillis(), TimeUnit.MILLISECONDS);
		}
		if (this.batchSize > 0) {
			find.batchSize(this.batchSize);
		}
		return find;
	}

	@Override
	public String toString() {
		return "FindQuery[filter=" + this.filter + ", sort=" + this.sort + ", skip=" + this.skip + ", limit="
				+ this.limit + "]";
	}

}
