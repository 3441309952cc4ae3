package io.connectplatform.mongodb.core;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.BsonDocument;
import org.bson.json.JsonParseException;

/**
 * Reads the {@link IndexedField} and {@link CollectionIndex} annotations of an entity type into the
 * driver's {@link IndexModel}s.
 *
 * @author Connect MongoDB team
 */
final class IndexDefinitions {

	private IndexDefinitions() {
	}

	static List<IndexModel> of(Class<?> type) {
		List<IndexModel> indexes = new ArrayList<>();
		for (CollectionIndex compound : type.getAnnotationsByType(CollectionIndex.class)) {
			IndexOptions options = options(type, compound.name(), compound.unique(), compound.sparse(), -1,
					compound.partialFilter());
			indexes.add(new IndexModel(json(type, "keys", compound.keys()), options));
		}
		if (type.isRecord()) {
			for (RecordComponent component : type.getRecordComponents()) {
				add(indexes, type, component, component.getName(), field(type, component.getName()));
			}
		}
		else {
			for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
				for (Field field : c.getDeclaredFields()) {
					if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers())) {
						add(indexes, type, field, field.getName(), field);
					}
				}
			}
		}
		return List.copyOf(indexes);
	}

	private static void add(List<IndexModel> indexes, Class<?> type, AnnotatedElement element, String name,
			Field field) {
		IndexedField indexed = element.getAnnotation(IndexedField.class);
		if (indexed == null && field != null) {
			indexed = field.getAnnotation(IndexedField.class);
		}
		if (indexed == null) {
			return;
		}
		String documentField = EntityMetadata.documentField(field, name);
		IndexOptions options = options(type, indexed.name(), indexed.unique(), indexed.sparse(),
				indexed.expireAfterSeconds(), indexed.partialFilter());
		indexes.add(new IndexModel(
				indexed.descending() ? Indexes.descending(documentField) : Indexes.ascending(documentField), options));
	}

	private static IndexOptions options(Class<?> type, String name, boolean unique, boolean sparse,
			long expireAfterSeconds, String partialFilter) {
		IndexOptions options = new IndexOptions().unique(unique).sparse(sparse);
		if (!name.isEmpty()) {
			options.name(name);
		}
		if (expireAfterSeconds >= 0) {
			options.expireAfter(expireAfterSeconds, TimeUnit.SECONDS);
		}
		if (!partialFilter.isEmpty()) {
			options.partialFilterExpression(json(type, "partialFilter", partialFilter));
		}
		return options;
	}

	private static BsonDocument json(Class<?> type, String attribute, String json) {
		try {
			return BsonDocument.parse(json);
		}
		catch (JsonParseException ex) {
			throw new IllegalStateException("Invalid JSON in the index '" + attribute + "' of " + type.getName() + ": "
					+ ex.getMessage(), ex);
		}
	}

	private static Field field(Class<?> type, String name) {
		try {
			return type.getDeclaredField(name);
		}
		catch (NoSuchFieldException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
