package io.connectplatform.mongodb.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Container for repeated {@link CollectionIndex} annotations.
 *
 * @author Connect MongoDB team
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CollectionIndexes {

	/**
	 * The compound indexes.
	 * @return the compound indexes
	 */
	CollectionIndex[] value();

}
