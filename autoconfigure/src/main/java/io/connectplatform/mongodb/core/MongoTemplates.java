package io.connectplatform.mongodb.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.connection.ServerDescription;
import io.connectplatform.mongodb.core.validation.MongoValidator;
import io.connectplatform.mongodb.internal.PlainDatabase;
import io.connectplatform.mongodb.internal.SessionBinding;
import org.bson.codecs.configuration.CodecProvider;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.codecs.pojo.PojoCodecProvider;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Gives a {@link CollectionTemplate} for any entity type, on demand:
 * {@code templates.of(Order.class)} or {@code templates.of("archived_orders", Order.class)}.
 * Templates are created once and cached; they and this class are thread-safe.
 * <p>
 * All templates share one {@link CodecRegistry}: the given codec providers first, then the
 * client's registry (records, enums, {@code java.time}, collections, {@code Document}...),
 * then the driver's automatic POJO codec.
 *
 * @author Connect MongoDB team
 */
public final class MongoTemplates {

	private final TemplateContext context;

	private final boolean autoIndexCreation;

	private final Map<Class<?>, CollectionTemplate<?>> byType = new ConcurrentHashMap<>();

	private final Map<TemplateKey, CollectionTemplate<?>> byName = new ConcurrentHashMap<>();

	private final Map<Class<?>, EntityMetadata<?>> metadata = new ConcurrentHashMap<>();

	private MongoTemplates(TemplateContext context, boolean autoIndexCreation) {
		this.context = context;
		this.autoIndexCreation = autoIndexCreation;
	}

	/**
	 * Start building the templates of one database.
	 * @param client the client
	 * @param databaseName the database name
	 * @return the builder
	 */
	public static Builder builder(MongoClient client, String databaseName) {
		Assert.notNull(client, "'client' must not be null");
		Assert.hasText(databaseName, "'databaseName' must not be empty");
		return new Builder(client, client.getDatabase(databaseName));
	}

	/**
	 * Start building the templates of one database, keeping its settings (read and write
	 * concerns, read preference, codec registry).
	 * @param client the client that the database belongs to
	 * @param database the database
	 * @return the builder
	 */
	public static Builder builder(MongoClient client, MongoDatabase database) {
		Assert.notNull(client, "'client' must not be null");
		Assert.notNull(database, "'database' must not be null");
		return new Builder(client, database);
	}

	/**
	 * Return the template of an entity type, for the collection its {@link CollectionEntity}
	 * annotation names (or its decapitalized simple name).
	 * @param <T> the entity type
	 * @param type the entity type
	 * @return the template
	 */
	@SuppressWarnings("unchecked")
	public <T> CollectionTemplate<T> of(Class<T> type) {
		Assert.notNull(type, "'type' must not be null");
		CollectionTemplate<?> template = this.byType.get(type);
		if (template == null) {
			template = of(metadata(type).getCollectionName(), type);
			this.byType.putIfAbsent(type, template);
		}
		return (CollectionTemplate<T>) template;
	}

	/**
	 * Return the template of an entity type for the named collection.
	 * @param <T> the entity type
	 * @param collectionName the collection name
	 * @param type the entity type
	 * @return the template
	 * @throws io.connectplatform.mongodb.core.validation.MongoValidationException if the
	 * collection name is not valid
	 */
	@SuppressWarnings("unchecked")
	public <T> CollectionTemplate<T> of(String collectionName, Class<T> type) {
		Assert.notNull(collectionName, "'collectionName' must not be null");
		Assert.notNull(type, "'type' must not be null");
		TemplateKey key = new TemplateKey(collectionName, type);
		CollectionTemplate<?> template = this.byName.get(key);
		if (template != null) {
			return (CollectionTemplate<T>) template;
		}
		CollectionTemplate<T> created = new CollectionTemplate<>(this.context, collectionName, metadata(type));
		if (this.autoIndexCreation) {
			created.ensureIndexes();
		}
		CollectionTemplate<?> existing = this.byName.putIfAbsent(key, created);
		return (existing != null) ? (CollectionTemplate<T>) existing : created;
	}

	/**
	 * Return the metadata of an entity type.
	 * @param <T> the entity type
	 * @param type the entity type
	 * @return the metadata
	 */
	@SuppressWarnings("unchecked")
	public <T> EntityMetadata<T> metadata(Class<T> type) {
		return (EntityMetadata<T>) this.metadata.computeIfAbsent(type, EntityMetadata::of);
	}

