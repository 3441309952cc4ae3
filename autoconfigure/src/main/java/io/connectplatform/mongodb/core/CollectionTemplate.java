package io.connectplatform.mongodb.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.ValidationOptions;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.result.UpdateResult;
import org.bson.BsonNull;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.util.Assert;

/**
 * The {@link CollectionOperations} of one collection, on the driver's
 * {@link MongoCollection}. Get one from {@link MongoTemplates#of(Class)} or inject
 * {@code CollectionTemplate<Order>} for a {@link CollectionEntity @CollectionEntity} type.
 * Thread-safe; writes are encoded once, checked, and sent as raw BSON.
 *
 * @param <T> the entity type
 * @author Connect MongoDB team
 */
public final class CollectionTemplate<T> implements CollectionOperations<T> {

	private final TemplateContext context;

	private final String name;

	private final String target;

	private final EntityMetadata<T> metadata;

	private final Codec<T> codec;

	private final MongoCollection<T> collection;

	private final MongoCollection<RawBsonDocument> raw;

	private final AsyncCollectionTemplate<T> async;

	CollectionTemplate(TemplateContext context, String name, EntityMetadata<T> metadata) {
		context.validator().validateCollectionName(name);
		this.context = context;
		this.name = name;
		this.target = "'" + name + "'";
		this.metadata = metadata;
		try {
			this.codec = context.codecRegistry().get(metadata.getType());
		}
		catch (RuntimeException ex) {
			throw context.translator().translate(ex);
		}
		this.collection = context.database().getCollection(name, metadata.getType());
		this.raw = context.database().getCollection(name, RawBsonDocument.class);
		this.async = new AsyncCollectionTemplate<>(this, context);
	}

	@Override
	public String getCollectionName() {
		return this.name;
	}

	@Override
	public Class<T> getEntityType() {
		return this.metadata.getType();
	}

	/**
	 * Return the driver's collection, for what the template does not offer. Calls made on it
	 * directly neither join the current transaction nor are validated or translated.
	 * @return the driver's collection
	 */
	public MongoCollection<T> getCollection() {
		return this.collection;
	}

