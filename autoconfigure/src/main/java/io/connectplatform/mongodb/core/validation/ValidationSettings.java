package io.connectplatform.mongodb.core.validation;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link MongoValidator} checks.
 *
 * @param enabled whether documents, filters, updates and pipelines are checked at all
 * (collection names are always checked)
 * @param maxNestingDepth how deep a document may nest, counting the top-level document as
 * level 1 and each sub-document or array as one more level; at least 1
 * @param allowServerSideJavascript whether {@code $where}, {@code $function} and
 * {@code $accumulator} are allowed
 * @param maxDocumentSize the largest encoded document, in bytes, at least 1; {@code null}
 * to use the server's limit
 * @author Connect MongoDB team
 */
public record ValidationSettings(boolean enabled, int maxNestingDepth, boolean allowServerSideJavascript,
		@Nullable Integer maxDocumentSize) {

	/**
	 * The default nesting limit, MongoDB's own.
	 */
	static final int DEFAULT_MAX_NESTING_DEPTH = 100;

	/**
	 * Create new settings.
	 * @throws IllegalArgumentException if {@code maxNestingDepth} or
	 * {@code maxDocumentSize} is less than 1
	 */
	public ValidationSettings {
		if (maxNestingDepth < 1) {
			throw new IllegalArgumentException("'maxNestingDepth' must be at least 1, but was " + maxNestingDepth);
		}
		if (maxDocumentSize != null && maxDocumentSize < 1) {
			throw new IllegalArgumentException("'maxDocumentSize' must be at least 1, but was " + maxDocumentSize);
		}
	}

	/**
	 * Return the default settings: enabled, a nesting limit of 100, no server-side
	 * JavaScript and the server's document size limit.
	 * @return the default settings
	 */
	public static ValidationSettings defaults() {
		return new ValidationSettings(true, DEFAULT_MAX_NESTING_DEPTH, false, null);
	}

}
