package io.connectplatform.mongodb.core.validation;

import java.util.List;

import org.bson.BsonDocument;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * Checks the stages of an aggregation or update pipeline: each must have exactly one key,
 * its operator; {@code $out} and {@code $merge} may only come last; and, if asked, no
 * stage may use server-side JavaScript.
 *
 * @author Connect MongoDB team
 */
final class PipelineStages {

	private PipelineStages() {
	}

	/**
	 * Check the stages of a pipeline, rendering each once.
	 * @param kind what the pipeline is, such as {@code Pipeline}, for messages
	 * @param collection the collection, for messages
	 * @param pipeline the stages
	 * @param registry the registry to render the stages with
	 * @param checkJavascript whether to reject server-side JavaScript
	 * @return the first rejection, or {@code null} if the pipeline is valid
	 */
	static @Nullable Rejection check(String kind, String collection, List<? extends Bson> pipeline,
			CodecRegistry registry, boolean checkJavascript) {
		int last = pipeline.size() - 1;
		int index = 0;
		for (@Nullable Bson stage : pipeline) {
			if (stage == null) {
				return new Rejection(ValidationRule.PIPELINE_STAGE,
						subject(kind, index, null, collection) + " is null; remove it");
			}
			BsonDocument rendered = stage.toBsonDocument(BsonDocument.class, registry);
			String operator = (rendered.size() == 1) ? rendered.getFirstKey() : null;
			if (operator == null || operator.length() < 2 || operator.charAt(0) != '$') {
				return new Rejection(ValidationRule.PIPELINE_STAGE, subject(kind, index, null, collection)
						+ " has keys " + Messages.quote(String.join(", ", rendered.keySet()))
						+ "; a stage must have exactly one key, its operator such as $match:"
						+ " put each operator in a stage of its own");
			}
			if (index != last && (operator.equals("$out") || operator.equals("$merge"))) {
				return new Rejection(ValidationRule.PIPELINE_STAGE,
						subject(kind, index, operator, collection) + " is not the last of " + pipeline.size()
								+ " stages; " + operator + " writes the results and must be the last stage:"
								+ " move it to the end");
			}
			if (checkJavascript) {
				String javascript = JavascriptOperators.find(rendered);
				if (javascript != null) {
					return JavascriptOperators.rejection(subject(kind, index, operator, null), collection, javascript);
				}
			}
			index++;
		}
		return null;
	}

	private static String subject(String kind, int index, @Nullable String operator, @Nullable String collection) {
		return kind + " stage " + index + ((operator != null) ? " (" + operator + ")" : "")
				+ ((collection != null) ? " for collection " + Messages.quote(collection) : "");
	}

}
