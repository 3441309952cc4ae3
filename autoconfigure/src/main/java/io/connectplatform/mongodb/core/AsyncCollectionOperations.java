package io.connectplatform.mongodb.core;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;

/**
 * The {@link CollectionOperations} as {@link CompletableFuture}s, each run on the async
 * executor ({@code connect.mongodb.async.*}). A full executor rejects the call at once with
 * {@link org.springframework.core.task.TaskRejectedException} instead of blocking. Async
 * operations cannot join the caller's transaction (a session is not safe to share across
 * threads), so calling one while a transaction is bound to the current thread throws
 * {@link org.springframework.dao.InvalidDataAccessApiUsageException}, also when the
 * transaction runs without a session on a standalone server
 * ({@code connect.mongodb.transactions.on-standalone=run-without-transaction}). Failures complete the
 * future exceptionally with the same exceptions the synchronous method throws.
 *
 * @param <T> the entity type
 * @author Connect MongoDB team
 */
public interface AsyncCollectionOperations<T> {

	/**
	 * Async {@link CollectionOperations#insert(Object)}.
	 * @param entity see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<T> insert(T entity);

	/**
	 * Async {@link CollectionOperations#insertAll(Collection)}.
	 * @param entities see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<List<T>> insertAll(Collection<? extends T> entities);

	/**
	 * Async {@link CollectionOperations#findById(Object)}.
	 * @param id see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<Optional<T>> findById(Object id);

	/**
	 * Async {@link CollectionOperations#findOne(Bson)}.
	 * @param filter see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<Optional<T>> findOne(Bson filter);

	/**
	 * Async {@link CollectionOperations#findOneBy(String, Object)}.
	 * @param field see the synchronous method
	 * @param value see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<Optional<T>> findOneBy(String field, @Nullable Object value);

	/**
	 * Async {@link CollectionOperations#find(Bson)}.
	 * @param filter see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<List<T>> find(Bson filter);

	/**
	 * Async {@link CollectionOperations#find(FindQuery)}.
	 * @param query see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<List<T>> find(FindQuery query);

	/**
	 * Async {@link CollectionOperations#find(FindQuery, Class)}.
	 * @param query see the synchronous method
	 * @param resultType see the synchronous method
	 * @return the future result
	 */
	<R> CompletableFuture<List<R>> find(FindQuery query, Class<R> resultType);

	/**
	 * Async {@link CollectionOperations#findBy(String, Object)}.
	 * @param field see the synchronous method
	 * @param value see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<List<T>> findBy(String field, @Nullable Object value);

	/**
	 * Async {@link CollectionOperations#findAll()}.
	 * @return the future result
	 */
	CompletableFuture<List<T>> findAll();

	/**
	 * Async {@link CollectionOperations#page(Bson, Pageable)}.
	 * @param filter see the synchronous method
	 * @param pageable see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<Page<T>> page(Bson filter, Pageable pageable);

	/**
	 * Async {@link CollectionOperations#scroll(Bson, Sort, int, ScrollPosition)}.
	 * @param filter see the synchronous method
	 * @param sort see the synchronous method
	 * @param limit see the synchronous method
	 * @param position see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<Window<T>> scroll(Bson filter, Sort sort, int limit, ScrollPosition position);

	/**
	 * Async {@link CollectionOperations#count(Bson)}.
	 * @param filter see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<Long> count(Bson filter);

	/**
	 * Async {@link CollectionOperations#exists(Bson)}.
	 * @param filter see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<Boolean> exists(Bson filter);

	/**
	 * Async {@link CollectionOperations#existsById(Object)}.
	 * @param id see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<Boolean> existsById(Object id);

	/**
	 * Async {@link CollectionOperations#distinct(String, Bson, Class)}.
	 * @param field see the synchronous method
	 * @param filter see the synchronous method
	 * @param valueType see the synchronous method
	 * @return the future result
	 */
	<V> CompletableFuture<List<V>> distinct(String field, Bson filter, Class<V> valueType);

	/**
	 * Async {@link CollectionOperations#updateOne(Bson, Bson)}.
	 * @param filter see the synchronous method
	 * @param update see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<UpdateResult> updateOne(Bson filter, Bson update);

	/**
	 * Async {@link CollectionOperations#updateOne(Bson, Bson, UpdateOptions)}.
	 * @param filter see the synchronous method
	 * @param update see the synchronous method
	 * @param options see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<UpdateResult> updateOne(Bson filter, Bson update, UpdateOptions options);

	/**
	 * Async {@link CollectionOperations#updateMany(Bson, Bson)}.
	 * @param filter see the synchronous method
	 * @param update see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<UpdateResult> updateMany(Bson filter, Bson update);

	/**
	 * Async {@link CollectionOperations#updateMany(Bson, Bson, UpdateOptions)}.
	 * @param filter see the synchronous method
	 * @param update see the synchronous method
	 * @param options see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<UpdateResult> updateMany(Bson filter, Bson update, UpdateOptions options);

	/**
	 * Async {@link CollectionOperations#upsert(Bson, Bson)}.
	 * @param filter see the synchronous method
	 * @param update see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<UpdateResult> upsert(Bson filter, Bson update);

	/**
	 * Async {@link CollectionOperations#replace(Object)}.
	 * @param entity see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<Optional<T>> replace(T entity);

	/**
	 * Async {@link CollectionOperations#save(Object)}.
	 * @param entity see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<T> save(T entity);

	/**
	 * Async {@link CollectionOperations#findOneAndUpdate(Bson, Bson, FindOneAndUpdateOptions)}.
	 * @param filter see the synchronous method
	 * @param update see the synchronous method
	 * @param options see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<Optional<T>> findOneAndUpdate(Bson filter, Bson update, FindOneAndUpdateOptions options);

	/**
	 * Async {@link CollectionOperations#findOneAndReplace(Bson, Object, FindOneAndReplaceOptions)}.
	 * @param filter see the synchronous method
	 * @param replacement see the synchronous method
	 * @param options see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<Optional<T>> findOneAndReplace(Bson filter, T replacement, FindOneAndReplaceOptions options);

	/**
	 * Async {@link CollectionOperations#findOneAndDelete(Bson)}.
	 * @param filter see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<Optional<T>> findOneAndDelete(Bson filter);

	/**
	 * Async {@link CollectionOperations#deleteById(Object)}.
	 * @param id see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<Boolean> deleteById(Object id);

	/**
	 * Async {@link CollectionOperations#deleteOne(Bson)}.
	 * @param filter see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<Boolean> deleteOne(Bson filter);

	/**
	 * Async {@link CollectionOperations#deleteMany(Bson)}.
	 * @param filter see the synchronous method
	 * @return the future result
	 */
	CompletableFuture<Long> deleteMany(Bson filter);

	/**
	 * Async {@link CollectionOperations#aggregate(List, Class)}.
	 * @param pipeline see the synchronous method
	 * @param resultType see the synchronous method
	 * @return the future result
	 */
	<R> CompletableFuture<List<R>> aggregate(List<? extends Bson> pipeline, Class<R> resultType);

}
