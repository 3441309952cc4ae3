package io.connectplatform.mongodb.aot;

import org.bson.conversions.Bson;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.util.Assert;

/**
 * Registers the reflection an entity type needs to be mapped by the driver's record and POJO
 * codecs and by the library's own entity metadata: the declared constructors, methods and
 * fields of the type and of its superclasses, and, through Spring's {@link BindingReflectionHintsRegistrar}, the types of its
 * properties and record components. {@code Document}-like types ({@link Bson}) and JDK types
 * need nothing and are left out.
 *
 * @author Connect MongoDB team
 */
public final class EntityReflectionHints {

	private static final BindingReflectionHintsRegistrar BINDING = new BindingReflectionHintsRegistrar();

	private EntityReflectionHints() {
	}

	/**
	 * Register the reflection hints of an entity type.
	 * @param hints the reflection hints to add to
	 * @param entityType the entity type
	 */
	public static void register(ReflectionHints hints, Class<?> entityType) {
		Assert.notNull(hints, "'hints' must not be null");
		Assert.notNull(entityType, "'entityType' must not be null");
		if (!isEntity(entityType)) {
			return;
		}
		BINDING.registerReflectionHints(hints, entityType);
		for (Class<?> type = entityType; type != null && isEntity(type); type = type.getSuperclass()) {
			hints.registerType(type, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.INVOKE_DECLARED_METHODS,
					MemberCategory.ACCESS_DECLARED_FIELDS);
		}
	}

	private static boolean isEntity(Class<?> type) {
		return !type.isPrimitive() && !type.isArray() && !type.getName().startsWith("java.")
				&& !Bson.class.isAssignableFrom(type);
	}

}
