package io.connectplatform.mongodb.core;

import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.springframework.data.domain.Pageable;
import org.springframework.util.Assert;

/**
 * The {@link FindQuery} of one page of a {@link Pageable}: its skip, limit and sort (checked by
 * {@link SafeSorts}). An unpaged {@code Pageable} asks for every matching document.
 *
 * @author Connect MongoDB team
 */
final class PageQueries {

	private PageQueries() {
	}

	static FindQuery of(Bson filter, Pageable pageable) {
		Assert.notNull(filter, "'filter' must not be null");
		Assert.notNull(pageable, "'pageable' must not be null");
		FindQuery query = FindQuery.where(filter);
		if (pageable.isPaged()) {
			long offset = pageable.getOffset();
			Assert.isTrue(offset <= Integer.MAX_VALUE, () -> "'pageable' must not skip more than "
					+ Integer.MAX_VALUE + " documents, but page " + pageable.getPageNumber() + " of size "
					+ pageable.getPageSize() + " skips " + offset);
			query = query.skip((int) offset).limit(pageable.getPageSize());
		}
		BsonDocument sort = SafeSorts.of(pageable.getSort());
		return sort.isEmpty() ? query : query.sort(sort);
	}

}