	@Override
	public T insert(T entity) {
		Assert.notNull(entity, "'entity' must not be null");
		T prepared = this.metadata.prepareForInsert(entity);
		RawBsonDocument document = encode(prepared);
		try {
			writeRaw("insert").insertOne(document);
			return prepared;
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public List<T> insertAll(Collection<? extends T> entities) {
		Assert.notNull(entities, "'entities' must not be null");
		if (entities.isEmpty()) {
			return List.of();
		}
		List<T> prepared = new ArrayList<>(entities.size());
		List<RawBsonDocument> documents = new ArrayList<>(entities.size());
		for (T entity : entities) {
			Assert.notNull(entity, "'entities' must not contain null");
			T one = this.metadata.prepareForInsert(entity);
			prepared.add(one);
			documents.add(encode(one));
		}
		try {
			writeRaw("insert").insertMany(documents);
			return prepared;
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public Optional<T> findById(Object id) {
		return first(SafeFilters.id(id));
	}

	@Override
	public Optional<T> findOne(Bson filter) {
		checkFilter(filter);
		return first(filter);
	}

	@Override
	public Optional<T> findOneBy(String field, @Nullable Object value) {
		return first(SafeFilters.eq(field, value));
	}

	private Optional<T> first(Bson filter) {
		try {
			return Optional.ofNullable(read().find(filter).first());
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public List<T> find(Bson filter) {
		return find(FindQuery.where(filter));
	}

	@Override
	public List<T> find(FindQuery query) {
		return find(query, this.metadata.getType());
	}

	@Override
	public <R> List<R> find(FindQuery query, Class<R> resultType) {
		Assert.notNull(query, "'query' must not be null");
		Assert.notNull(resultType, "'resultType' must not be null");
		checkFilter(query.getFilter());
		try {
			return iterable(query, resultType).into(new ArrayList<>());
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public List<T> findBy(String field, @Nullable Object value) {
		return find(FindQuery.where(SafeFilters.eq(field, value)));
	}

	@Override
	public List<T> findAll() {
		return find(FindQuery.all());
	}

	@Override
	public Stream<T> stream(FindQuery query) {
		Assert.notNull(query, "'query' must not be null");
		checkFilter(query.getFilter());
		try {
			return CursorStreams.of(iterable(query, this.metadata.getType()).cursor(), this.context.translator());
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	private <R> FindIterable<R> iterable(FindQuery query, Class<R> resultType) {
		return query.applyTo(read().find(query.getFilter(), resultType));
	}

	@Override
	public Page<T> page(Bson filter, Pageable pageable) {
		FindQuery query = PageQueries.of(filter, pageable);
		return PageableExecutionUtils.getPage(find(query), pageable, () -> count(filter));
	}

	@Override
	public Window<T> scroll(Bson filter, Sort sort, int limit, ScrollPosition position) {
		Assert.notNull(sort, "'sort' must not be null");
		Assert.notNull(position, "'position' must not be null");
		Assert.isTrue(limit >= 1, () -> "'limit' must be 1 or more, but was " + limit);
		checkFilter(filter);
		Keyset keyset = Keyset.of(sort);
		Bson continued = keyset.filter(filter, Keyset.keysetPosition(position), this.context.codecRegistry());
		try {
			List<RawBsonDocument> documents = readRaw().find(continued)
				.sort(keyset.sort())
				.limit(limit + 1)
				.into(new ArrayList<>(limit + 1));
			return keyset.window(documents, limit, this.codec, this.name);
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public long count(Bson filter) {
		checkFilter(filter);
		try {
			return read().countDocuments(filter);
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public long count() {
		return count(Filters.empty());
	}

	@Override
	public boolean exists(Bson filter) {
		checkFilter(filter);
		try {
			return readRaw().find(filter).projection(Projections.include("_id")).limit(1).first() != null;
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public boolean existsById(Object id) {
		return exists(SafeFilters.id(id));
	}

	@Override
	public <V> List<V> distinct(String field, Bson filter, Class<V> valueType) {
		Assert.hasText(field, "'field' must not be empty");
		Assert.notNull(valueType, "'valueType' must not be null");
		checkFilter(filter);
		try {
			return read().distinct(field, filter, valueType).into(new ArrayList<>());
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public UpdateResult updateOne(Bson filter, Bson update) {
		return updateOne(filter, update, new UpdateOptions());
	}

	@Override
	public UpdateResult updateOne(Bson filter, Bson update, UpdateOptions options) {
		Assert.notNull(options, "'options' must not be null");
		checkUpdate(filter, update);
		try {
			return write("update").updateOne(filter, update, options);
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public UpdateResult updateMany(Bson filter, Bson update) {
		return updateMany(filter, update, new UpdateOptions());
	}

	@Override
	public UpdateResult updateMany(Bson filter, Bson update, UpdateOptions options) {
		Assert.notNull(options, "'options' must not be null");
		checkUpdate(filter, update);
		try {
			return write("update").updateMany(filter, update, options);
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public UpdateResult upsert(Bson filter, Bson update) {
		return updateOne(filter, update, new UpdateOptions().upsert(true));
	}

	@Override
	public Optional<T> replace(T entity) {
		Assert.notNull(entity, "'entity' must not be null");
		Object id = this.metadata.requireId(entity, "replace");
		if (!this.metadata.isVersioned()) {
			return (replaceById(id, null, entity, false) > 0) ? Optional.of(entity) : Optional.empty();
		}
		long version = this.metadata.versionOf(entity);
		T next = replaceVersioned(id, version, entity);
		if (next != null) {
			return Optional.of(next);
		}
		BsonValue stored = storedVersion(id);
		if (stored != null) {
			throw optimisticLockingFailure(id, version, stored);
		}
		return Optional.empty();
	}

	@Override
	public T save(T entity) {
		Assert.notNull(entity, "'entity' must not be null");
		Object id = this.metadata.idOf(entity);
		if (id == null || this.metadata.hasNullVersion(entity)) {
			return insert(entity);
		}
		if (!this.metadata.isVersioned()) {
			replaceById(id, null, entity, true);
			return entity;
		}
		long version = this.metadata.versionOf(entity);
		T next = replaceVersioned(id, version, entity);
		if (next != null) {
			return next;
		}
		BsonValue stored = storedVersion(id);
		if (stored == null && version == 0) {
			try {
				return insert(entity);
			}
			catch (DuplicateKeyException ex) {
				throw optimisticLockingFailure(id, version, storedVersion(id));
			}
		}
		throw optimisticLockingFailure(id, version, stored);
	}

	/**
	 * Replace the document with the id and version by the entity at the next version.
	 * @return the entity as stored, or {@code null} when no document has the id and version,
	 * in which case a POJO is left at its own version
	 */
	private @Nullable T replaceVersioned(Object id, long version, T entity) {
		T next = this.metadata.withVersion(entity, version + 1);
		boolean replaced = false;
		try {
			replaced = replaceById(id, version, next, false) > 0;
			return replaced ? next : null;
		}
		finally {
			if (!replaced && next == entity) {
				// A POJO is changed in place: nothing was written, so undo its new version
				this.metadata.withVersion(entity, version);
			}
		}
	}

	private long replaceById(Object id, @Nullable Long version, T entity, boolean upsert) {
		Bson filter = (version != null) ? Filters.and(SafeFilters.id(id), Filters.eq(this.metadata.versionField(), version))
				: SafeFilters.id(id);
		RawBsonDocument document = encode(entity);
		ReplaceOptions options = new ReplaceOptions().upsert(upsert);
		try {
			UpdateResult result = writeRaw("replace").replaceOne(filter, document, options);
			return result.getMatchedCount() + ((result.getUpsertedId() != null) ? 1 : 0);
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	private @Nullable BsonValue storedVersion(Object id) {
		String field = this.metadata.versionField();
		try {
			RawBsonDocument stored = readRaw().find(SafeFilters.id(id)).projection(Projections.include(field)).first();
			return (stored != null) ? stored.getOrDefault(field, BsonNull.VALUE) : null;
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	private OptimisticLockingFailureException optimisticLockingFailure(Object id, long expected,
			@Nullable BsonValue stored) {
		String now = (stored == null) ? "it has been deleted"
				: stored.isNumber() ? "it is now at version " + stored.asNumber().longValue()
						: "it now has no numeric version";
		return new OptimisticLockingFailureException("Optimistic locking failed for the "
				+ this.metadata.getType().getSimpleName() + " with id " + id + " in '" + this.name
				+ "': expected version " + expected + ", but " + now + ". Reload it and apply the change again.");
	}

	@Override
	public Optional<T> findOneAndUpdate(Bson filter, Bson update, ReturnDocument returnDocument) {
		Assert.notNull(returnDocument, "'returnDocument' must not be null");
		return findOneAndUpdate(filter, update, new FindOneAndUpdateOptions().returnDocument(returnDocument));
	}

	@Override
	public Optional<T> findOneAndUpdate(Bson filter, Bson update, FindOneAndUpdateOptions options) {
		Assert.notNull(options, "'options' must not be null");
		checkUpdate(filter, update);
		try {
			return Optional.ofNullable(write("update").findOneAndUpdate(filter, update, options));
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public Optional<T> findOneAndReplace(Bson filter, T replacement, ReturnDocument returnDocument) {
		Assert.notNull(returnDocument, "'returnDocument' must not be null");
		return findOneAndReplace(filter, replacement, new FindOneAndReplaceOptions().returnDocument(returnDocument));
	}

	@Override
	public Optional<T> findOneAndReplace(Bson filter, T replacement, FindOneAndReplaceOptions options) {
		Assert.notNull(replacement, "'replacement' must not be null");
		Assert.notNull(options, "'options' must not be null");
		checkFilter(filter);
		RawBsonDocument document = encode(replacement);
		try {
			RawBsonDocument found = writeRaw("replace").findOneAndReplace(filter, document, options);
			return (found != null) ? Optional.of(found.decode(this.codec)) : Optional.empty();
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public Optional<T> findOneAndDelete(Bson filter) {
		checkFilter(filter);
		try {
			return Optional.ofNullable(write("delete").findOneAndDelete(filter));
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public boolean deleteById(Object id) {
		return delete(SafeFilters.id(id), false) > 0;
	}

	@Override
	public boolean deleteOne(Bson filter) {
		checkFilter(filter);
		return delete(filter, false) > 0;
	}

	@Override
	public long deleteMany(Bson filter) {
		checkFilter(filter);
		return delete(filter, true);
	}

	private long delete(Bson filter, boolean many) {
		try {
			MongoCollection<T> collection = write("delete");
			return (many ? collection.deleteMany(filter) : collection.deleteOne(filter)).getDeletedCount();
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public BulkWrite<T> bulk() {
		return new BulkWrite<>(this);
	}

	@Override
	public <R> List<R> aggregate(List<? extends Bson> pipeline, Class<R> resultType) {
		Assert.notNull(resultType, "'resultType' must not be null");
		checkPipeline(pipeline);
		try {
			return read().aggregate(pipeline, resultType).into(new ArrayList<>());
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public <R> Stream<R> aggregateStream(List<? extends Bson> pipeline, Class<R> resultType) {
		Assert.notNull(resultType, "'resultType' must not be null");
		checkPipeline(pipeline);
		try {
			return CursorStreams.of(read().aggregate(pipeline, resultType).cursor(), this.context.translator());
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Index and collection management never joins a transaction.
	 */
	@Override
	public List<String> ensureIndexes() {
		List<IndexModel> indexes = IndexDefinitions.of(this.metadata.getType());
		return indexes.isEmpty() ? List.of() : createIndexes(indexes);
	}

	@Override
	public String createIndex(Bson keys, IndexOptions options) {
		Assert.notNull(keys, "'keys' must not be null");
		Assert.notNull(options, "'options' must not be null");
		try {
			return this.collection.createIndex(keys, options);
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public List<String> createIndexes(List<IndexModel> indexes) {
		Assert.notEmpty(indexes, "'indexes' must not be empty");
		try {
			return this.collection.createIndexes(indexes);
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public void createCollection(CreateCollectionOptions options) {
		Assert.notNull(options, "'options' must not be null");
		try {
			this.context.database().createCollection(this.name, options);
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public void createCollectionWithSchema(Bson jsonSchema) {
		Assert.notNull(jsonSchema, "'jsonSchema' must not be null");
		createCollection(new CreateCollectionOptions()
			.validationOptions(new ValidationOptions().validator(Filters.jsonSchema(jsonSchema))));
	}

	@Override
	public boolean collectionExists() {
		try {
			return this.context.database().listCollectionNames().into(new ArrayList<>()).contains(this.name);
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public void drop() {
		try {
			this.collection.drop();
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	@Override
	public AsyncCollectionOperations<T> async() {
		return this.async;
	}

	AsyncCollectionTemplate<T> asyncTemplate() {
		return this.async;
	}

	RawBsonDocument encode(T entity) {
		return this.context.validator()
			.encode(this.name, entity, this.codec, this.context.maxDocumentSize().getAsInt());
	}

	T prepareForInsert(T entity) {
		return this.metadata.prepareForInsert(entity);
	}

	void checkFilter(Bson filter) {
		Assert.notNull(filter, "'filter' must not be null");
		this.context.validator().validateFilter(this.name, filter, this.context.codecRegistry());
	}

	void checkUpdate(Bson filter, Bson update) {
		checkFilter(filter);
		Assert.notNull(update, "'update' must not be null");
		this.context.validator().validateUpdate(this.name, update, this.context.codecRegistry());
	}

	private void checkPipeline(List<? extends Bson> pipeline) {
		Assert.notNull(pipeline, "'pipeline' must not be null");
		this.context.validator().validatePipeline(this.name, pipeline, this.context.codecRegistry());
	}

	BulkWriteResult bulkWrite(List<WriteModel<RawBsonDocument>> models, boolean ordered) {
		BulkWriteOptions options = new BulkWriteOptions().ordered(ordered);
		try {
			return writeRaw("bulk write").bulkWrite(models, options);
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	/*
	 * Every operation runs on the collection these return: the plain one, or the same bound
	 * to the current transaction's session (SessionBinding, the one place that joins).
	 */

	private MongoCollection<T> read() {
		return this.context.sessions().forRead(this.collection);
	}

	private MongoCollection<RawBsonDocument> readRaw() {
		return this.context.sessions().forRead(this.raw);
	}

	private MongoCollection<T> write(String operation) {
		return this.context.sessions().forWrite(this.collection, operation, this.target);
	}

	private MongoCollection<RawBsonDocument> writeRaw(String operation) {
		return this.context.sessions().forWrite(this.raw, operation, this.target);
	}

	RuntimeException translate(RuntimeException ex) {
		return this.context.translator().translate(ex);
	}

	@Override
	public String toString() {
		return "CollectionTemplate[" + this.metadata.getType().getSimpleName() + " in '" + this.name + "']";
	}

}
