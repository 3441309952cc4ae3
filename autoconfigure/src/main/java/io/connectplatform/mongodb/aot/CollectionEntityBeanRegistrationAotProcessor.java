package io.connectplatform.mongodb.aot;

import io.connectplatform.mongodb.core.AsyncCollectionOperations;
import io.connectplatform.mongodb.core.CollectionOperations;
import io.connectplatform.mongodb.core.CollectionRepository;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.ResolvableType;

/**
 * Registers the reflection hints of the entity type of every template and repository bean
 * ({@code CollectionTemplate<T>}, {@code AsyncCollectionOperations<T>},
 * {@code CollectionRepository<T, ID>} and their subclasses): the entity types the driver's
 * codecs will map at run time.
 *
 * @author Connect MongoDB team
 * @see EntityReflectionHints
 */
final class CollectionEntityBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	private static final Class<?>[] TYPED_BEANS = { CollectionOperations.class, AsyncCollectionOperations.class,
			CollectionRepository.class };

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> entityType = entityType(registeredBean.getBeanType());
		if (entityType == null) {
			return null;
		}
		return (generationContext, code) -> EntityReflectionHints
			.register(generationContext.getRuntimeHints().reflection(), entityType);
	}

	private static @Nullable Class<?> entityType(ResolvableType beanType) {
		for (Class<?> typed : TYPED_BEANS) {
			ResolvableType type = beanType.as(typed);
			if (type != ResolvableType.NONE) {
				return type.resolveGeneric(0);
			}
		}
		return null;
	}

}
