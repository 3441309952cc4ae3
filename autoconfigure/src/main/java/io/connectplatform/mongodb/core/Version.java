package io.connectplatform.mongodb.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the numeric ({@code int}, {@code long}, {@code Integer} or {@code Long}) property that
 * carries an entity's version for optimistic locking. {@code save} and {@code replace} write
 * only when the stored version equals the entity's, and store the version plus one; a stale
 * write throws {@link org.springframework.dao.OptimisticLockingFailureException}.
 *
 * @author Connect MongoDB team
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT })
public @interface Version {

}
