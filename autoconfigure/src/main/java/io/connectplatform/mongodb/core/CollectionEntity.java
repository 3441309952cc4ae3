package io.connectplatform.mongodb.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record or POJO as stored in a MongoDB collection. Annotated types under the
 * application's auto-configuration packages get an injectable {@code CollectionTemplate<T>}
 * and {@code CollectionRepository<T, ID>}.
 *
 * @author Connect MongoDB team
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CollectionEntity {

	/**
	 * The collection name. Empty means the decapitalized simple class name ({@code Order} →
	 * {@code order}).
	 * @return the collection name
	 */
	String value() default "";

}
