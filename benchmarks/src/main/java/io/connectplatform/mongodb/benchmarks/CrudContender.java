package io.connectplatform.mongodb.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.types.ObjectId;

import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.transaction.TransactionalSessionLookup;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * One way of doing the CRUD operations {@link CrudBenchmark} measures: each in the way a
 * user of that library would write it.
 *
 * @author Connect MongoDB team
 */
interface CrudContender {

	/**
	 * The collection that holds the orders read and updated.
	 */
	String ORDERS = "orders";

	/**
	 * The collection that holds exactly the 100 orders {@link #findHundred()} returns.
	 */
	String HUNDRED = "orders_hundred";

	/**
	 * The collection inserts go to.
	 */
	String SINK = "orders_sink";

	/**
	 * The status of the orders in {@link #HUNDRED}.
	 */
	String OPEN = "open";

	Order insert(Order order);

	Optional<Order> findById(ObjectId id);

	List<Order> findHundred();

	long incrementCounter(ObjectId id);

	int insertAll(List<Order> orders);

	/**
	 * Return the contender of the given name.
	 * @param name {@code raw}, {@code connect} or {@code spring-data}
	 * @param client the client
	 * @param database the database name
	 * @return the contender
	 */
	static CrudContender of(String name, MongoClient client, String database) {
		return switch (name) {
			case "raw" -> new Raw(client, database);
			case "connect" -> new Connect(client, database);
			case "spring-data" -> new SpringData(client, database);
			default -> throw new IllegalArgumentException("Unknown contender '" + name + "'");
		};
	}

	/**
	 * The driver's {@code MongoCollection<Order>} with its record codec.
	 */
	final class Raw implements CrudContender {

		private final MongoCollection<Order> orders;

		private final MongoCollection<Order> hundred;

		private final MongoCollection<Order> sink;

		Raw(MongoClient client, String database) {
			this.orders = client.getDatabase(database).getCollection(ORDERS, Order.class);
			this.hundred = client.getDatabase(database).getCollection(HUNDRED, Order.class);
			this.sink = client.getDatabase(database).getCollection(SINK, Order.class);
		}

		@Override
		public Order insert(Order order) {
			this.sink.insertOne(order);
			return order;
		}

		@Override
		public Optional<Order> findById(ObjectId id) {
			return Optional.ofNullable(this.orders.find(Filters.eq("_id", id)).first());
		}

		@Override
		public List<Order> findHundred() {
			return this.hundred.find(Filters.eq("status", OPEN)).into(new ArrayList<>());
		}

		@Override
		public long incrementCounter(ObjectId id) {
			return this.orders.updateOne(Filters.eq("_id", id), Updates.inc("counter", 1)).getModifiedCount();
		}

		@Override
		public int insertAll(List<Order> orders) {
			return this.sink.insertMany(orders).getInsertedIds().size();
		}

	}

	/**
	 * Our {@code CollectionTemplate<Order>}, built as the auto-configuration builds it
	 * (validation on, joining Spring transactions).
	 */
	final class Connect implements CrudContender {

		private final CollectionTemplate<Order> orders;

		private final CollectionTemplate<Order> hundred;

		private final CollectionTemplate<Order> sink;

		Connect(MongoClient client, String database) {
			MongoTemplates templates = MongoTemplates.builder(client, database)
				.sessionLookup(new TransactionalSessionLookup(client))
				.build();
			this.orders = templates.of(ORDERS, Order.class);
			this.hundred = templates.of(HUNDRED, Order.class);
			this.sink = templates.of(SINK, Order.class);
		}

		@Override
		public Order insert(Order order) {
			return this.sink.insert(order);
		}

		@Override
		public Optional<Order> findById(ObjectId id) {
			return this.orders.findById(id);
		}

		@Override
		public List<Order> findHundred() {
			return this.hundred.findBy("status", OPEN);
		}

		@Override
		public long incrementCounter(ObjectId id) {
			return this.orders.updateOne(Filters.eq("_id", id), Updates.inc("counter", 1)).getModifiedCount();
		}

		@Override
		public int insertAll(List<Order> orders) {
			return this.sink.insertAll(orders).size();
		}

	}

	/**
	 * Spring Data's {@code MongoTemplate} with its defaults.
	 */
	final class SpringData implements CrudContender {

		private final MongoTemplate template;

		SpringData(MongoClient client, String database) {
			this.template = new MongoTemplate(client, database);
		}

		@Override
		public Order insert(Order order) {
			return this.template.insert(order, SINK);
		}

		@Override
		public Optional<Order> findById(ObjectId id) {
			return Optional.ofNullable(this.template.findById(id, Order.class, ORDERS));
		}

		@Override
		public List<Order> findHundred() {
			return this.template.find(Query.query(Criteria.where("status").is(OPEN)), Order.class, HUNDRED);
		}

		@Override
		public long incrementCounter(ObjectId id) {
			return this.template
				.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().inc("counter", 1), Order.class,
						ORDERS)
				.getModifiedCount();
		}

		@Override
		public int insertAll(List<Order> orders) {
			return this.template.insert(orders, SINK).size();
		}

	}

}
