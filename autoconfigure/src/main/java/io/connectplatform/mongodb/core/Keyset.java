package io.connectplatform.mongodb.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.model.Filters;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;

/**
 * The sort of a keyset scroll, with {@code _id} appended as the tie-breaker, the filters
 * that continue after a {@link KeysetScrollPosition}, and the windows with their positions.
 *
 * @author Connect MongoDB team
 */
final class Keyset {

	private static final String ID = "_id";

	private final List<String> fields;

	private final List<Integer> directions;

	private final BsonDocument sort;

	private Keyset(List<String> fields, List<Integer> directions, BsonDocument sort) {
		this.fields = fields;
		this.directions = directions;
		this.sort = sort;
	}

	/**
	 * Return the keyset of a sort, its property names checked by {@link SafeSorts}.
	 */
	static Keyset of(Sort sort) {
		BsonDocument normalized = SafeSorts.of(sort);
		List<String> fields = new ArrayList<>();
		List<Integer> directions = new ArrayList<>();
		normalized.forEach((field, direction) -> {
			fields.add(field);
			directions.add(direction.asInt32().getValue());
		});
		if (!normalized.containsKey(ID)) {
			fields.add(ID);
			directions.add(1);
			normalized.append(ID, new BsonInt32(1));
		}
		return new Keyset(List.copyOf(fields), List.copyOf(directions), normalized);
	}

	BsonDocument sort() {
		return this.sort;
	}

	/**
	 * Return the position to scroll from, refusing what a keyset scroll cannot continue from.
	 */
	static KeysetScrollPosition keysetPosition(ScrollPosition position) {
		if (!(position instanceof KeysetScrollPosition keyset)) {
			throw new IllegalArgumentException("'position' must be a KeysetScrollPosition (start with"
					+ " ScrollPosition.keyset()), but was " + position + "; for offsets use page(filter, pageable)");
		}
		if (keyset.scrollsBackward()) {
			throw new IllegalArgumentException("'position' scrolls backward, which is not supported: scroll forward"
					+ " with the reversed sort instead");
		}
		return keyset;
	}

	Bson filter(Bson filter, KeysetScrollPosition position, CodecRegistry registry) {
		if (position.isInitial()) {
			return filter;
		}
		Map<String, Object> keys = position.getKeys();
		if (!keys.keySet().equals(new HashSet<>(this.fields))) {
			throw new IllegalArgumentException("'position' holds the keys " + keys.keySet()
					+ " but this scroll sorts by " + this.sort.toJson() + "; use the same sort to continue");
		}
		List<BsonValue> alternatives = new ArrayList<>(this.fields.size());
		for (int i = 0; i < this.fields.size(); i++) {
			BsonDocument alternative = new BsonDocument();
			for (int j = 0; j < i; j++) {
				String field = this.fields.get(j);
				alternative.append(field, new BsonDocument("$eq", bson(field, keys.get(field), registry)));
			}
			String field = this.fields.get(i);
			String operator = (this.directions.get(i) > 0) ? "$gt" : "$lt";
			alternative.append(field, new BsonDocument(operator, bson(field, keys.get(field), registry)));
			alternatives.add(alternative);
		}
		return Filters.and(filter, new BsonDocument("$or", new BsonArray(alternatives)));
	}

	private static BsonValue bson(String field, @Nullable Object value, CodecRegistry registry) {
		if (value instanceof BsonValue bson) {
			return bson;
		}
		if (value == null) {
			throw new IllegalArgumentException("'position' has no value for '" + field + "'");
		}
		return new Document("v", value).toBsonDocument(BsonDocument.class, registry).get("v");
	}

	/**
	 * Return the window of up to {@code limit} documents, fetched with one more to tell whether
	 * more follow; each element's position holds its sort keys.
	 */
	<T> Window<T> window(List<RawBsonDocument> documents, int limit, Codec<T> codec, String collection) {
		int count = Math.min(limit, documents.size());
		List<T> content = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			content.add(documents.get(i).decode(codec));
		}
		List<RawBsonDocument> window = List.copyOf(documents.subList(0, count));
		boolean hasNext = documents.size() > limit;
		// The position to continue from is checked now: a scroll that cannot go on fails here
		KeysetScrollPosition last = hasNext ? positionOf(window.get(count - 1), collection) : null;
		return Window.from(content,
				(index) -> (index == count - 1 && last != null) ? last : positionOf(window.get(index), collection),
				hasNext);
	}

	KeysetScrollPosition positionOf(RawBsonDocument document, String collection) {
		Map<String, BsonValue> keys = new LinkedHashMap<>();
		for (String field : this.fields) {
			BsonValue value = valueAt(document, field);
			if (value == null || value.isNull()) {
				throw new InvalidDataAccessApiUsageException("Cannot scroll '" + collection + "' by '" + field
						+ "': the document with _id " + document.get(ID) + " has no value there. Keyset scrolling needs"
						+ " sort fields that every matching document has, and that are not null.");
			}
			keys.put(field, value);
		}
		return ScrollPosition.forward(keys);
	}

	private static @Nullable BsonValue valueAt(BsonDocument document, String path) {
		BsonValue current = document;
		for (String part : path.split("\\.")) {
			if (!current.isDocument()) {
				return null;
			}
			current = current.asDocument().get(part);
			if (current == null) {
				return null;
			}
		}
		return current;
	}

}
