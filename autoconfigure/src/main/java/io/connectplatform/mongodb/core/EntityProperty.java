package io.connectplatform.mongodb.core;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Reads and writes one property of an entity: through the accessor and the canonical
 * constructor for a record (which gives a new record), through the field for a POJO (which
 * changes it in place).
 *
 * @author Connect MongoDB team
 */
final class EntityProperty {

	private final String name;

	private final String documentField;

	private final Class<?> type;

	private final @Nullable Method accessor;

	private final @Nullable Field field;

	private final @Nullable Constructor<?> canonicalConstructor;

	private final Method[] componentAccessors;

	private final int componentIndex;

	private EntityProperty(String name, String documentField, Class<?> type, @Nullable Method accessor,
			@Nullable Field field, @Nullable Constructor<?> canonicalConstructor, Method[] componentAccessors,
			int componentIndex) {
		this.name = name;
		this.documentField = documentField;
		this.type = type;
		this.accessor = accessor;
		this.field = field;
		this.canonicalConstructor = canonicalConstructor;
		this.componentAccessors = componentAccessors;
		this.componentIndex = componentIndex;
	}

	static EntityProperty ofComponent(Class<?> recordType, RecordComponent[] components, int index,
			String documentField) {
		RecordComponent component = components[index];
		try {
			Constructor<?> constructor = recordType
				.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new));
			constructor.setAccessible(true);
			Method[] accessors = new Method[components.length];
			for (int i = 0; i < components.length; i++) {
				accessors[i] = components[i].getAccessor();
				accessors[i].setAccessible(true);
			}
			return new EntityProperty(component.getName(), documentField, component.getType(), accessors[index], null,
					constructor, accessors, index);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new IllegalStateException("Cannot access record component '" + component.getName() + "' of "
					+ recordType.getName() + ": " + ex.getMessage(), ex);
		}
	}

	static EntityProperty ofField(Field field, String documentField) {
		try {
			field.setAccessible(true);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Cannot access field '" + field.getName() + "' of "
					+ field.getDeclaringClass().getName() + ": " + ex.getMessage(), ex);
		}
		return new EntityProperty(field.getName(), documentField, field.getType(), null, field, null, new Method[0],
				-1);
	}

	String name() {
		return this.name;
	}

	String documentField() {
		return this.documentField;
	}

	Class<?> type() {
		return this.type;
	}

	@Nullable Object get(Object entity) {
		try {
			return (this.accessor != null) ? this.accessor.invoke(entity) : this.field.get(entity);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot read '" + this.name + "' of " + entity.getClass().getName(), ex);
		}
	}

	@SuppressWarnings("unchecked")
	<T> T with(T entity, @Nullable Object value) {
		try {
			if (this.field != null) {
				this.field.set(entity, value);
				return entity;
			}
			Object[] arguments = new Object[this.componentAccessors.length];
			for (int i = 0; i < arguments.length; i++) {
				arguments[i] = (i == this.componentIndex) ? value : this.componentAccessors[i].invoke(entity);
			}
			return (T) this.canonicalConstructor.newInstance(arguments);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot set '" + this.name + "' of " + entity.getClass().getName(), ex);
		}
	}

}
