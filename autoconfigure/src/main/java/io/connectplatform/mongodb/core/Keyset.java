package io.connectplatform.mongodb.core;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.model.Filters;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * The sort of a keyset scroll, with {@code _id} appended as the tie-breaker, and the filters
 * that continue after a position.
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

	static Keyset of(Bson sort, CodecRegistry registry) {
		BsonDocument rendered = sort.toBsonDocument(BsonDocument.class, registry);
		List<String> fields = new ArrayList<>();
		List<Integer> directions = new ArrayList<>();
		BsonDocument normalized = new BsonDocument();
		rendered.forEach((field, value) -> {
			double number = value.isNumber() ? value.asNumber().doubleValue() : 0;
			int direction = (number == 1 || number == -1) ? (int) number : 0;
			if (direction != 1 && direction != -1) {
				throw new IllegalArgumentException("'sort' of a keyset scroll may only hold ascending (1) or descending"
						+ " (-1) fields, but '" + field + "' is " + value);
			}
			fields.add(field);
			directions.add(direction);
			normalized.append(field, new BsonInt32(direction));
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

	Bson filter(Bson filter, @Nullable ScrollPosition after) {
		if (after == null) {
			return filter;
		}
		BsonDocument keys = after.keys();
		// The same fields in the same order and directions: BsonDocument.equals ignores the order
		if (!new ArrayList<>(after.sort().entrySet()).equals(new ArrayList<>(this.sort.entrySet()))) {
			throw new IllegalArgumentException("'after' was taken with the sort " + after.sort().toJson()
					+ " but this scroll sorts by " + this.sort.toJson() + "; use the same sort to continue");
		}
		List<BsonValue> alternatives = new ArrayList<>(this.fields.size());
		for (int i = 0; i < this.fields.size(); i++) {
			BsonDocument alternative = new BsonDocument();
			for (int j = 0; j < i; j++) {
				alternative.append(this.fields.get(j), new BsonDocument("$eq", keys.get(this.fields.get(j))));
			}
			String operator = (this.directions.get(i) > 0) ? "$gt" : "$lt";
			alternative.append(this.fields.get(i), new BsonDocument(operator, keys.get(this.fields.get(i))));
			alternatives.add(alternative);
		}
		return Filters.and(filter, new BsonDocument("$or", new BsonArray(alternatives)));
	}

	ScrollPosition positionOf(RawBsonDocument last, String collection) {
		BsonDocument keys = new BsonDocument();
		for (String field : this.fields) {
			BsonValue value = valueAt(last, field);
			if (value == null || value.isNull()) {
				throw new InvalidDataAccessApiUsageException("Cannot scroll '" + collection + "' by '" + field
						+ "': the document with _id " + last.get(ID) + " has no value there. Keyset scrolling needs"
						+ " sort fields that every matching document has, and that are not null.");
			}
			keys.append(field, value);
		}
		return new ScrollPosition(keys, this.sort.clone());
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
