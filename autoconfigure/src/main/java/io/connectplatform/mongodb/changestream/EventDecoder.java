package io.connectplatform.mongodb.changestream;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Decodes the raw events of one listener into {@link ChangeEvent}s of its type. An event
 * whose full document or pre-image cannot be read fails with a
 * {@link ChangeEventDecodingException} that says what and where, or, for a listener that
 * asked for them, is delivered without its documents and with the raw event.
 *
 * @author Connect MongoDB team
 */
final class EventDecoder {

	private static final DecoderContext CONTEXT = DecoderContext.builder().build();

	private static final String[] DOCUMENTS = { "fullDocument", "fullDocumentBeforeChange" };

	private final String listenerId;

	private final Class<?> documentClass;

	private final Codec<? extends ChangeStreamDocument<?>> codec;

	private final CodecRegistry registry;

	private final boolean deliverUndecodable;

	EventDecoder(ChangeListenerDefinition<?> definition, CodecRegistry registry) {
		this.listenerId = definition.getId();
		this.documentClass = definition.getDocumentClass();
		this.codec = ChangeStreamDocument.createCodec(definition.getDocumentClass(), registry);
		this.registry = registry;
		this.deliverUndecodable = definition.isDeliverUndecodable();
	}

	/**
	 * Decode an event.
	 * @param raw the event as the server sent it
	 * @return the event
	 * @throws ChangeEventDecodingException if a document cannot be read into the listener's
	 * type and the listener did not ask for such events
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	ChangeEvent<?> decode(RawBsonDocument raw) {
		try {
			// The binary reader: asBsonReader() would parse the event into a tree first
			return new ChangeEvent(this.listenerId, raw.decode(this.codec), raw, null);
		}
		catch (RuntimeException ex) {
			ChangeEventDecodingException failure = describe(raw, ex);
			if (!this.deliverUndecodable) {
				throw failure;
			}
			BsonDocument withoutDocuments = new BsonDocument();
			raw.forEach((name, value) -> {
				if (!List.of(DOCUMENTS).contains(name)) {
					withoutDocuments.put(name, value);
				}
			});
			ChangeStreamDocument<?> document = this.codec.decode(withoutDocuments.asBsonReader(), CONTEXT);
			return new ChangeEvent(this.listenerId, document, raw, failure);
		}
	}

	private ChangeEventDecodingException describe(RawBsonDocument raw, RuntimeException ex) {
		String part = "event";
		String detail = message(ex);
		for (String name : DOCUMENTS) {
			if (raw.isDocument(name)) {
				RuntimeException failure = tryDecode(raw.getDocument(name));
				if (failure != null) {
					part = name.equals(DOCUMENTS[0]) ? "full document" : "pre-image";
					detail = detail(raw.getDocument(name), failure);
					break;
				}
			}
		}
		BsonDocument namespace = raw.isDocument("ns") ? raw.getDocument("ns") : null;
		String where = (namespace != null) ? namespace.getString("db", new BsonString("?")).getValue()
				+ (namespace.isString("coll") ? "." + namespace.getString("coll").getValue() : "") : "?";
		String key = raw.isDocument("documentKey") ? raw.getDocument("documentKey").toJson() : "none";
		String operation = raw.getString("operationType", new BsonString("?")).getValue();
		return new ChangeEventDecodingException(this.listenerId,
				"Listener '" + this.listenerId + "' cannot read the " + part + " of the '" + operation + "' event on "
						+ where + " (document key " + key + ") as " + this.documentClass.getName() + ": " + detail,
				ex);
	}

	private @Nullable RuntimeException tryDecode(BsonDocument document) {
		try {
			this.registry.get(this.documentClass).decode(document.asBsonReader(), CONTEXT);
			return null;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	/**
	 * For a record, which component could not be read: one whose field holds a value its
	 * type cannot be decoded from, or a primitive one without a value (the driver's record
	 * codec names neither); otherwise, or if none is found, the codec's message.
	 */
	private String detail(BsonDocument document, RuntimeException failure) {
		if (!this.documentClass.isRecord()) {
			return message(failure);
		}
		List<String> missing = new ArrayList<>();
		RecordComponent[] components = this.documentClass.getRecordComponents();
		for (int index = 0; index < components.length; index++) {
			RecordComponent component = components[index];
			String field = fieldName(components, index);
			BsonValue value = document.get(field);
			if (value == null || value.isNull()) {
				if (component.getType().isPrimitive()) {
					missing.add("'" + component.getName() + "' (" + component.getType().getName() + ")");
				}
				continue;
			}
			RuntimeException unreadable = tryDecode(ClassUtils.resolvePrimitiveIfNecessary(component.getType()), value);
			if (unreadable != null) {
				return "field '" + field + "' holds " + value.getBsonType() + ", which record component '"
						+ component.getName() + "' (" + component.getType().getName() + ") cannot be read from ("
						+ message(unreadable) + ")";
			}
		}
		if (!missing.isEmpty()) {
			return "the document has no value for the primitive record component"
					+ ((missing.size() > 1) ? "s " : " ") + String.join(", ", missing);
		}
		return message(failure);
	}

	/**
	 * The field of a component: {@code @BsonId} and {@code @BsonProperty} land on the
	 * accessor or the canonical constructor's parameter, not on the component.
	 */
	private static String fieldName(RecordComponent[] components, int index) {
		RecordComponent component = components[index];
		Class<?> record = component.getDeclaringRecord();
		Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
		List<AnnotatedElement> places = new ArrayList<>(List.of(component, component.getAccessor()));
		try {
			places.add(record.getDeclaredConstructor(types).getParameters()[index]);
		}
		catch (NoSuchMethodException ex) {
			// A record always has its canonical constructor
		}
		for (AnnotatedElement place : places) {
			if (place.isAnnotationPresent(BsonId.class)) {
				return "_id";
			}
			BsonProperty property = place.getAnnotation(BsonProperty.class);
			if (property != null && !property.value().isEmpty()) {
				return property.value();
			}
		}
		return component.getName();
	}

	private @Nullable RuntimeException tryDecode(Class<?> type, BsonValue value) {
		try {
			BsonDocumentReader reader = new BsonDocumentReader(new BsonDocument("value", value));
			reader.readStartDocument();
			reader.readName();
			this.registry.get(type).decode(reader, CONTEXT);
			return null;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	private static String message(Throwable ex) {
		StringBuilder message = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null) {
				return cause.getClass().getSimpleName() + ": " + cause.getMessage();
			}
			message.append((message.length() > 0) ? " caused by " : "").append(cause.getClass().getName());
		}
		return message.toString();
	}

}
