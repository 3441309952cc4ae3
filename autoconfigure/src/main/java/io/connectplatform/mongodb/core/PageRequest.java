package io.connectplatform.mongodb.core;

import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * A request for one page of results by offset: the zero-based page number, the page size and
 * an optional sort. Deep pages cost the server a skip over every earlier document; prefer
 * {@link CollectionOperations#scroll keyset scrolling} for large collections.
 *
 * @param page the zero-based page number
 * @param size the page size, 1 or more
 * @param sort the sort, or {@code null} for natural order (which is not stable across pages)
 * @author Connect MongoDB team
 */
public record PageRequest(int page, int size, @Nullable Bson sort) {

	/**
	 * Create a page request, checking its arguments.
	 * @param page the zero-based page number
	 * @param size the page size
	 * @param sort the sort
	 */
	public PageRequest {
		Assert.isTrue(page >= 0, () -> "'page' must be zero or more, but was " + page);
		Assert.isTrue(size >= 1, () -> "'size' must be 1 or more, but was " + size);
		Assert.isTrue((long) page * size <= Integer.MAX_VALUE,
				() -> "'page' * 'size' must not exceed " + Integer.MAX_VALUE + ", but page was " + page + " and size "
						+ size);
	}

	/**
	 * Create an unsorted page request.
	 * @param page the zero-based page number
	 * @param size the page size
	 * @return the page request
	 */
	public static PageRequest of(int page, int size) {
		return new PageRequest(page, size, null);
	}

	/**
	 * Create a sorted page request.
	 * @param page the zero-based page number
	 * @param size the page size
	 * @param sort the sort
	 * @return the page request
	 */
	public static PageRequest of(int page, int size, Bson sort) {
		return new PageRequest(page, size, sort);
	}

	/**
	 * Return the request for the next page.
	 * @return the next page request
	 */
	public PageRequest next() {
		return new PageRequest(this.page + 1, this.size, this.sort);
	}

	/**
	 * Return the number of documents before this page.
	 * @return the offset
	 */
	public int offset() {
		return this.page * this.size;
	}

}
