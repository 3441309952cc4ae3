package io.connectplatform.mongodb.core;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;

/**
 * The {@link AsyncCollectionOperations} of a {@link CollectionTemplate}: each call runs the
 * synchronous operation on the async executor.
 *
 * @param <T> the entity type
 * @author Connect MongoDB team
 */
final class AsyncCollectionTemplate<T> implements AsyncCollectionOperations<T> {

	private final CollectionTemplate<T> template;

	private final TemplateContext context;

	AsyncCollectionTemplate(CollectionTemplate<T> template, TemplateContext context) {
		this.template = template;
		this.context = context;
	}

	@Override
	public CompletableFuture<T> insert(T entity) {
		return supply("insert", () -> this.template.insert(entity));
	}

	@Override
	public CompletableFuture<List<T>> insertAll(Collection<? extends T> entities) {
		return supply("insertAll", () -> this.template.insertAll(entities));
	}

	@Override
	public CompletableFuture<Optional<T>> findById(Object id) {
		return supply("findById", () -> this.template.findById(id));
	}

	@Override
	public CompletableFuture<Optional<T>> findOne(Bson filter) {
		return supply("findOne", () -> this.template.findOne(filter));
	}

	@Override
	public CompletableFuture<Optional<T>> findOneBy(String field, @Nullable Object value) {
		return supply("findOneBy", () -> this.template.findOneBy(field, value));
	}

	@Override
	public CompletableFuture<List<T>> find(Bson filter) {
		return supply("find", () -> this.template.find(filter));
	}

	@Override
	public CompletableFuture<List<T>> find(FindQuery query) {
		return supply("find", () -> this.template.find(query));
	}

	@Override
	public <R> CompletableFuture<List<R>> find(FindQuery query, Class<R> resultType) {
		return supply("find", () -> this.template.find(query, resultType));
	}

	@Override
	public CompletableFuture<List<T>> findBy(String field, @Nullable Object value) {
		return supply("findBy", () -> this.template.findBy(field, value));
	}

	@Override
	public CompletableFuture<List<T>> findAll() {
		return supply("findAll", () -> this.template.findAll());
	}

	@Override
	public CompletableFuture<Page<T>> page(Bson filter, Pageable pageable) {
		return supply("page", () -> this.template.page(filter, pageable));
	}

	@Override
	public CompletableFuture<Window<T>> scroll(Bson filter, Sort sort, int limit, ScrollPosition position) {
		return supply("scroll", () -> this.template.scroll(filter, sort, limit, position));
	}

	@Override
	public CompletableFuture<Long> count(Bson filter) {
		return supply("count", () -> this.template.count(filter));
	}

	@Override
	public CompletableFuture<Boolean> exists(Bson filter) {
		return supply("exists", () -> this.template.exists(filter));
	}

	@Override
	public CompletableFuture<Boolean> existsById(Object id) {
		return supply("existsById", () -> this.template.existsById(id));
	}

	@Override
	public <V> CompletableFuture<List<V>> distinct(String field, Bson filter, Class<V> valueType) {
		return supply("distinct", () -> this.template.distinct(field, filter, valueType));
	}

	@Override
	public CompletableFuture<UpdateResult> updateOne(Bson filter, Bson update) {
		return supply("updateOne", () -> this.template.updateOne(filter, update));
	}

	@Override
	public CompletableFuture<UpdateResult> updateOne(Bson filter, Bson update, UpdateOptions options) {
		return supply("updateOne", () -> this.template.updateOne(filter, update, options));
	}

	@Override
	public CompletableFuture<UpdateResult> updateMany(Bson filter, Bson update) {
		return supply("updateMany", () -> this.template.updateMany(filter, update));
	}

	@Override
	public CompletableFuture<UpdateResult> updateMany(Bson filter, Bson update, UpdateOptions options) {
		return supply("updateMany", () -> this.template.updateMany(filter, update, options));
	}

	@Override
	public CompletableFuture<UpdateResult> upsert(Bson filter, Bson update) {
		return supply("upsert", () -> this.template.upsert(filter, update));
	}

	@Override
	public CompletableFuture<Optional<T>> replace(T entity) {
		return supply("replace", () -> this.template.replace(entity));
	}

	@Override
	public CompletableFuture<T> save(T entity) {
		return supply("save", () -> this.template.save(entity));
	}

	@Override
	public CompletableFuture<Optional<T>> findOneAndUpdate(Bson filter, Bson update, FindOneAndUpdateOptions options) {
		return supply("findOneAndUpdate", () -> this.template.findOneAndUpdate(filter, update, options));
	}

	@Override
	public CompletableFuture<Optional<T>> findOneAndReplace(Bson filter, T replacement, FindOneAndReplaceOptions options) {
		return supply("findOneAndReplace", () -> this.template.findOneAndReplace(filter, replacement, options));
	}

	@Override
	public CompletableFuture<Optional<T>> findOneAndDelete(Bson filter) {
		return supply("findOneAndDelete", () -> this.template.findOneAndDelete(filter));
	}

	@Override
	public CompletableFuture<Boolean> deleteById(Object id) {
		return supply("deleteById", () -> this.template.deleteById(id));
	}

	@Override
	public CompletableFuture<Boolean> deleteOne(Bson filter) {
		return supply("deleteOne", () -> this.template.deleteOne(filter));
	}

	@Override
	public CompletableFuture<Long> deleteMany(Bson filter) {
		return supply("deleteMany", () -> this.template.deleteMany(filter));
	}

	@Override
	public <R> CompletableFuture<List<R>> aggregate(List<? extends Bson> pipeline, Class<R> resultType) {
		return supply("aggregate", () -> this.template.aggregate(pipeline, resultType));
	}

	<R> CompletableFuture<R> supply(String operation, Supplier<R> call) {
		Executor executor = this.context.asyncExecutor();
		if (executor == null) {
			throw new IllegalStateException("No async executor is configured for the templates of this MongoTemplates;"
					+ " build it with MongoTemplates.Builder.asyncExecutor(...)");
		}
		if (this.context.sessions().isTransactionScopeBound()) {
			throw new InvalidDataAccessApiUsageException("Cannot run the async " + operation + " on '"
					+ this.template.getCollectionName() + "' inside a transaction: async operations run on another"
					+ " thread and cannot join it. Use the synchronous operation inside the transaction.");
		}
		try {
			return CompletableFuture.supplyAsync(call, executor);
		}
		catch (RejectedExecutionException ex) {
			throw new TaskRejectedException("The MongoDB async executor is full and rejected the " + operation + " on '"
					+ this.template.getCollectionName() + "'; raise connect.mongodb.async.queue-capacity (platform"
					+ " threads) or connect.mongodb.async.max-concurrency (virtual threads), or slow the caller down",
					ex);
		}
	}

}
