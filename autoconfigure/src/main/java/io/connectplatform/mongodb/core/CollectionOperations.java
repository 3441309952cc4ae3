package io.connectplatform.mongodb.core;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;

/**
 * Typed operations on one MongoDB collection, mapped by the driver's codecs. Filters, updates,
 * sorts and projections are the driver's builders ({@code Filters}, {@code Updates},
 * {@code Sorts}, {@code Projections}) or {@link SafeFilters} for values from untrusted input.
 * <p>
 * Every operation joins the transaction bound to the current thread, if any. Bad input is
 * rejected with {@link io.connectplatform.mongodb.core.validation.MongoValidationException}
 * before anything is sent, and driver errors are thrown as Spring
 * {@link org.springframework.dao.DataAccessException}s (see {@link MongoDriverExceptionTranslator}).
 *
 * @param <T> the entity type
 * @author Connect MongoDB team
 * @see CollectionTemplate
 */
public interface CollectionOperations<T> {

	/**
	 * Return the collection name.
	 * @return the collection name
	 */
	String getCollectionName();

	/**
	 * Return the entity type.
	 * @return the entity type
	 */
	Class<T> getEntityType();

	/**
	 * Insert an entity. A null {@code ObjectId}, {@code String} or {@code UUID} id is generated
	 * first, and a null {@link Version} becomes 0.
	 * @param entity the entity
	 * @return the entity as stored: the same POJO, or a new record when an id or version was set
	 */
	T insert(T entity);

	/**
	 * Insert entities in one ordered batch, preparing each as {@link #insert(Object)} does.
	 * @param entities the entities
	 * @return the entities as stored, in order
	 */
	List<T> insertAll(Collection<? extends T> entities);

	/**
	 * Find the entity with the given {@code _id}.
	 * @param id the id
	 * @return the entity, or empty
	 */
	Optional<T> findById(Object id);

	/**
	 * Find the first entity that matches a filter.
	 * @param filter the filter
	 * @return the entity, or empty
	 */
	Optional<T> findOne(Bson filter);

	/**
	 * Find the first entity whose field equals a value, compared literally with {@code $eq}
	 * even when the value looks like an operator (see {@link SafeFilters#eq}).
	 * @param field the field
	 * @param value the value, possibly from untrusted input
	 * @return the entity, or empty
	 */
	Optional<T> findOneBy(String field, @Nullable Object value);

	/**
	 * Find every entity that matches a filter.
	 * @param filter the filter
	 * @return the entities
	 */
	List<T> find(Bson filter);

	/**
	 * Find the entities a query describes.
	 * @param query the query
	 * @return the entities
	 */
	List<T> find(FindQuery query);

	/**
	 * Find the documents a query describes, decoded into another type (for projections).
	 * @param <R> the result type
	 * @param query the query
	 * @param resultType the result type
	 * @return the results
	 */
	<R> List<R> find(FindQuery query, Class<R> resultType);

	/**
	 * Find every entity whose field equals a value, compared literally with {@code $eq}.
	 * @param field the field
	 * @param value the value, possibly from untrusted input
	 * @return the entities
	 */
	List<T> findBy(String field, @Nullable Object value);

	/**
	 * Find every entity in the collection.
	 * @return the entities
	 */
	List<T> findAll();

	/**
	 * Stream the entities a query describes over a server cursor, fetching in batches. Close
	 * the stream (try-with-resources) to close the cursor early.
	 * @param query the query
	 * @return the entities as a stream
	 */
	Stream<T> stream(FindQuery query);

	/**
	 * Find one page by offset, with the total number of matching documents. The total is
	 * counted only when the page does not tell it: a short, non-empty page is the last one,
	 * and an empty first page means none match. {@link Pageable#unpaged()} returns every
	 * matching document in one page (in the unpaged sort, if any).
	 * @param filter the filter
	 * @param pageable the page number, size and sort; sort properties are checked as
	 * {@link SafeSorts} does
	 * @return the page
	 */
	Page<T> page(Bson filter, Pageable pageable);

