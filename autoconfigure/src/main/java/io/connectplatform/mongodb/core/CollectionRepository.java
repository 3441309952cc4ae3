package io.connectplatform.mongodb.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.model.Filters;
import org.bson.conversions.Bson;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.ListPagingAndSortingRepository;
import org.springframework.util.Assert;

/**
 * A repository over one collection with Spring Data's {@link ListCrudRepository} and
 * {@link ListPagingAndSortingRepository} methods, to extend with your own query methods:
 * <pre>{@code
 * @Repository
 * class OrderRepository extends CollectionRepository<Order, ObjectId> {
 *     OrderRepository(CollectionTemplate<Order> orders) { super(orders); }
 *     List<Order> findByCustomer(String customer) { return operations().findBy("customer", customer); }
 * }
 * }</pre>
 * For a {@link CollectionEntity @CollectionEntity} type, {@code CollectionRepository<Order, ObjectId>}
 * can also be injected as it is; a subclass bean of yours takes its place. Every method runs
 * through the template, so it joins the transaction bound to the current thread, if any; the
 * methods that touch several entities ({@code saveAll}, {@code deleteAll} of versioned
 * entities) are atomic only inside one.
 *
 * @param <T> the entity type
 * @param <ID> the id type
 * @author Connect MongoDB team
 */
public class CollectionRepository<T, ID> implements ListCrudRepository<T, ID>, ListPagingAndSortingRepository<T, ID> {

	private static final String ID_FIELD = "_id";

	private final CollectionOperations<T> operations;

	private final EntityMetadata<T> metadata;

	/**
	 * Return the id type of the repository of an entity type: the type of the property
	 * stored as {@code _id}, or {@link org.bson.types.ObjectId} when the entity has none (the
	 * server then generates one).
	 * @param entityType the entity type
	 * @return the id type
	 */
	public static Class<?> idTypeOf(Class<?> entityType) {
		Assert.notNull(entityType, "'entityType' must not be null");
		return EntityMetadata.of(entityType).getIdType();
	}

	/**
	 * Create a repository on a template.
	 * @param operations the template
	 */
	public CollectionRepository(CollectionOperations<T> operations) {
		Assert.notNull(operations, "'operations' must not be null");
		this.operations = operations;
		this.metadata = EntityMetadata.of(operations.getEntityType());
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
	 * @return the entity as stored: the same POJO, or a new record when an id or
	 * {@link Version} was set
	 */
	@Override
	@SuppressWarnings("unchecked")
	public <S extends T> S save(S entity) {
		return (S) this.operations.save(entity);
	}

	/**
	 * Save each entity in turn. Not atomic: if one fails, those before it stay saved unless
	 * the call runs inside a transaction.
	 * @param entities the entities
	 * @return the entities as stored, in order
	 */
	@Override
	public <S extends T> List<S> saveAll(Iterable<S> entities) {
		Assert.notNull(entities, "'entities' must not be null");
		List<S> saved = new ArrayList<>();
		for (S entity : entities) {
			saved.add(save(entity));
		}
		return saved;
	}

	@Override
	public Optional<T> findById(ID id) {
		return this.operations.findById(id);
	}

	@Override
	public boolean existsById(ID id) {
		return this.operations.existsById(id);
	}

	@Override
	public List<T> findAll() {
		return this.operations.findAll();
	}

	/**
	 * Find the entities with the given ids, in no particular order; ids that match nothing
	 * are left out.
	 * @param ids the ids
	 * @return the entities
	 */
	@Override
	public List<T> findAllById(Iterable<ID> ids) {
		List<Object> list = ids(ids);
		return list.isEmpty() ? List.of() : this.operations.find(SafeFilters.in(ID_FIELD, list));
	}

	/**
	 * Find every entity in a sort, whose properties are checked as {@link SafeSorts} does.
	 * @param sort the sort
	 * @return the entities
	 */
	@Override
	public List<T> findAll(Sort sort) {
		Assert.notNull(sort, "'sort' must not be null");
		return this.operations.find(PageQueries.of(Filters.empty(), Pageable.unpaged(sort)));
	}

	/**
	 * Find one page of every entity; see {@link CollectionOperations#page(Bson, Pageable)}.
	 * @param pageable the page number, size and sort
	 * @return the page
	 */
	@Override
	public Page<T> findAll(Pageable pageable) {
		return this.operations.page(Filters.empty(), pageable);
	}

	@Override
	public long count() {
		return this.operations.count();
	}

	/**
	 * Delete the entity with the id; nothing happens when there is none. Use
	 * {@link #removeById(Object)} to know whether one was deleted.
	 * @param id the id
	 */
	@Override
	public void deleteById(ID id) {
		this.operations.deleteById(id);
	}

	/**
	 * Delete the entity with the id, and tell whether there was one.
	 * @param id the id
	 * @return whether an entity was deleted
	 */
	public boolean removeById(ID id) {
		return this.operations.deleteById(id);
	}

	/**
	 * Delete an entity by its id. A {@link Version}ed entity is deleted only at its version.
	 * @param entity the entity, with an id
	 * @throws OptimisticLockingFailureException if the entity is versioned and the stored
	 * one has another version or is gone
	 */
	@Override
	public void delete(T entity) {
		Assert.notNull(entity, "'entity' must not be null");
		Object id = this.metadata.requireId(entity, "delete");
		if (!this.metadata.isVersioned() || this.metadata.hasNullVersion(entity)) {
			this.operations.deleteById(id);
			return;
		}
		long version = this.metadata.versionOf(entity);
		Bson filter = Filters.and(SafeFilters.id(id), Filters.eq(this.metadata.versionField(), version));
		if (!this.operations.deleteOne(filter)) {
			throw new OptimisticLockingFailureException("Optimistic locking failed for the "
					+ this.metadata.getType().getSimpleName() + " with id " + id + " in '"
					+ this.operations.getCollectionName() + "': expected version " + version
					+ " to delete, but it has another version or has been deleted. Reload it and try again.");
		}
	}

	@Override
	public void deleteAllById(Iterable<? extends ID> ids) {
		List<Object> list = ids(ids);
		if (!list.isEmpty()) {
			this.operations.deleteMany(SafeFilters.in(ID_FIELD, list));
		}
	}

	/**
	 * Delete the given entities: in one command by id, or one by one at their versions when
	 * they are {@link Version}ed (see {@link #delete(Object)}).
	 * @param entities the entities
	 */
	@Override
	public void deleteAll(Iterable<? extends T> entities) {
		Assert.notNull(entities, "'entities' must not be null");
		if (this.metadata.isVersioned()) {
			entities.forEach(this::delete);
			return;
		}
		List<Object> ids = new ArrayList<>();
		for (T entity : entities) {
			Assert.notNull(entity, "'entities' must not contain null");
			ids.add(this.metadata.requireId(entity, "delete"));
		}
		if (!ids.isEmpty()) {
			this.operations.deleteMany(SafeFilters.in(ID_FIELD, ids));
		}
	}

	@Override
	public void deleteAll() {
		this.operations.deleteMany(Filters.empty());
	}

	private static List<Object> ids(Iterable<?> ids) {
		Assert.notNull(ids, "'ids' must not be null");
		List<Object> list = new ArrayList<>();
		for (Object id : ids) {
			Assert.notNull(id, "'ids' must not contain null");
			list.add(id);
		}
		return list;
	}

}
