package io.connectplatform.mongodb.sample.sales;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.changestream.OperationType;
import io.connectplatform.mongodb.changestream.ChangeEvent;
import io.connectplatform.mongodb.changestream.MongoChangeListener;
import io.connectplatform.mongodb.core.CollectionOperations;
import io.connectplatform.mongodb.sample.order.Order;
import org.bson.Document;
import org.bson.types.Decimal128;

import org.springframework.stereotype.Component;

/**
 * Keeps {@link ProductSales} up to date: each new order recomputes the sales of its
 * product from the {@code orders} collection. Change-stream delivery is at-least-once (an
 * order may be delivered again after a restart), so the projection is recomputed rather
 * than incremented: handling an order twice gives the same result.
 */
@Component
public class ProductSalesProjector {

	private final MongoDatabase database;

	private final CollectionOperations<ProductSales> sales;

	private final Clock clock = Clock.systemUTC();

	/**
	 * Create the projector.
	 * @param database the database of the orders
	 * @param sales the template of the projection
	 */
	public ProductSalesProjector(MongoDatabase database, CollectionOperations<ProductSales> sales) {
		this.database = database;
		this.sales = sales;
	}

	/**
	 * Recompute the sales of the product of a new order.
	 * @param event the insert of an order
	 */
	@MongoChangeListener(id = "product-sales", collection = "orders", operations = OperationType.INSERT)
	void onOrder(ChangeEvent<Order> event) {
		Order order = event.getFullDocument();
		if (order != null) {
			this.sales.save(compute(order.sku()));
		}
	}

	private ProductSales compute(String sku) {
		Document totals = this.database.getCollection("orders")
			.aggregate(List.of(Aggregates.match(Filters.eq("sku", sku)),
					Aggregates.group(null, Accumulators.sum("orders", 1), Accumulators.sum("units", "$quantity"),
							Accumulators.sum("revenue", "$total"))))
			.first();
		if (totals == null) {
			return new ProductSales(sku, 0, 0, BigDecimal.ZERO, this.clock.instant());
		}
		return new ProductSales(sku, ((Number) totals.get("orders")).longValue(),
				((Number) totals.get("units")).longValue(), revenue(totals.get("revenue")), this.clock.instant());
	}

	private static BigDecimal revenue(Object value) {
		if (value instanceof Decimal128 decimal) {
			return decimal.bigDecimalValue();
		}
		return (value instanceof Number number) ? new BigDecimal(number.toString()) : BigDecimal.ZERO;
	}

}