	/**
	 * Find the window after a position by keyset: the query continues after the last seen
	 * sort key instead of skipping, so it costs the same at any depth and neither repeats nor
	 * skips documents when others are inserted meanwhile. {@code _id} is appended to the sort
	 * as the tie-breaker, and every matching document must have a non-null value for each sort
	 * field. Start with {@link ScrollPosition#keyset()} and continue with
	 * {@code window.positionAt(window.size() - 1)} while {@code window.hasNext()};
	 * {@link ScrollTokens} turns a position into a token for REST APIs. Only forward
	 * {@link KeysetScrollPosition}s are accepted; for offsets use
	 * {@link #page(Bson, Pageable)}.
	 * @param filter the filter
	 * @param sort the sort, the same for every window of one scroll; properties are checked
	 * as {@link SafeSorts} does
	 * @param limit the window size, 1 or more
	 * @param position the position to continue after
	 * @return the window
	 * @throws IllegalArgumentException if the position is not a forward keyset position or
	 * holds other keys than the sort's
	 */
	Window<T> scroll(Bson filter, Sort sort, int limit, ScrollPosition position);

	/**
	 * Count the documents that match a filter.
	 * @param filter the filter
	 * @return the count
	 */
	long count(Bson filter);

	/**
	 * Count every document in the collection.
	 * @return the count
	 */
	long count();

	/**
	 * Return whether any document matches a filter.
	 * @param filter the filter
	 * @return whether one exists
	 */
	boolean exists(Bson filter);

	/**
	 * Return whether a document with the given {@code _id} exists.
	 * @param id the id
	 * @return whether it exists
	 */
	boolean existsById(Object id);

	/**
	 * Return the distinct values of a field among the documents that match a filter.
	 * @param <V> the value type
	 * @param field the field
	 * @param filter the filter
	 * @param valueType the value type
	 * @return the distinct values
	 */
	<V> List<V> distinct(String field, Bson filter, Class<V> valueType);

	/**
	 * Update the first document that matches a filter.
	 * @param filter the filter
	 * @param update the update, for example {@code Updates.set("status", "PAID")}
	 * @return the result
	 */
	UpdateResult updateOne(Bson filter, Bson update);

	/**
	 * Update the first document that matches a filter, with options such as upsert.
	 * @param filter the filter
	 * @param update the update
	 * @param options the options
	 * @return the result
	 */
	UpdateResult updateOne(Bson filter, Bson update, UpdateOptions options);

	/**
	 * Update every document that matches a filter.
	 * @param filter the filter
	 * @param update the update
	 * @return the result
	 */
	UpdateResult updateMany(Bson filter, Bson update);

	/**
	 * Update every document that matches a filter, with options.
	 * @param filter the filter
	 * @param update the update
	 * @param options the options
	 * @return the result
	 */
	UpdateResult updateMany(Bson filter, Bson update, UpdateOptions options);

	/**
	 * Update the first document that matches a filter, or insert one built from the filter's
	 * equalities and the update when none matches.
	 * @param filter the filter
	 * @param update the update
	 * @return the result, with the upserted id when a document was inserted
	 */
	UpdateResult upsert(Bson filter, Bson update);

	/**
	 * Replace the document with the entity's id. A {@link Version}ed entity is written only
	 * when the stored version equals its own, and stored with the version plus one.
	 * @param entity the entity, with an id
	 * @return the entity as stored, or empty when no document has its id
	 * @throws org.springframework.dao.OptimisticLockingFailureException if the stored version
	 * differs
	 */
	Optional<T> replace(T entity);

	/**
	 * Insert the entity when it is new, else replace the document with its id (upsert by id).
	 * An entity without an id is new; so is a {@link Version}ed entity whose version is null,
	 * or 0 when no document has its id yet. A versioned entity is written only when the stored
	 * version equals its own, and stored with the version plus one.
	 * @param entity the entity
	 * @return the entity as stored
	 * @throws org.springframework.dao.OptimisticLockingFailureException if the stored version
	 * differs or the document was deleted meanwhile
	 */
	T save(T entity);

	/**
	 * Update the first document that matches a filter and return it.
	 * @param filter the filter
	 * @param update the update
	 * @param returnDocument whether to return the document as it was before or after
	 * @return the document, or empty when none matched
	 */
	Optional<T> findOneAndUpdate(Bson filter, Bson update, ReturnDocument returnDocument);

