package io.connectplatform.mongodb.sample.sales;

import java.time.Clock;
import java.time.Instant;

import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.OperationType;
import com.mongodb.client.result.UpdateResult;
import io.connectplatform.mongodb.changestream.ChangeEvent;
import io.connectplatform.mongodb.changestream.MongoChangeListener;
import io.connectplatform.mongodb.core.CollectionOperations;
import io.connectplatform.mongodb.core.SafeFilters;
import io.connectplatform.mongodb.sample.order.Order;
import io.connectplatform.mongodb.transaction.MongoTransactions;
import org.bson.types.Decimal128;

import org.springframework.stereotype.Component;

/**
 * Keeps {@link ProductSales} up to date by adding each new order to the sales of its
 * product: the same small amount of work for every order, however many orders the product
 * already has, so the projection keeps up with the rate at which orders are placed.
 * <p>
 * Change-stream delivery is at-least-once: an order is delivered again after a crash
 * between handling it and saving the resume token, when an attempt that failed is tried
 * again, and to each instance of the application that runs this listener. Adding an order
 * twice would count it twice, so each order is added in one transaction of two writes, both
 * by {@code _id}:
 * <ol>
 * <li>an upsert of the order's mark in {@code sales_applied} ({@link AppliedOrder}, keyed by
 * the order id), which tells whether the mark was already there;</li>
 * <li>only when the mark is new, an upsert that {@code $inc}rements the orders, units and
 * revenue of the product's {@code product_sales} document.</li>
 * </ol>
 * The mark and the increment are committed together or not at all. An order delivered again
 * finds its mark and changes nothing; an order whose transaction failed or was cut short left
 * no mark and is added when it is delivered again. Of two deliveries of the same order at
 * the same moment (two instances), the server lets one transaction write the mark; the other
 * meets a write conflict and runs again (or fails and is tried again by the listener), and
 * then finds the mark. Without the transaction neither
 * order of the two writes would do: the mark first loses the order when the increment then
 * fails, the increment first counts it twice when the mark then fails.
 * <p>
 * Recording the applied order ids in the sales document itself (an {@code appliedOrders}
 * array tested with {@code $ne}) needs no transaction, but the document grows with every
 * order: each update rewrites and searches a longer array, and the 16 MB document limit ends
 * it. Here each document stays small; {@code sales_applied} gains one small document per
 * order, as {@code orders} does. The marks are needed only as long as an order may still be
 * delivered again, so a real application could expire them with a TTL index on
 * {@code appliedAt} longer than its oplog window.
 * <p>
 * The mark is an upsert rather than an insert, so an order seen before is a normal result
 * (no upserted id), not a duplicate-key error, which would abort the transaction.
 * Change streams need a replica set or a sharded cluster, and both have transactions.
 */
@Component
public class ProductSalesProjector {

	private final MongoTransactions transactions;

	private final CollectionOperations<AppliedOrder> applied;

	private final CollectionOperations<ProductSales> sales;

	private final Clock clock = Clock.systemUTC();

	/**
	 * Create the projector.
	 * @param transactions the transaction helper
	 * @param applied the template of the marks of the orders already counted
	 * @param sales the template of the projection
	 */
	public ProductSalesProjector(MongoTransactions transactions, CollectionOperations<AppliedOrder> applied,
			CollectionOperations<ProductSales> sales) {
		this.transactions = transactions;
		this.applied = applied;
		this.sales = sales;
	}

	/**
	 * Add a new order to the sales of its product, unless it was added before.
	 * @param event the insert of an order
	 */
	@MongoChangeListener(id = "product-sales", collection = "orders", operations = OperationType.INSERT)
	void onOrder(ChangeEvent<Order> event) {
		Order order = event.getFullDocument();
		if (order == null) {
			return;
		}
		String orderId = order.id();
		if (orderId == null) {
			throw new IllegalArgumentException("Order without an id: " + event);
		}
		this.transactions.executeWithoutResult((tx) -> {
			Instant now = this.clock.instant();
			UpdateResult mark = this.applied.upsert(SafeFilters.id(orderId),
					Updates.combine(Updates.setOnInsert("sku", order.sku()), Updates.setOnInsert("appliedAt", now)));
			if (mark.getUpsertedId() == null) {
				// Counted before: this is a repeated delivery
				return;
			}
			this.sales.upsert(SafeFilters.id(order.sku()),
					Updates.combine(Updates.inc("orders", 1L), Updates.inc("units", (long) order.quantity()),
							Updates.inc("revenue", new Decimal128(order.total())), Updates.set("updatedAt", now)));
		});
	}

}
