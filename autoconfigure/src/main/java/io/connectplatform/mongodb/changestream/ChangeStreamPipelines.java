package io.connectplatform.mongodb.changestream;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import com.mongodb.client.model.changestream.OperationType;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.codecs.BsonArrayCodec;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.bson.json.JsonParseException;
import org.bson.json.JsonReader;

/**
 * Parses and checks the pipelines of change-stream listeners.
 *
 * @author Connect MongoDB team
 */
final class ChangeStreamPipelines {

	/**
	 * The stages MongoDB allows in a change stream's pipeline.
	 */
	static final Set<String> ALLOWED_STAGES = Set.of("$match", "$project", "$addFields", "$set", "$unset",
			"$replaceRoot", "$replaceWith", "$redact");

	private ChangeStreamPipelines() {
	}

	/**
	 * Parse a pipeline written as JSON: one stage, or an array of stages.
	 * @param json the JSON
	 * @return the stages
	 * @throws IllegalArgumentException if the JSON is not valid or a stage is not allowed
	 */
	static List<BsonDocument> parse(String json) {
		String trimmed = json.strip();
		if (trimmed.isEmpty()) {
			return List.of();
		}
		List<BsonDocument> stages = new ArrayList<>();
		try (JsonReader reader = new JsonReader(trimmed)) {
			if (trimmed.startsWith("[")) {
				for (BsonValue value : new BsonArrayCodec().decode(reader, DecoderContext.builder().build())) {
					if (!value.isDocument()) {
						throw new IllegalArgumentException("every element of the array must be a stage document, but "
								+ value.getBsonType() + " was found");
					}
					stages.add(value.asDocument());
				}
			}
			else {
				stages.add(new BsonDocumentCodec().decode(reader, DecoderContext.builder().build()));
			}
			// BsonDocument.parse and BsonArray.parse ignore what follows the first value, so
			// that "{ $match: ... }, { $project: ... }" would silently lose its second stage
			if (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
				throw new JsonParseException("unexpected " + reader.getCurrentBsonType() + " after the "
						+ (trimmed.startsWith("[") ? "array" : "stage") + "; list several stages in an array");
			}
		}
		catch (JsonParseException | org.bson.BsonInvalidOperationException ex) {
			throw new IllegalArgumentException("it is not valid JSON (" + ex.getMessage() + ")", ex);
		}
		check(stages);
		return stages;
	}

	/**
	 * Check that every stage has one allowed operator.
	 * @param stages the stages
	 * @throws IllegalArgumentException if a stage is not allowed
	 */
	static void check(List<BsonDocument> stages) {
		for (BsonDocument stage : stages) {
			if (stage.size() != 1) {
				throw new IllegalArgumentException("a stage must have exactly one operator, such as "
						+ "{ $match: { ... } }, but " + stage.toJson() + " has " + stage.size());
			}
			String operator = stage.getFirstKey();
			if (!ALLOWED_STAGES.contains(operator)) {
				throw new IllegalArgumentException("stage '" + operator + "' is not allowed in a change stream; use "
						+ String.join(", ", ALLOWED_STAGES.stream().sorted().toList()));
			}
		}
	}

	/**
	 * Return the {@code $match} stage that keeps the given operations.
	 * @param operations the operations, not empty
	 * @return the stage
	 */
	static BsonDocument operationFilter(Collection<OperationType> operations) {
		BsonArray values = new BsonArray();
		operations.forEach((operation) -> values.add(new BsonString(operation.getValue())));
		return new BsonDocument("$match",
				new BsonDocument("operationType", new BsonDocument("$in", values)));
	}

}