	/**
	 * Update the first document that matches a filter and return it, with options such as
	 * sort, projection and upsert.
	 * @param filter the filter
	 * @param update the update
	 * @param options the options
	 * @return the document, or empty when none matched
	 */
	Optional<T> findOneAndUpdate(Bson filter, Bson update, FindOneAndUpdateOptions options);

	/**
	 * Replace the first document that matches a filter and return it. Versions are not
	 * checked; use {@link #replace(Object)} for optimistic locking.
	 * @param filter the filter
	 * @param replacement the replacement
	 * @param returnDocument whether to return the document as it was before or after
	 * @return the document, or empty when none matched
	 */
	Optional<T> findOneAndReplace(Bson filter, T replacement, ReturnDocument returnDocument);

	/**
	 * Replace the first document that matches a filter and return it, with options.
	 * @param filter the filter
	 * @param replacement the replacement
	 * @param options the options
	 * @return the document, or empty when none matched
	 */
	Optional<T> findOneAndReplace(Bson filter, T replacement, FindOneAndReplaceOptions options);

	/**
	 * Delete the first document that matches a filter and return it.
	 * @param filter the filter
	 * @return the deleted document, or empty when none matched
	 */
	Optional<T> findOneAndDelete(Bson filter);

	/**
	 * Delete the document with the given {@code _id}.
	 * @param id the id
	 * @return whether a document was deleted
	 */
	boolean deleteById(Object id);

	/**
	 * Delete the first document that matches a filter.
	 * @param filter the filter
	 * @return whether a document was deleted
	 */
	boolean deleteOne(Bson filter);

	/**
	 * Delete every document that matches a filter.
	 * @param filter the filter
	 * @return the number of documents deleted
	 */
	long deleteMany(Bson filter);

	/**
	 * Start a bulk write: add inserts, updates, replacements and deletes, then
	 * {@link BulkWrite#execute() execute} them in one round trip per batch.
	 * @return a new bulk write
	 */
	BulkWrite<T> bulk();

	/**
	 * Run an aggregation pipeline, built with the driver's {@code Aggregates}.
	 * @param <R> the result type
	 * @param pipeline the stages
	 * @param resultType the type to decode each result into
	 * @return the results
	 */
	<R> List<R> aggregate(List<? extends Bson> pipeline, Class<R> resultType);

	/**
	 * Run an aggregation pipeline and stream its results over a server cursor. Close the stream
	 * to close the cursor early.
	 * @param <R> the result type
	 * @param pipeline the stages
	 * @param resultType the type to decode each result into
	 * @return the results as a stream
	 */
	<R> Stream<R> aggregateStream(List<? extends Bson> pipeline, Class<R> resultType);

	/**
	 * Create the indexes declared on the entity type with {@link IndexedField} and
	 * {@link CollectionIndex}. Existing identical indexes are left alone.
	 * @return the names of the indexes
	 */
	List<String> ensureIndexes();

	/**
	 * Create an index, for example {@code createIndex(Indexes.ascending("email"), new IndexOptions().unique(true))};
	 * compound, TTL ({@code expireAfter}) and partial ({@code partialFilterExpression})
	 * indexes are options of the driver's builders.
	 * @param keys the index keys
	 * @param options the index options
	 * @return the index name
	 */
	String createIndex(Bson keys, IndexOptions options);

	/**
	 * Create several indexes in one command.
	 * @param indexes the indexes
	 * @return the index names
	 */
	List<String> createIndexes(List<IndexModel> indexes);

	/**
	 * Create the collection explicitly, with options such as a validator or capped size.
	 * @param options the options
	 */
	void createCollection(CreateCollectionOptions options);

	/**
	 * Create the collection with a {@code $jsonSchema} validator, so the server rejects
	 * documents that do not match it.
	 * @param jsonSchema the schema, for example {@code Document.parse("{bsonType: 'object', required: ['name']}")}
	 */
	void createCollectionWithSchema(Bson jsonSchema);

	/**
	 * Return whether the collection exists.
	 * @return whether it exists
	 */
	boolean collectionExists();

	/**
	 * Drop the collection with its documents and indexes.
	 */
	void drop();

	/**
	 * Return the same operations, each running on the async executor and returning a
	 * {@link java.util.concurrent.CompletableFuture}.
	 * @return the async operations
	 */
	AsyncCollectionOperations<T> async();

}
