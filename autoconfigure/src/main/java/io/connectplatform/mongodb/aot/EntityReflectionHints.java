package io.connectplatform.mongodb.aot;

import org.bson.conversions.Bson;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.util.Assert;

/**
 * Registers the reflection an entity type needs to be mapped by the driver's record and POJO
 * codecs and by the library's own entity metadata. Spring's
 * {@link BindingReflectionHintsRegistrar} covers the fields, accessors and record components of
 * the type, its superclasses and the types of its properties; on the type itself, every
 * constructor and method can be invoked too, so that a {@code @BsonCreator} constructor or
 * static factory method of any visibility works. {@code Document}-like types ({@link Bson}) and
 * JDK types need nothing and are left out.
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
		hints.registerType(entityType, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
				MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.INVOKE_PUBLIC_METHODS,
				MemberCategory.INVOKE_DECLARED_METHODS);
	}

	private static boolean isEntity(Class<?> type) {
		return !type.isPrimitive() && !type.isArray() && !type.getName().startsWith("java.")
				&& !Bson.class.isAssignableFrom(type);
	}

}
