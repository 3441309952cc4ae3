package io.connectplatform.mongodb.core;

import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.springframework.data.domain.Sort;
import org.springframework.util.Assert;

/**
 * Driver sort documents from Spring Data {@link Sort}s. A sort's property names often come
 * from user input ({@code ?sort=name,asc} bound to a {@code Pageable}), so each is checked
 * as a field path, as {@link SafeFilters} checks field names: no empty segment, no segment
 * that starts with {@code $}, no NUL character.
 *
 * @author Connect MongoDB team
 */
public final class SafeSorts {

	private SafeSorts() {
	}

	/**
	 * Return the driver sort document of a sort: {@code {property: 1 or -1, …}} in the sort's
	 * order, empty when the sort is unsorted.
	 * @param sort the sort
	 * @return the sort document
	 * @throws IllegalArgumentException if a property is not a field path, ignores case, or
	 * asks for a null handling other than the server's own
	 */
	public static BsonDocument of(Sort sort) {
		Assert.notNull(sort, "'sort' must not be null");
		BsonDocument document = new BsonDocument();
		for (Sort.Order order : sort) {
			String property = order.getProperty();
			checkProperty(property);
			if (order.isIgnoreCase()) {
				throw new IllegalArgumentException("'sort' property '" + property
						+ "' cannot ignore case: MongoDB sorts case-insensitively only with a collation");
			}
			if (order.getNullHandling() != Sort.NullHandling.NATIVE) {
				throw new IllegalArgumentException("'sort' property '" + property + "' asks for "
						+ order.getNullHandling() + ", but MongoDB sorts nulls first ascending and last descending");
			}
			if (document.containsKey(property)) {
				throw new IllegalArgumentException("'sort' names property '" + property + "' twice");
			}
			document.append(property, new BsonInt32(order.isAscending() ? 1 : -1));
		}
		return document;
	}

	private static void checkProperty(String property) {
		try {
			SafeFilters.checkField(property);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("'sort' property '" + property.replace("\0", "\\0")
					+ "' is not a field path: segments must not be empty or start with '$', and it must not"
					+ " contain a NUL character", ex);
		}
	}

}
