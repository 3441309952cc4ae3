package io.connectplatform.mongodb.core.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * A problem found by {@link DocumentStructure}: which rule, how deep and where. Thrown
 * while walking so that each enclosing level can add its field name or array index to the
 * path; created only when a document is rejected, and without a stack trace.
 *
 * @author Connect MongoDB team
 */
final class StructureViolation extends RuntimeException {

	private final ValidationRule rule;

	private final int depth;

	private final List<String> reversedPath = new ArrayList<>();

	/**
	 * Create a violation.
	 * @param rule {@link ValidationRule#FIELD_NAME} or
	 * {@link ValidationRule#NESTING_DEPTH}
	 * @param depth the level of the offending field's document, or the level the offending
	 * sub-document or array would have
	 */
	StructureViolation(ValidationRule rule, int depth) {
		super(null, null, false, false);
		this.rule = rule;
		this.depth = depth;
	}

	/**
	 * Add the name or index of an enclosing field, innermost first.
	 * @param segment the field name or array index
	 * @return this violation
	 */
	StructureViolation at(String segment) {
		this.reversedPath.add(segment);
		return this;
	}

	/**
	 * Describe this violation.
	 * @param subject the document, as {@link Messages#document} describes it
	 * @param maxNestingDepth the nesting limit
	 * @return the rejection
	 */
	Rejection toRejection(String subject, int maxNestingDepth) {
		if (this.rule == ValidationRule.NESTING_DEPTH) {
			return new Rejection(this.rule, subject + " nests deeper than " + maxNestingDepth + " levels: field "
					+ Messages.quote(getPath(true)) + " holds level " + this.depth
					+ " (the document itself is level 1); flatten the document or raise " + Messages.PROPERTY_PREFIX
					+ "max-nesting-depth");
		}
		if (getName().isEmpty()) {
			String parent = getPath(false);
			return new Rejection(this.rule, subject + " has a field with an empty name "
					+ (parent.isEmpty() ? "at the top level" : "in " + Messages.quote(parent))
					+ "; give every field a name");
		}
		return new Rejection(this.rule, subject + " has field " + Messages.quote(getPath(true))
				+ " whose name starts with '$', which MongoDB reserves for operators; rename the field");
	}

	/**
	 * Return the name of the offending field itself.
	 * @return the last segment of the path
	 */
	String getName() {
		return this.reversedPath.isEmpty() ? "" : this.reversedPath.get(0);
	}

	/**
	 * Return the dotted path of the offending field, such as {@code items.2.$price}.
	 * @param withName whether to include the offending field itself or only its parent
	 * @return the path, empty for a field of the top-level document without its name
	 */
	String getPath(boolean withName) {
		StringBuilder path = new StringBuilder();
		int last = withName ? 0 : 1;
		for (int i = this.reversedPath.size() - 1; i >= last; i--) {
			if (!path.isEmpty()) {
				path.append('.');
			}
			path.append(this.reversedPath.get(i));
		}
		return path.toString();
	}

}
