package io.connectplatform.mongodb.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import io.connectplatform.mongodb.embedded.ChangeLog.Entry;
import io.connectplatform.mongodb.embedded.ChangeLog.Operation;
import org.jspecify.annotations.Nullable;

/**
 * Turns the {@link ChangeLog}'s entries into change events as MongoDB sends them, for the
 * {@code fullDocument} and {@code fullDocumentBeforeChange} options of one change stream.
 *
 * @author Connect MongoDB team
 */
final class ChangeEvents {

	private static final String DATA = "_data";

	private static final String FROM_INVALIDATE = "_fromInvalidate";

	private final String fullDocument;

	private final String fullDocumentBeforeChange;

	private final Function<Entry, @Nullable Document> lookup;

	private final boolean copyImages;

	/**
	 * Create the conversion of one change stream.
	 * @param fullDocument the stream's {@code fullDocument} option
	 * @param fullDocumentBeforeChange the stream's {@code fullDocumentBeforeChange} option
	 * @param lookup finds the current version of a changed document, or {@code null} if it
	 * is gone
	 * @param copyImages whether events carry copies of the stored images (when a pipeline
	 * may change them)
	 */
	ChangeEvents(String fullDocument, String fullDocumentBeforeChange, Function<Entry, @Nullable Document> lookup,
			boolean copyImages) {
		this.fullDocument = fullDocument;
		this.fullDocumentBeforeChange = fullDocumentBeforeChange;
		this.lookup = lookup;
		this.copyImages = copyImages;
	}

	/**
	 * Return the resume token of a position in the log.
	 * @param time the position
	 * @param fromInvalidate whether the token is that of an invalidate event
	 * @return the token
	 */
	static Document token(BsonTimestamp time, boolean fromInvalidate) {
		Document token = new Document(DATA, String.format("%016x", time.getValue()));
		if (fromInvalidate) {
			token.put(FROM_INVALIDATE, true);
		}
		return token;
	}

	/**
	 * Return the position of a resume token.
	 * @param token the token
	 * @return the position
	 * @throws de.bwaldvogel.mongo.exception.MongoServerError with code 260 if the token is
	 * not one of this server's
	 */
	static BsonTimestamp position(Document token) {
		Object data = token.get(DATA);
		try {
			return new BsonTimestamp(Long.parseUnsignedLong(String.valueOf(data), 16));
		}
		catch (NumberFormatException ex) {
			throw ServerErrors.error(ServerErrors.INVALID_RESUME_TOKEN, "Invalid resume token: " + token);
		}
	}

	static boolean isFromInvalidate(Document token) {
		return Boolean.TRUE.equals(token.get(FROM_INVALIDATE));
	}

	/**
	 * Return the event of an entry.
	 * @param entry the entry
	 * @return the event
	 */
	Document event(Entry entry) {
		Document event = new Document("_id", token(entry.time(), false));
		event.put("operationType", entry.operation().type());
		event.put("clusterTime", entry.time());
		event.put("wallTime", entry.wallTime());
		event.put("ns", new Document("db", entry.database()).append("coll", entry.collection()));
		if (entry.operation() == Operation.DROP) {
			return event;
		}
		event.put("documentKey", new Document("_id", entry.id()));
		switch (entry.operation()) {
			case INSERT, REPLACE -> event.put("fullDocument", image(entry.after()));
			case UPDATE -> {
				event.put("updateDescription", updateDescription(Objects.requireNonNull(entry.before()),
						Objects.requireNonNull(entry.after())));
				fullDocumentOfUpdate(entry, event);
			}
			default -> {
			}
		}
		if (entry.operation() != Operation.INSERT && wants(this.fullDocumentBeforeChange)) {
			event.put("fullDocumentBeforeChange", image(entry.before()));
		}
		if (entry.session() != null) {
			event.put("lsid", entry.session());
			event.put("txnNumber", entry.txnNumber());
		}
		return event;
	}

	/**
	 * Return the invalidate event that follows the drop of a watched collection.
	 * @param drop the drop
	 * @return the event
	 */
	Document invalidate(Entry drop) {
		Document event = new Document("_id", token(drop.time(), true));
		event.put("operationType", "invalidate");
		event.put("clusterTime", drop.time());
		event.put("wallTime", drop.wallTime());
		return event;
	}

	private void fullDocumentOfUpdate(Entry entry, Document event) {
		switch (this.fullDocument) {
			case "updateLookup" -> event.put("fullDocument", this.lookup.apply(entry));
			case "whenAvailable", "required" -> event.put("fullDocument", image(entry.after()));
			default -> {
			}
		}
	}

	private static boolean wants(String option) {
		return "whenAvailable".equals(option) || "required".equals(option);
	}

	private @Nullable Document image(@Nullable Document image) {
		return (image != null && this.copyImages) ? image.cloneDeeply() : image;
	}

	private Document updateDescription(Document before, Document after) {
		Document updatedFields = new Document();
		for (Map.Entry<String, Object> field : after.entrySet()) {
			if (!before.containsKey(field.getKey()) || !Objects.equals(before.get(field.getKey()), field.getValue())) {
				updatedFields.put(field.getKey(), this.copyImages ? copy(field.getValue()) : field.getValue());
			}
		}
		List<String> removedFields = new ArrayList<>();
		for (String field : before.keySet()) {
			if (!after.containsKey(field)) {
				removedFields.add(field);
			}
		}
		return new Document("updatedFields", updatedFields).append("removedFields", removedFields)
			.append("truncatedArrays", List.of());
	}

	private static @Nullable Object copy(@Nullable Object value) {
		return (value instanceof Document document) ? document.cloneDeeply() : value;
	}

}
