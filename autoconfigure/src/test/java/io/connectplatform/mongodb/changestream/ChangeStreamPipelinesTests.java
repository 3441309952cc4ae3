package io.connectplatform.mongodb.changestream;

import java.util.List;

import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.changestream.OperationType;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ChangeStreamPipelines} and how {@link ChangeListenerDefinition} puts
 * the operation filter in front of the pipeline.
 *
 * @author Connect MongoDB team
 */
class ChangeStreamPipelinesTests {

	private static final ChangeListener<Document> NOTHING = (event) -> {
	};

	@Test
	void oneStageIsParsedIntoAListOfOne() {
		assertThat(ChangeStreamPipelines.parse("  { $match: { 'fullDocument.quantity': { $gte: 10 } } }\n"))
			.containsExactly(BsonDocument.parse("{ $match: { 'fullDocument.quantity': { $gte: 10 } } }"));
	}

	@Test
	void anArrayIsParsedIntoItsStagesInOrder() {
		assertThat(ChangeStreamPipelines
			.parse("[ { $match: { operationType: 'insert' } }, { $project: { fullDocument: 1 } } ]"))
			.containsExactly(BsonDocument.parse("{ $match: { operationType: 'insert' } }"),
					BsonDocument.parse("{ $project: { fullDocument: 1 } }"));
	}

	@Test
	void aBlankPipelineHasNoStages() {
		assertThat(ChangeStreamPipelines.parse("")).isEmpty();
		assertThat(ChangeStreamPipelines.parse(" \n\t ")).isEmpty();
		assertThat(ChangeStreamPipelines.parse("[]")).isEmpty();
	}

	@Test
	void everyAllowedStageIsAccepted() {
		assertThat(ChangeStreamPipelines.ALLOWED_STAGES).containsExactlyInAnyOrder("$match", "$project", "$addFields",
				"$set", "$unset", "$replaceRoot", "$replaceWith", "$redact");
		for (String stage : ChangeStreamPipelines.ALLOWED_STAGES) {
			assertThat(ChangeStreamPipelines.parse("{ '" + stage + "': {} }")).hasSize(1);
		}
	}

	@Test
	void jsonThatCannotBeParsedIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> ChangeStreamPipelines.parse("{ $match: { a: 1 }"))
			.withMessageStartingWith("it is not valid JSON (")
			.withCauseInstanceOf(org.bson.json.JsonParseException.class);
		assertThatIllegalArgumentException().isThrownBy(() -> ChangeStreamPipelines.parse("[ { $match: {} }"))
			.withMessageStartingWith("it is not valid JSON (");
	}

	/**
	 * Stages listed without the brackets of an array must not lose all but the first.
	 */
	@Test
	void contentAfterTheStageOrTheArrayIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChangeStreamPipelines.parse("{ $match: { a: 1 } }, { $project: { a: 1 } }"))
			.withMessageStartingWith("it is not valid JSON (");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChangeStreamPipelines.parse("[ { $match: { a: 1 } } ] [ { $out: 'copy' } ]"))
			.withMessageStartingWith("it is not valid JSON (");
		assertThatIllegalArgumentException().isThrownBy(() -> ChangeStreamPipelines.parse("{ $match: { a: 1 } } }"))
			.withMessageStartingWith("it is not valid JSON (");
	}

	@Test
	void aValueThatIsNotADocumentIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> ChangeStreamPipelines.parse("42"))
			.withMessageStartingWith("it is not valid JSON (")
			.withMessageContaining("INT32");
		assertThatIllegalArgumentException().isThrownBy(() -> ChangeStreamPipelines.parse("'$match'"))
			.withMessageStartingWith("it is not valid JSON (")
			.withMessageContaining("STRING");
	}

	@Test
	void anArrayElementThatIsNotADocumentIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChangeStreamPipelines.parse("[ { $match: {} }, 'oops' ]"))
			.withMessage("every element of the array must be a stage document, but STRING was found");
	}

	@Test
	void aStageWithoutExactlyOneOperatorIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChangeStreamPipelines.parse("{ $match: { a: 1 }, $project: { a: 1 } }"))
			.withMessageStartingWith("a stage must have exactly one operator")
			.withMessageEndingWith(" has 2");
		assertThatIllegalArgumentException().isThrownBy(() -> ChangeStreamPipelines.parse("[ {} ]"))
			.withMessageStartingWith("a stage must have exactly one operator")
			.withMessageEndingWith(" has 0");
	}

	@Test
	void aStageThatIsNotAllowedInAChangeStreamIsRejectedByName() {
		for (String stage : List.of("$lookup", "$group", "$out", "$merge", "$sort", "$changeStream")) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> ChangeStreamPipelines.parse("[ { $match: {} }, { '" + stage + "': {} } ]"))
				.withMessage("stage '" + stage + "' is not allowed in a change stream; use $addFields, $match, "
						+ "$project, $redact, $replaceRoot, $replaceWith, $set, $unset");
		}
	}

	@Test
	void stagesGivenAsBsonAreCheckedToo() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChangeListenerDefinition.builder("audit", Document.class, NOTHING)
				.collection("orders")
				.pipeline(List.of(Aggregates.match(Filters.eq("operationType", "insert")),
						Aggregates.group("$ns.coll")))
				.build())
			.withMessageStartingWith("stage '$group' is not allowed");
	}

	@Test
	void theOperationFilterKeepsTheGivenOperations() {
		assertThat(ChangeStreamPipelines.operationFilter(List.of(OperationType.INSERT, OperationType.REPLACE)))
			.isEqualTo(BsonDocument.parse("{ $match: { operationType: { $in: ['insert', 'replace'] } } }"));
	}

	@Test
	void theOperationFilterComesFirstThenThePipeline() {
		ChangeListenerDefinition<Document> definition = ChangeListenerDefinition
			.builder("orders", Document.class, NOTHING)
			.collection("orders")
			.operations(OperationType.UPDATE, OperationType.INSERT)
			.pipeline("{ $match: { 'fullDocument.total': { $gt: 100 } } }")
			.pipeline("[ { $project: { fullDocument: 1 } } ]")
			.build();
		assertThat(definition.getPipeline()).containsExactly(
				BsonDocument.parse("{ $match: { operationType: { $in: ['insert', 'update'] } } }"),
				BsonDocument.parse("{ $match: { 'fullDocument.total': { $gt: 100 } } }"),
				BsonDocument.parse("{ $project: { fullDocument: 1 } }"));
	}

	@Test
	void withoutOperationsThePipelineIsSentAsGiven() {
		ChangeListenerDefinition<Document> definition = ChangeListenerDefinition
			.builder("orders", Document.class, NOTHING)
			.collection("orders")
			.pipeline("{ $match: { 'fullDocument.total': { $gt: 100 } } }")
			.build();
		assertThat(definition.getOperations()).isEmpty();
		assertThat(definition.getPipeline())
			.containsExactly(BsonDocument.parse("{ $match: { 'fullDocument.total': { $gt: 100 } } }"));
		assertThat(ChangeListenerDefinition.builder("all", Document.class, NOTHING).collection("orders").build()
			.getPipeline()).isEmpty();
	}

}
