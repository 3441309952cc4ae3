package io.connectplatform.mongodb.autoconfigure.template;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.core.validation.MongoValidator;
import io.connectplatform.mongodb.core.validation.ValidationRejectionListener;
import io.connectplatform.mongodb.core.validation.ValidationSettings;
import org.bson.codecs.Codec;
import org.bson.codecs.configuration.CodecProvider;
import org.bson.codecs.configuration.CodecRegistries;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.util.unit.DataSize;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the collection templates:
 * {@link MongoTemplates}, a {@code CollectionTemplate<T>} and {@code CollectionRepository<T, ID>}
 * for each {@code @CollectionEntity} type, the {@link MongoValidator} and the async executor.
 * {@link Codec} and {@link CodecProvider} beans extend the shared codec registry; every
 * {@link ValidationRejectionListener} bean hears of each rejection.
 *
 * @author Connect MongoDB team
 */
@AutoConfiguration(after = { ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class })
@ConditionalOnClass(MongoClient.class)
@ConditionalOnBean({ MongoClient.class, MongoDatabase.class })
@EnableConfigurationProperties(ConnectMongoTemplatesProperties.class)
@Import(CollectionEntityRegistrar.class)
public final class ConnectMongoTemplatesAutoConfiguration {

	private static final String VALIDATION = ConnectMongoTemplatesProperties.PREFIX + ".validation.";

	@Bean
	@ConditionalOnMissingBean
	MongoValidator mongoValidator(ConnectMongoTemplatesProperties properties,
			ObjectProvider<ValidationRejectionListener> listeners) {
		ConnectMongoTemplatesProperties.Validation validation = properties.getValidation();
		if (validation.getMaxNestingDepth() < 1) {
			throw new InvalidMongoPropertyException(VALIDATION + "max-nesting-depth", validation.getMaxNestingDepth(),
					"it must be 1 or more", "Set " + VALIDATION + "max-nesting-depth to 1 or more (default 100).");
		}
		DataSize maxDocumentSize = validation.getMaxDocumentSize();
		if (maxDocumentSize != null && (maxDocumentSize.toBytes() < 1 || maxDocumentSize.toBytes() > Integer.MAX_VALUE)) {
			throw new InvalidMongoPropertyException(VALIDATION + "max-document-size", maxDocumentSize,
					"it must be between 1B and 2GB", "Set " + VALIDATION
							+ "max-document-size to a size such as 16MB, or remove it to use the server's limit.");
		}
		ValidationSettings settings = new ValidationSettings(validation.isEnabled(), validation.getMaxNestingDepth(),
				validation.isAllowServerSideJavascript(),
				(maxDocumentSize != null) ? (int) maxDocumentSize.toBytes() : null);
		List<ValidationRejectionListener> all = listeners.orderedStream().toList();
		ValidationRejectionListener listener = switch (all.size()) {
			case 0 -> ValidationRejectionListener.NONE;
			case 1 -> all.get(0);
			default -> (rule, collection) -> all.forEach((each) -> each.rejected(rule, collection));
		};
		return new MongoValidator(settings, listener);
	}

	@Bean
	@ConditionalOnMissingBean
	MongoAsyncExecutor connectMongoAsyncExecutor(ConnectMongoTemplatesProperties properties, MongoClient client) {
		// Taking the client makes the executor depend on it, so the executor shuts down (and
		// lets running operations finish) before the client closes.
		return MongoAsyncExecutor.create(properties.getAsync());
	}

	@Bean
	@ConditionalOnMissingBean
	MongoTemplates mongoTemplates(MongoClient client, MongoDatabase database, MongoValidator validator,
			MongoAsyncExecutor asyncExecutor, ConnectMongoTemplatesProperties properties,
			ObjectProvider<MongoSessionLookup> sessionLookup, ObjectProvider<CodecProvider> codecProviders,
			ObjectProvider<Codec<?>> codecs) {
		List<CodecProvider> providers = new ArrayList<>(codecProviders.orderedStream().toList());
		List<Codec<?>> userCodecs = codecs.orderedStream().toList();
		if (!userCodecs.isEmpty()) {
			providers.add(0, CodecRegistries.fromCodecs(userCodecs));
		}
		return MongoTemplates.builder(client, database)
			.codecProviders(providers)
			.validator(validator)
			.sessionLookup(sessionLookup.getIfAvailable(() -> MongoSessionLookup.NONE))
			.asyncExecutor(asyncExecutor.getExecutor())
			.autoIndexCreation(properties.getTemplates().isAutoIndexCreation())
			.build();
	}

}
