package io.connectplatform.mongodb.changestream;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.MongoNamespace;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.EmbeddedValueResolver;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringValueResolver;

/**
 * Finds {@link MongoChangeListener} methods on beans and registers them with the
 * {@link ChangeStreamListenerContainer} bean once every singleton exists. Bad usage fails
 * startup with a message naming the bean, the method and the attribute.
 *
 * @author Connect MongoDB team
 */
public final class MongoChangeListenerAnnotationBeanPostProcessor
		implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware {

	private final Map<String, ChangeListenerDefinition<?>> definitions = new LinkedHashMap<>();

	private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();

	private @Nullable BeanFactory beanFactory;

	private @Nullable StringValueResolver valueResolver;

	private @Nullable ChangeStreamListenerContainer container;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
		if (beanFactory instanceof ConfigurableBeanFactory configurable) {
			this.valueResolver = new EmbeddedValueResolver(configurable);
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (!isCandidate(targetClass)) {
			return bean;
		}
		Map<Method, MongoChangeListener> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<MongoChangeListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, MongoChangeListener.class));
		if (methods.isEmpty()) {
			this.nonAnnotatedClasses.add(targetClass);
			return bean;
		}
		List<ChangeListenerDefinition<?>> found = new ArrayList<>();
		methods.forEach((method, annotation) -> found.add(definition(bean, beanName, method, annotation)));
		synchronized (this.definitions) {
			for (ChangeListenerDefinition<?> definition : found) {
				ChangeListenerDefinition<?> existing = this.definitions.get(definition.getId());
				if (existing != null) {
					throw new IllegalStateException("Duplicate @MongoChangeListener id '" + definition.getId() + "' on "
							+ definition.getSource() + " and " + existing.getSource()
							+ ": attribute 'id' must be unique, it keys the listener's resume token");
				}
				this.definitions.put(definition.getId(), definition);
				if (this.container != null) {
					this.container.register(definition);
				}
			}
		}
		return bean;
	}

	/**
	 * Whether the methods of a bean's class are worth looking at. Not those of Spring's own
	 * infrastructure beans (most of a context, which this would otherwise introspect one by
	 * one at startup, as Spring's {@code @EventListener} processor does not either), unless
	 * they are components; not those of a class already looked at and found without
	 * listeners.
	 * @param targetClass the class of a bean
	 * @return whether to look for {@link MongoChangeListener} methods on it
	 */
	boolean isCandidate(Class<?> targetClass) {
		if (this.nonAnnotatedClasses.contains(targetClass)
				|| !AnnotationUtils.isCandidateClass(targetClass, MongoChangeListener.class)) {
			return false;
		}
		return !targetClass.getName().startsWith("org.springframework.")
				|| AnnotatedElementUtils.isAnnotated(ClassUtils.getUserClass(targetClass), Component.class);
	}

	@Override
	public void afterSingletonsInstantiated() {
		synchronized (this.definitions) {
			if (this.definitions.isEmpty() || this.beanFactory == null) {
				return;
			}
			ChangeStreamListenerContainer container = this.beanFactory.getBean(ChangeStreamListenerContainer.class);
			this.definitions.values().forEach(container::register);
			this.container = container;
		}
	}

	private ChangeListenerDefinition<?> definition(Object bean, String beanName, Method method,
			MongoChangeListener annotation) {
		String source = "bean '" + beanName + "', method " + ClassUtils.getUserClass(bean).getSimpleName() + "."
				+ method.getName();
		Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		ReflectionUtils.makeAccessible(invocable);
		Parameter parameter = parameter(method, source);
		String id = resolve(annotation.id());
		if (id.isBlank()) {
			throw invalid(source, "id", "it must not be empty; it keys the listener's resume token");
		}
		ChangeListenerDefinition.Builder<?> builder = builder(id, parameter, bean, invocable).source(source)
			.level(annotation.level())
			.operations(annotation.operations())
			.fullDocument(annotation.fullDocument())
			.fullDocumentBeforeChange(annotation.fullDocumentBeforeChange());
		String collection = resolve(annotation.collection());
		String database = resolve(annotation.database());
		try {
			if (!collection.isEmpty()) {
				MongoNamespace.checkCollectionNameValidity(collection);
				builder.collection(collection);
			}
		}
		catch (IllegalArgumentException ex) {
			throw invalid(source, "collection", ex.getMessage());
		}
		try {
			if (!database.isEmpty()) {
				builder.database(database);
			}
		}
		catch (IllegalArgumentException ex) {
			throw invalid(source, "database", ex.getMessage());
		}
		try {
			builder.pipeline(resolve(annotation.pipeline()));
		}
		catch (IllegalArgumentException ex) {
			throw invalid(source, "pipeline", ex.getMessage());
		}
		if (annotation.batchSize() < 0) {
			throw invalid(source, "batchSize", "it must not be negative, but was " + annotation.batchSize());
		}
		builder.batchSize(annotation.batchSize());
		String maxAwaitTime = resolve(annotation.maxAwaitTime());
		if (!maxAwaitTime.isEmpty()) {
			try {
				builder.maxAwaitTime(DurationStyle.detectAndParse(maxAwaitTime));
			}
			catch (IllegalArgumentException ex) {
				throw invalid(source, "maxAwaitTime",
						"'" + maxAwaitTime + "' is not a positive duration such as '500ms' or '2s'");
			}
		}
		if (annotation.onError().length > 1) {
			throw invalid(source, "onError", "it takes at most one policy");
		}
		if (annotation.onError().length == 1) {
			builder.onError(annotation.onError()[0]);
		}
		if (annotation.maxAttempts() < 0) {
			throw invalid(source, "maxAttempts", "it must be 1 or more (or 0 for the container's default), but was "
					+ annotation.maxAttempts());
		}
		if (annotation.maxAttempts() > 0) {
			builder.maxAttempts(annotation.maxAttempts());
		}
		if (annotation.deliverUndecodable() && parameter.raw()) {
			throw invalid(source, "deliverUndecodable",
					"it needs a ChangeEvent<T> parameter, whose getDecodingFailure() and getRawEvent() say what "
							+ "could not be read; a ChangeStreamDocument<T> cannot");
		}
		builder.deliverUndecodable(annotation.deliverUndecodable());
		String startAt = resolve(annotation.startAt());
		if (!startAt.isEmpty()) {
			try {
				builder.startAt(Instant.parse(startAt));
			}
			catch (DateTimeParseException ex) {
				throw invalid(source, "startAt",
						"'" + startAt + "' is not an ISO-8601 instant such as '2025-01-31T00:00:00Z'");
			}
		}
		try {
			return builder.build();
		}
		catch (IllegalStateException ex) {
			throw invalid(source, (annotation.level() == ChangeStreamScope.COLLECTION) ? "collection" : "level",
					ex.getMessage());
		}
	}

	private static <T> ChangeListenerDefinition.Builder<T> builder(String id, Parameter parameter, Object bean,
			Method method) {
		@SuppressWarnings("unchecked")
		Class<T> documentClass = (Class<T>) parameter.documentClass();
		return ChangeListenerDefinition.builder(id, documentClass,
				(event) -> invoke(bean, method, parameter.raw() ? event.getChangeStreamDocument() : event));
	}

	private static Parameter parameter(Method method, String source) {
		if (method.getParameterCount() == 1) {
			ResolvableType type = ResolvableType.forMethodParameter(method, 0);
			Class<?> raw = type.resolve();
			if (raw == ChangeEvent.class || raw == ChangeStreamDocument.class) {
				Class<?> documentClass = type.getGeneric(0).resolve(Document.class);
				return new Parameter(documentClass, raw == ChangeStreamDocument.class);
			}
		}
		throw new IllegalStateException("@MongoChangeListener method must take one parameter, a ChangeEvent<T> or "
				+ "a ChangeStreamDocument<T> (T such as Document or an entity type), but " + source + " takes "
				+ method.getGenericParameterTypes().length + ": " + List.of(method.getGenericParameterTypes()));
	}

	private static void invoke(Object bean, Method method, Object argument) throws Exception {
		try {
			method.invoke(bean, argument);
		}
		catch (InvocationTargetException ex) {
			Throwable target = ex.getTargetException();
			if (target instanceof Exception exception) {
				throw exception;
			}
			if (target instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	private String resolve(String value) {
		String resolved = (this.valueResolver != null) ? this.valueResolver.resolveStringValue(value) : value;
		return (resolved != null) ? resolved.strip() : "";
	}

	private static IllegalStateException invalid(String source, String attribute, @Nullable String reason) {
		return new IllegalStateException(
				"Invalid @MongoChangeListener on " + source + ": attribute '" + attribute + "': " + reason);
	}

	private record Parameter(Class<?> documentClass, boolean raw) {
	}

}
