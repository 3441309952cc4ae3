package io.connectplatform.mongodb.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an index over one or more fields on an entity type, for example
 * {@code @CollectionIndex(keys = "{\"customer\": 1, \"createdAt\": -1}")}. Created like
 * {@link IndexedField} indexes.
 *
 * @author Connect MongoDB team
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(CollectionIndexes.class)
public @interface CollectionIndex {

	/**
	 * The index keys as JSON, in order, with {@code 1}, {@code -1} or an index type such as
	 * {@code "hashed"}.
	 * @return the index keys
	 */
	String keys();

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
	 * A partial filter expression as JSON; empty means none.
	 * @return the partial filter expression
	 */
	String partialFilter() default "";

}
