package io.connectplatform.mongodb.autoconfigure.strict;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.connectplatform.mongodb.autoconfigure.strict.UnknownMongoPropertyException.UnknownKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;

/**
 * Checks, before any bean is created, that every key the {@link Environment} holds under
 * {@code connect.mongodb.} is a Connect MongoDB property, and throws an
 * {@link UnknownMongoPropertyException} naming each unknown key, where it was set and the
 * nearest valid key. {@value #ENABLED_PROPERTY}{@code =false} switches the check off.
 * <p>
 * The known keys are those of the configuration metadata (see
 * {@link KnownPropertyNames}), in any relaxed form, with any key below a map or list
 * property.
 *
 * @author Connect MongoDB team
 */
@ImportRuntimeHints(StrictPropertiesVerifier.MetadataHints.class)
public final class StrictPropertiesVerifier implements BeanFactoryPostProcessor {

	/**
	 * The property that switches the check off when {@code false}.
	 */
	public static final String ENABLED_PROPERTY = "connect.mongodb.strict-properties";

	private static final String PREFIX = "connect.mongodb";

	private static final Log logger = LogFactory.getLog(StrictPropertiesVerifier.class);

	private final Environment environment;

	/**
	 * Create a verifier of the keys of an environment.
	 * @param environment the environment
	 */
	public StrictPropertiesVerifier(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		verify(beanFactory.getBeanClassLoader());
	}

	/**
	 * Check the keys of the environment.
	 * @param classLoader the class loader whose configuration metadata lists the known
	 * keys
	 * @throws UnknownMongoPropertyException if a key is unknown
	 */
	void verify(@Nullable ClassLoader classLoader) {
		if (!this.environment.getProperty(ENABLED_PROPERTY, Boolean.class, true)) {
			return;
		}
		ConfigurationPropertyName prefix = ConfigurationPropertyName.of(PREFIX);
		KnownPropertyNames known = null;
		Set<ConfigurationPropertyName> seen = new LinkedHashSet<>();
		List<UnknownKey> unknown = new ArrayList<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			for (ConfigurationPropertyName name : iterable.stream().filter(prefix::isAncestorOf).toList()) {
				ConfigurationProperty property = source.getConfigurationProperty(name);
				Object value = (property != null) ? property.getValue() : null;
				if (known == null) {
					known = KnownPropertyNames.load(classLoader, PREFIX);
					if (known.size() == 0) {
						logger.warn("No configuration metadata of Connect MongoDB on the class path: the keys under "
								+ PREFIX + " are not checked");
						return;
					}
				}
				if (!known.isKnown(name, value) && seen.add(name)) {
					unknown.add(new UnknownKey(name.toString(), (property != null) ? property.getOrigin() : null,
							known.nearest(name)));
				}
			}
		}
		if (!unknown.isEmpty()) {
			throw new UnknownMongoPropertyException(unknown);
		}
	}

	/**
	 * Lets a native image read the configuration metadata.
	 */
	static class MetadataHints implements RuntimeHintsRegistrar {

		@Override
		public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
			hints.resources().registerPattern(KnownPropertyNames.METADATA_LOCATION);
		}

	}

}
