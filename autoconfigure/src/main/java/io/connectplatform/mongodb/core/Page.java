package io.connectplatform.mongodb.core;

import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One page of results with the total number of matching documents.
 *
 * @param <T> the element type
 * @param content the elements of this page
 * @param page the zero-based page number
 * @param size the requested page size
 * @param totalElements the number of documents matching the filter
 * @author Connect MongoDB team
 */
public record Page<T>(List<T> content, int page, int size, long totalElements) {

	/**
	 * Create a page; the content is copied.
	 * @param content the elements of this page
	 * @param page the zero-based page number
	 * @param size the requested page size
	 * @param totalElements the number of documents matching the filter
	 */
	public Page {
		content = List.copyOf(content);
	}

	/**
	 * Create the page of a request, counting the matching documents only when the content
	 * does not tell the total: a short, non-empty page is the last one, and an empty first
	 * page means none match.
	 * @param <T> the element type
	 * @param content the elements of the page
	 * @param request the request the content answers
	 * @param countAll counts every matching document, when needed
	 * @return the page
	 */
	public static <T> Page<T> of(List<T> content, PageRequest request, LongSupplier countAll) {
		long total;
		if (!content.isEmpty() && content.size() < request.size()) {
			total = (long) request.offset() + content.size();
		}
		else if (content.isEmpty() && request.page() == 0) {
			total = 0;
		}
		else {
			total = countAll.getAsLong();
		}
		return new Page<>(content, request.page(), request.size(), total);
	}

	/**
	 * Return the number of pages.
	 * @return the number of pages
	 */
	public long totalPages() {
		return (this.totalElements + this.size - 1) / this.size;
	}

	/**
	 * Return whether a page follows this one.
	 * @return whether there is a next page
	 */
	public boolean hasNext() {
		return (long) (this.page + 1) * this.size < this.totalElements;
	}

	/**
	 * Return whether a page precedes this one.
	 * @return whether there is a previous page
	 */
	public boolean hasPrevious() {
		return this.page > 0;
	}

	/**
	 * Return a page with each element mapped.
	 * @param <R> the new element type
	 * @param mapper the element mapper
	 * @return the mapped page
	 */
	public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
		return new Page<>(this.content.stream().<R>map(mapper).toList(), this.page, this.size, this.totalElements);
	}

}
