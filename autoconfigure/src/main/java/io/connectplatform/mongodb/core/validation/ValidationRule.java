package io.connectplatform.mongodb.core.validation;

/**
 * The rules a {@link MongoValidator} enforces. Each names, in its {@link #tagValue()}, the
 * metric tag under which rejections are counted.
 *
 * @author Connect MongoDB team
 */
public enum ValidationRule {

	/**
	 * An encoded document must not be larger than the document size limit.
	 */
	DOCUMENT_SIZE("document-size"),

	/**
	 * A document must not nest sub-documents and arrays deeper than the nesting limit.
	 */
	NESTING_DEPTH("nesting-depth"),

	/**
	 * A field name must not be empty, start with {@code $} (except the {@code $ref},
	 * {@code $id} and {@code $db} fields of a DBRef) or contain a NUL character.
	 */
	FIELD_NAME("field-name"),

	/**
	 * A collection name must not be empty, contain {@code $} or NUL, or start with
	 * {@code system.}.
	 */
	COLLECTION_NAME("collection-name"),

	/**
	 * Each aggregation stage must have exactly one key, its operator, and {@code $out} or
	 * {@code $merge} may only be the last stage.
	 */
	PIPELINE_STAGE("pipeline-stage"),

	/**
	 * Filters, updates and pipelines must not run JavaScript on the server
	 * ({@code $where}, {@code $function}, {@code $accumulator}) unless allowed.
	 */
	SERVER_SIDE_JAVASCRIPT("server-side-javascript");

	private final String tagValue;

	ValidationRule(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the kebab-case name of the rule, for use as a metric tag.
	 * @return the tag value, such as {@code document-size}
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
