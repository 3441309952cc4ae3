package io.connectplatform.mongodb.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.BulkWriteUpsert;
import com.mongodb.client.model.DeleteManyModel;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.springframework.util.Assert;

/**
 * A bulk write being built: operations are checked and encoded as they are added, then sent by
 * {@link #execute()}. Ordered by default: the server stops at the first failing operation;
 * unordered, it tries every operation. Either way, operations before a failure stay applied
 * unless the bulk write runs inside a transaction; the
 * {@link MongoBulkWriteFailureException} says which ones failed. Not thread-safe.
 *
 * @param <T> the entity type
 * @author Connect MongoDB team
 */
public final class BulkWrite<T> {

	private final CollectionTemplate<T> template;

	private final List<WriteModel<RawBsonDocument>> operations = new ArrayList<>();

	private boolean ordered = true;

	private boolean executed;

	BulkWrite(CollectionTemplate<T> template) {
		this.template = template;
	}

	/**
	 * Add an insert, preparing the entity as {@link CollectionOperations#insert} does.
	 * @param entity the entity
	 * @return this bulk write
	 */
	public BulkWrite<T> insert(T entity) {
		Assert.notNull(entity, "'entity' must not be null");
		this.operations.add(new InsertOneModel<>(this.template.encode(this.template.prepareForInsert(entity))));
		return this;
	}

	/**
	 * Add an insert for each entity.
	 * @param entities the entities
	 * @return this bulk write
	 */
	public BulkWrite<T> insertAll(Collection<? extends T> entities) {
		Assert.notNull(entities, "'entities' must not be null");
		entities.forEach(this::insert);
		return this;
	}

	/**
	 * Add an update of the first document that matches a filter.
	 * @param filter the filter
	 * @param update the update
	 * @return this bulk write
	 */
	public BulkWrite<T> updateOne(Bson filter, Bson update) {
		return updateOne(filter, update, new UpdateOptions());
	}

	/**
	 * Add an update of the first document that matches a filter, with options such as upsert.
	 * @param filter the filter
	 * @param update the update
	 * @param options the options
	 * @return this bulk write
	 */
	public BulkWrite<T> updateOne(Bson filter, Bson update, UpdateOptions options) {
		Assert.notNull(options, "'options' must not be null");
		this.template.checkUpdate(filter, update);
		this.operations.add(new UpdateOneModel<>(filter, update, options));
		return this;
	}

	/**
	 * Add an update of every document that matches a filter.
	 * @param filter the filter
	 * @param update the update
	 * @return this bulk write
	 */
	public BulkWrite<T> updateMany(Bson filter, Bson update) {
		return updateMany(filter, update, new UpdateOptions());
	}

	/**
	 * Add an update of every document that matches a filter, with options.
	 * @param filter the filter
	 * @param update the update
	 * @param options the options
	 * @return this bulk write
	 */
	public BulkWrite<T> updateMany(Bson filter, Bson update, UpdateOptions options) {
		Assert.notNull(options, "'options' must not be null");
		this.template.checkUpdate(filter, update);
		this.operations.add(new UpdateManyModel<>(filter, update, options));
		return this;
	}

	/**
	 * Add a replacement of the first document that matches a filter. Versions are not checked.
	 * @param filter the filter
	 * @param replacement the replacement
	 * @return this bulk write
	 */
	public BulkWrite<T> replaceOne(Bson filter, T replacement) {
		return replaceOne(filter, replacement, new ReplaceOptions());
	}

	/**
	 * Add a replacement of the first document that matches a filter, with options such as
	 * upsert. Versions are not checked.
	 * @param filter the filter
	 * @param replacement the replacement
	 * @param options the options
	 * @return this bulk write
	 */
	public BulkWrite<T> replaceOne(Bson filter, T replacement, ReplaceOptions options) {
		Assert.notNull(replacement, "'replacement' must not be null");
		Assert.notNull(options, "'options' must not be null");
		this.template.checkFilter(filter);
		this.operations.add(new ReplaceOneModel<>(filter, this.template.encode(replacement), options));
		return this;
	}

	/**
	 * Add a delete of the first document that matches a filter.
	 * @param filter the filter
	 * @return this bulk write
	 */
	public BulkWrite<T> deleteOne(Bson filter) {
		this.template.checkFilter(filter);
		this.operations.add(new DeleteOneModel<>(filter));
		return this;
	}

	/**
	 * Add a delete of every document that matches a filter.
	 * @param filter the filter
	 * @return this bulk write
	 */
	public BulkWrite<T> deleteMany(Bson filter) {
		this.template.checkFilter(filter);
		this.operations.add(new DeleteManyModel<>(filter));
		return this;
	}

	/**
	 * Set whether the server stops at the first failing operation (the default) or tries
	 * every operation.
	 * @param ordered whether the bulk write is ordered
	 * @return this bulk write
	 */
	public BulkWrite<T> ordered(boolean ordered) {
		this.ordered = ordered;
		return this;
	}

	/**
	 * Return the number of operations added.
	 * @return the number of operations
	 */
	public int size() {
		return this.operations.size();
	}

	/**
	 * Send the operations, once; an empty bulk write sends nothing.
	 * @return the counts and upserted ids
	 * @throws MongoBulkWriteFailureException if operations failed, with each failure's index
	 */
	public BulkResult execute() {
		Assert.state(!this.executed, "This bulk write has already been executed; start a new one with bulk()");
		this.executed = true;
		if (this.operations.isEmpty()) {
			return new BulkResult(0, 0, 0, 0, Map.of());
		}
		BulkWriteResult result = this.template.bulkWrite(List.copyOf(this.operations), this.ordered);
		if (!result.wasAcknowledged()) {
			return new BulkResult(0, 0, 0, 0, Map.of());
		}
		Map<Integer, BsonValue> upserts = new HashMap<>();
		for (BulkWriteUpsert upsert : result.getUpserts()) {
			upserts.put(upsert.getIndex(), upsert.getId());
		}
		return new BulkResult(result.getInsertedCount(), result.getMatchedCount(), result.getModifiedCount(),
				result.getDeletedCount(), upserts);
	}

	/**
	 * Send the operations on the async executor.
	 * @return the future result
	 * @see #execute()
	 */
	public CompletableFuture<BulkResult> executeAsync() {
		return this.template.asyncTemplate().supply("bulk write", this::execute);
	}

}
