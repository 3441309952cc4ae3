package io.connectplatform.mongodb.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;

/**
 * The items the paging and scrolling tests list: {@code item00}, {@code item01}, … with a
 * rank and a category ({@code even} or {@code odd}).
 *
 * @author Connect MongoDB team
 */
final class RankedItems {

	private RankedItems() {
	}

	/**
	 * Insert items ranked by their number.
	 * @param items the template
	 * @param count how many
	 * @return the inserted items, in order
	 */
	static List<Item> insert(CollectionTemplate<Item> items, int count) {
		return insert(items, count, (i) -> i);
	}

	/**
	 * Insert items with a rank of their number's choosing.
	 * @param items the template
	 * @param count how many
	 * @param rank the rank of item {@code i}
	 * @return the inserted items, in order
	 */
	static List<Item> insert(CollectionTemplate<Item> items, int count, IntUnaryOperator rank) {
		List<Item> created = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			created.add(new Item(null, String.format("item%02d", i), rank.applyAsInt(i), (i % 2 == 0) ? "even" : "odd"));
		}
		return items.insertAll(created);
	}

	public record Item(@BsonId ObjectId id, String name, Integer rank, String category) {
	}

}
