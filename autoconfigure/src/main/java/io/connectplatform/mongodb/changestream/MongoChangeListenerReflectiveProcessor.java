package io.connectplatform.mongodb.changestream;

import java.lang.reflect.Method;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.connectplatform.mongodb.aot.EntityReflectionHints;

import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;
import org.springframework.core.ResolvableType;

/**
 * The reflection a {@link MongoChangeListener @MongoChangeListener} method needs in a native
 * image: the method itself, which the container invokes, and the document type of its
 * {@link ChangeEvent ChangeEvent&lt;T&gt;} or {@link ChangeStreamDocument
 * ChangeStreamDocument&lt;T&gt;} parameter, which the driver's codecs decode.
 *
 * @author Connect MongoDB team
 */
class MongoChangeListenerReflectiveProcessor extends SimpleReflectiveProcessor {

	@Override
	protected void registerMethodHint(ReflectionHints hints, Method method) {
		super.registerMethodHint(hints, method);
		if (method.getParameterCount() == 1) {
			ResolvableType type = ResolvableType.forMethodParameter(method, 0);
			Class<?> raw = type.resolve();
			Class<?> documentClass = type.getGeneric(0).resolve();
			if ((raw == ChangeEvent.class || raw == ChangeStreamDocument.class) && documentClass != null) {
				EntityReflectionHints.register(hints, documentClass);
			}
		}
	}

}
