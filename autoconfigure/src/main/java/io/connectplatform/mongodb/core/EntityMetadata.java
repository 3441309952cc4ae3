package io.connectplatform.mongodb.core;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.UUID;

import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.annotation.Version;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * What a template needs to know about an entity type beyond its codec: the collection name,
 * the id and {@link Version} properties, and the declared indexes. Read once per type by
 * reflection, following the driver's own rules for records and POJOs ({@link BsonId},
 * {@link BsonProperty}, a POJO property named {@code id} or {@code _id}).
 *
 * @param <T> the entity type
 * @author Connect MongoDB team
 */
final class EntityMetadata<T> {

	private static final String ID = "_id";

	private final Class<T> type;

	private final String collectionName;

	private final @Nullable EntityProperty id;

	private final @Nullable EntityProperty version;

	private EntityMetadata(Class<T> type, String collectionName, @Nullable EntityProperty id,
			@Nullable EntityProperty version) {
		this.type = type;
		this.collectionName = collectionName;
		this.id = id;
		this.version = version;
	}

	/**
	 * Read the metadata of an entity type.
	 * @param <T> the entity type
	 * @param type the entity type
	 * @return the metadata
	 * @throws IllegalStateException if a {@link Version} property is not numeric
	 */
	static <T> EntityMetadata<T> of(Class<T> type) {
		Assert.notNull(type, "'type' must not be null");
		return type.isRecord() ? ofRecord(type) : ofPojo(type);
	}

	private static <T> EntityMetadata<T> ofRecord(Class<T> type) {
		RecordComponent[] components = type.getRecordComponents();
		EntityProperty id = null;
		EntityProperty version = null;
		for (int i = 0; i < components.length; i++) {
			Field field = declaredField(type, components[i].getName());
			String documentField = documentField(field, components[i].getName());
			if (ID.equals(documentField)) {
				id = EntityProperty.ofComponent(type, components, i, documentField);
			}
			if (field != null && field.isAnnotationPresent(Version.class)) {
				version = checkVersion(type, EntityProperty.ofComponent(type, components, i, documentField));
			}
		}
		return new EntityMetadata<>(type, collectionName(type), id, version);
	}

	private static <T> EntityMetadata<T> ofPojo(Class<T> type) {
		EntityProperty id = null;
		EntityProperty named = null;
		EntityProperty version = null;
		for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
			for (Field field : c.getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers()) || Modifier.isTransient(field.getModifiers())) {
					continue;
				}
				String documentField = documentField(field, field.getName());
				if (id == null && ID.equals(documentField)) {
					id = EntityProperty.ofField(field, ID);
				}
				else if (named == null && (field.getName().equals("id") || field.getName().equals(ID))
						&& !field.isAnnotationPresent(BsonProperty.class)) {
					named = EntityProperty.ofField(field, ID);
				}
				if (version == null && field.isAnnotationPresent(Version.class)) {
					version = checkVersion(type, EntityProperty.ofField(field, documentField));
				}
			}
		}
		return new EntityMetadata<>(type, collectionName(type), (id != null) ? id : named, version);
	}

	private static @Nullable Field declaredField(Class<?> type, String name) {
		try {
			return type.getDeclaredField(name);
		}
		catch (NoSuchFieldException ex) {
			return null;
		}
	}

	static String documentField(@Nullable Field field, String name) {
		if (field != null && field.isAnnotationPresent(BsonId.class)) {
			return ID;
		}
		BsonProperty property = (field != null) ? field.getAnnotation(BsonProperty.class) : null;
		return (property != null && !property.value().isEmpty()) ? property.value() : name;
	}

	private static EntityProperty checkVersion(Class<?> type, EntityProperty property) {
		Class<?> t = property.type();
		if (t != int.class && t != long.class && t != Integer.class && t != Long.class) {
			throw new IllegalStateException("@Version property '" + property.name() + "' of " + type.getName()
					+ " must be an int, long, Integer or Long, but is " + t.getName());
		}
		return property;
	}

	static String collectionName(Class<?> type) {
		CollectionEntity annotation = type.getAnnotation(CollectionEntity.class);
		return (annotation != null && !annotation.value().isEmpty()) ? annotation.value()
				: StringUtils.uncapitalize(type.getSimpleName());
	}

	/**
	 * Return the entity type.
	 * @return the entity type
	 */
	Class<T> getType() {
		return this.type;
	}

	/**
	 * Return the collection name from {@link CollectionEntity}, or the decapitalized simple
	 * class name.
	 * @return the collection name
	 */
	String getCollectionName() {
		return this.collectionName;
	}

	/**
	 * Return the type of the property stored as {@code _id}.
	 * @return the id type, or {@link ObjectId} when the entity has no id property (the server
	 * then generates one)
	 */
	Class<?> getIdType() {
		return (this.id != null) ? this.id.type() : ObjectId.class;
	}

	/**
	 * Return whether the entity has a {@link Version} property.
	 * @return whether the entity is versioned
	 */
	boolean isVersioned() {
		return this.version != null;
	}

	@Nullable Object idOf(T entity) {
		return (this.id != null) ? this.id.get(entity) : null;
	}

	Object requireId(T entity, String operation) {
		Object value = idOf(entity);
		if (value == null) {
			throw new InvalidDataAccessApiUsageException(
					"Cannot " + operation + " a " + this.type.getSimpleName() + " without an id" + ((this.id != null)
							? " ('" + this.id.name() + "' is null)" : ": it has no @BsonId or 'id' property"));
		}
		return value;
	}

	/**
	 * Give the entity an id when it has none and one can be generated (an {@link ObjectId},
	 * its hex string, or a random {@link UUID}), and a version of 0 when its {@link Version}
	 * property is null.
	 */
	T prepareForInsert(T entity) {
		T prepared = entity;
		if (this.id != null && this.id.get(prepared) == null) {
			prepared = this.id.with(prepared, generateId(this.id));
		}
		if (this.version != null && this.version.get(prepared) == null) {
			prepared = this.version.with(prepared, zero(this.version));
		}
		return prepared;
	}

	private Object generateId(EntityProperty property) {
		Class<?> t = property.type();
		if (t == ObjectId.class || t == Object.class) {
			return new ObjectId();
		}
		if (t == String.class) {
			return new ObjectId().toHexString();
		}
		if (t == UUID.class) {
			return UUID.randomUUID();
		}
		throw new InvalidDataAccessApiUsageException("Cannot generate an id of type " + t.getSimpleName() + " for a "
				+ this.type.getSimpleName() + "; set '" + property.name()
				+ "' before inserting (ids of type ObjectId, String and UUID are generated)");
	}

	long versionOf(T entity) {
		Object value = (this.version != null) ? this.version.get(entity) : null;
		return (value != null) ? ((Number) value).longValue() : 0L;
	}

	boolean hasNullVersion(T entity) {
		return this.version != null && this.version.get(entity) == null;
	}

	String versionField() {
		Assert.state(this.version != null, "not versioned");
		return this.version.documentField();
	}

	T withVersion(T entity, long value) {
		Assert.state(this.version != null, "not versioned");
		Class<?> t = this.version.type();
		Object boxed = (t == int.class || t == Integer.class) ? (Object) Math.toIntExact(value) : (Object) value;
		return this.version.with(entity, boxed);
	}

	private static Object zero(EntityProperty property) {
		return (property.type() == Integer.class) ? (Object) 0 : (Object) 0L;
	}

	@Override
	public String toString() {
		return "EntityMetadata[" + this.type.getName() + " in '" + this.collectionName + "']";
	}

}
