package io.connectplatform.mongodb.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a single-field index on a property. Created by
 * {@link CollectionOperations#ensureIndexes()}, and at startup when
 * {@code connect.mongodb.templates.auto-index-creation=true}.
 *
 * @author Connect MongoDB team
 * @see CollectionIndex
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT })
public @interface IndexedField {

	/**
	 * The index name; empty lets the server derive it.
	 * @return the index name
	 */
	String name() default "";

	/**
	 * Whether the index is unique.
	 * @return whether the index is unique
	 */
	boolean unique() default false;

	/**
	 * Whether the index is sparse.
	 * @return whether the index is sparse
	 */
	boolean sparse() default false;

	/**
	 * Whether the index is descending.
	 * @return whether the index is descending
	 */
	boolean descending() default false;

	/**
	 * Seconds after the indexed date at which a document expires (a TTL index); negative
	 * means no expiry.
	 * @return the expiry in seconds, or a negative value
	 */
	long expireAfterSeconds() default -1;

	/**
	 * A partial filter expression as JSON, for example {@code {"status": "ACTIVE"}}; empty
	 * means none.
	 * @return the partial filter expression
	 */
	String partialFilter() default "";

}
