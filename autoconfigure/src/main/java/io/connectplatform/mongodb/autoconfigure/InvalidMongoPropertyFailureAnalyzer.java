package io.connectplatform.mongodb.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Turns an {@link InvalidMongoPropertyException} into a failure analysis that names the
 * property, its value, where the value came from and what to write instead.
 * <p>
 * Runs before Boot's analyzer of {@code InvalidConfigurationPropertyValueException} (which
 * would also match, as our exception extends it): Boot's analyzer prints the raw value of
 * the property source, which may be a connection string with a password, and a generic
 * action; this one prints the sanitized value the exception carries and its own action.
 * The origins are looked up as Boot looks them up, through the configuration property
 * sources of the {@link Environment}, so relaxed names ({@code SPRING_MONGODB_URI}) are
 * found too. Origins name a place (file and line, variable name), never a value.
 *
 * @author Connect MongoDB team
 */
class InvalidMongoPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidMongoPropertyException>
		implements Ordered {

	private final @Nullable Environment environment;

	/**
	 * Create a new analyzer; Boot passes the application's environment.
	 * @param environment the environment whose property sources are searched for the
	 * origin of the value, or {@code null} when there is none
	 */
	InvalidMongoPropertyFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidMongoPropertyException cause) {
		StringBuilder description = new StringBuilder(cause.getMessage());
		List<Origin> origins = origins(cause.getProperty());
		if (origins.size() == 1) {
			description.append(String.format("%n%nOrigin: %s", origins.get(0)));
		}
		else if (origins.size() > 1) {
			description.append(String.format("%n%nOrigin: %s (the value used)", origins.get(0)));
			description.append(String.format("%nAlso set in (overridden):"));
			for (Origin other : origins.subList(1, origins.size())) {
				description.append(String.format("%n\t- %s", other));
			}
		}
		return new FailureAnalysis(description.toString(), cause.getAction(), cause);
	}

	private List<Origin> origins(String property) {
		List<Origin> origins = new ArrayList<>();
		ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(property);
		if (!(this.environment instanceof ConfigurableEnvironment) || name == null) {
			return origins;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty found = source.getConfigurationProperty(name);
			Origin origin = (found != null) ? found.getOrigin() : null;
			if (origin != null) {
				origins.add(origin);
			}
		}
		return origins;
	}

}