	/**
	 * Return the codec registry every template uses.
	 * @return the codec registry
	 */
	public CodecRegistry getCodecRegistry() {
		return this.context.codecRegistry();
	}

	/**
	 * Return the database of the templates, with their codec registry. It is a plain one:
	 * calls made on it directly do not join the current transaction (the templates bind each
	 * of their operations to it themselves).
	 * @return the database
	 */
	public MongoDatabase getDatabase() {
		return this.context.database();
	}

	static int maxDocumentSize(MongoClient client) {
		int max = Integer.MAX_VALUE;
		for (ServerDescription server : client.getClusterDescription().getServerDescriptions()) {
			if (server.isOk()) {
				max = Math.min(max, server.getMaxDocumentSize());
			}
		}
		return (max != Integer.MAX_VALUE) ? max : ServerDescription.getDefaultMaxDocumentSize();
	}

	private record TemplateKey(String collectionName, Class<?> type) {
	}

	/**
	 * Builds {@link MongoTemplates}.
	 */
	public static final class Builder {

		private final MongoClient client;

		private final MongoDatabase database;

		private List<CodecProvider> codecProviders = List.of();

		private MongoValidator validator = MongoValidator.defaults();

		private MongoSessionLookup sessionLookup = MongoSessionLookup.NONE;

		private @Nullable Executor asyncExecutor;

		private boolean autoIndexCreation;

		private Builder(MongoClient client, MongoDatabase database) {
			this.client = client;
			this.database = database;
		}

		/**
		 * Put codec providers before the client's registry, to map types yourself.
		 * @param codecProviders the codec providers, first wins
		 * @return this builder
		 */
		public Builder codecProviders(List<? extends CodecProvider> codecProviders) {
			Assert.notNull(codecProviders, "'codecProviders' must not be null");
			this.codecProviders = List.copyOf(codecProviders);
			return this;
		}

		/**
		 * Use a validator other than the default one.
		 * @param validator the validator
		 * @return this builder
		 */
		public Builder validator(MongoValidator validator) {
			Assert.notNull(validator, "'validator' must not be null");
			this.validator = validator;
			return this;
		}

		/**
		 * Look up the current transaction's session, which every operation then joins.
		 * @param sessionLookup the session lookup
		 * @return this builder
		 */
		public Builder sessionLookup(MongoSessionLookup sessionLookup) {
			Assert.notNull(sessionLookup, "'sessionLookup' must not be null");
			this.sessionLookup = sessionLookup;
			return this;
		}

		/**
		 * Run async operations on this executor; without one, {@code async()} calls fail.
		 * @param asyncExecutor the executor
		 * @return this builder
		 */
		public Builder asyncExecutor(Executor asyncExecutor) {
			Assert.notNull(asyncExecutor, "'asyncExecutor' must not be null");
			this.asyncExecutor = asyncExecutor;
			return this;
		}

		/**
		 * Create the annotated indexes of each entity type when its template is first created.
		 * @param autoIndexCreation whether to create indexes
		 * @return this builder
		 */
		public Builder autoIndexCreation(boolean autoIndexCreation) {
			this.autoIndexCreation = autoIndexCreation;
			return this;
		}

		/**
		 * Build the templates.
		 * @return the templates
		 */
		public MongoTemplates build() {
			// Templates bind each operation to the session themselves (SessionBinding).
			MongoDatabase database = PlainDatabase.of(this.client, this.database);
			List<CodecProvider> providers = new ArrayList<>(this.codecProviders);
			providers.add(database.getCodecRegistry());
			providers.add(PojoCodecProvider.builder().automatic(true).build());
			CodecRegistry registry = CodecRegistries.fromProviders(providers);
			MongoClient mongoClient = this.client;
			IntSupplier maxDocumentSize = () -> maxDocumentSize(mongoClient);
			TemplateContext context = new TemplateContext(database.withCodecRegistry(registry), registry,
					this.validator, new MongoDriverExceptionTranslator(), new SessionBinding(this.sessionLookup), maxDocumentSize,
					this.asyncExecutor);
			return new MongoTemplates(context, this.autoIndexCreation);
		}

	}

}
