package io.connectplatform.mongodb.autoconfigure.template;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.CollectionEntity;
import io.connectplatform.mongodb.core.CollectionRepository;
import io.connectplatform.mongodb.core.MongoTemplates;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Registers a {@code CollectionTemplate<T>} and a {@code CollectionRepository<T, ID>} bean for each
 * {@link CollectionEntity @CollectionEntity} type under the application's auto-configuration
 * packages, so both can be injected by generic type. They are fallback beans: a bean of the
 * same type that the application declares takes their place.
 *
 * @author Connect MongoDB team
 */
final class CollectionEntityRegistrar
		implements ImportBeanDefinitionRegistrar, BeanFactoryAware, EnvironmentAware, ResourceLoaderAware {

	private @Nullable BeanFactory beanFactory;

	private @Nullable Environment environment;

	private @Nullable ResourceLoader resourceLoader;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setResourceLoader(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
		BeanFactory factory = this.beanFactory;
		if (factory == null || !AutoConfigurationPackages.has(factory)) {
			return;
		}
		for (Class<?> type : scan(AutoConfigurationPackages.get(factory))) {
			register(registry, type);
		}
	}

	private Set<Class<?>> scan(List<String> packages) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {

			@Override
			protected boolean isCandidateComponent(
					org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
				return definition.getMetadata().isIndependent();
			}

		};
		if (this.environment != null) {
			scanner.setEnvironment(this.environment);
		}
		if (this.resourceLoader != null) {
			scanner.setResourceLoader(this.resourceLoader);
		}
		scanner.addIncludeFilter(new AnnotationTypeFilter(CollectionEntity.class));
		ClassLoader classLoader = (this.resourceLoader != null) ? this.resourceLoader.getClassLoader() : null;
		Set<Class<?>> types = new LinkedHashSet<>();
		for (String basePackage : packages) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
				types.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), classLoader));
			}
		}
		return types;
	}

	private static void register(BeanDefinitionRegistry registry, Class<?> type) {
		RootBeanDefinition template = definition("template", type,
				ResolvableType.forClassWithGenerics(CollectionTemplate.class, type));
		registry.registerBeanDefinition("collectionTemplate:" + type.getName(), template);

		Class<?> idType = ClassUtils.resolvePrimitiveIfNecessary(CollectionRepository.idTypeOf(type));
		RootBeanDefinition repository = definition("repository", type,
				ResolvableType.forClassWithGenerics(CollectionRepository.class, type, idType));
		registry.registerBeanDefinition("collectionRepository:" + type.getName(), repository);
	}

	/**
	 * A definition that calls a static factory method of {@link CollectionEntityBeans} with
	 * the {@link MongoTemplates} bean and the entity type: one that Spring's AOT engine can
	 * write as code, unlike an instance supplier.
	 */
	private static RootBeanDefinition definition(String factoryMethod, Class<?> type, ResolvableType targetType) {
		RootBeanDefinition definition = new RootBeanDefinition(CollectionEntityBeans.class);
		definition.setFactoryMethodName(factoryMethod);
		definition.getConstructorArgumentValues()
			.addIndexedArgumentValue(0, new RuntimeBeanReference(MongoTemplates.class));
		definition.getConstructorArgumentValues().addIndexedArgumentValue(1, type);
		definition.setTargetType(targetType);
		definition.setFallback(true);
		return definition;
	}

}
