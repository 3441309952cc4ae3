package io.connectplatform.mongodb.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.model.Filters;
import org.springframework.util.Assert;

/**
 * A repository over one collection, to extend with your own query methods:
 * <pre>{@code
 * @Repository
 * class OrderRepository extends MongoRepository<Order, ObjectId> {
 *     OrderRepository(CollectionTemplate<Order> orders) { super(orders); }
 *     List<Order> findByCustomer(String customer) { return operations().findBy("customer", customer); }
 * }
 * }</pre>
 * For a {@link MongoCollection @MongoCollection} type, {@code MongoRepository<Order, ObjectId>}
 * can also be injected as it is; a subclass bean of yours takes its place.
 *
 * @param <T> the entity type
 * @param <ID> the id type
 * @author Connect MongoDB team
 */
public class MongoRepository<T, ID> {

	private final CollectionOperations<T> operations;

	/**
	 * Create a repository on a template.
	 * @param operations the template
	 */
	public MongoRepository(CollectionOperations<T> operations) {
		Assert.notNull(operations, "'operations' must not be null");
		this.operations = operations;
	}

	/**
	 * Return the template, for query methods of your own.
	 * @return the template
	 */
	protected final CollectionOperations<T> operations() {
		return this.operations;
	}

	/**
	 * Insert the entity when it is new, else replace it by id; see
	 * {@link CollectionOperations#save(Object)}.
	 * @param entity the entity
	 * @return the entity as stored
	 */
	public T save(T entity) {
		return this.operations.save(entity);
	}

	/**
	 * Save each entity in turn. Not atomic: if one fails, those before it stay saved unless
	 * the call runs inside a transaction.
	 * @param entities the entities
	 * @return the entities as stored, in order
	 */
	public List<T> saveAll(Iterable<? extends T> entities) {
		Assert.notNull(entities, "'entities' must not be null");
		List<T> saved = new ArrayList<>();
		for (T entity : entities) {
			saved.add(this.operations.save(entity));
		}
		return saved;
	}

	/**
	 * Find an entity by id.
	 * @param id the id
	 * @return the entity, or empty
	 */
	public Optional<T> findById(ID id) {
		return this.operations.findById(id);
	}

	/**
	 * Find every entity.
	 * @return the entities
	 */
	public List<T> findAll() {
		return this.operations.findAll();
	}

	/**
	 * Find one page of every entity.
	 * @param pageRequest the page number, size and sort
	 * @return the page
	 */
	public Page<T> findAll(PageRequest pageRequest) {
		return this.operations.page(Filters.empty(), pageRequest);
	}

	/**
	 * Return whether an entity with the id exists.
	 * @param id the id
	 * @return whether it exists
	 */
	public boolean existsById(ID id) {
		return this.operations.existsById(id);
	}

	/**
	 * Count the entities.
	 * @return the count
	 */
	public long count() {
		return this.operations.count();
	}

	/**
	 * Delete the entity with the id.
	 * @param id the id
	 * @return whether one was deleted
	 */
	public boolean deleteById(ID id) {
		return this.operations.deleteById(id);
	}

}
