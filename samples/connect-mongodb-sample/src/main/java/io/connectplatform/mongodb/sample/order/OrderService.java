package io.connectplatform.mongodb.sample.order;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Optional;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.connectplatform.mongodb.core.CollectionOperations;
import io.connectplatform.mongodb.core.SafeFilters;
import io.connectplatform.mongodb.sample.product.Product;
import io.connectplatform.mongodb.sample.product.ProductNotFoundException;
import io.connectplatform.mongodb.transaction.MongoTransactions;

import org.springframework.stereotype.Service;

/**
 * Places orders. Taking the units from stock and storing the order happen in one
 * transaction: both or neither. {@link MongoTransactions} runs the body again if it meets a
 * write conflict (another order for the same product at the same moment), so concurrent
 * orders never oversell.
 * <p>
 * The embedded in-memory server of the default configuration is a single-node replica
 * set, so these are real transactions there as on a real replica set or sharded cluster.
 * Against a real standalone server, which has no transactions, placing an order fails
 * unless {@code connect.mongodb.transactions.on-standalone=run-without-transaction} is set,
 * and then the same code runs without the guarantee.
 */
@Service
public class OrderService {

	private final MongoTransactions transactions;

	private final CollectionOperations<Order> orders;

	private final CollectionOperations<Product> products;

	private final Clock clock;

	/**
	 * Create the service.
	 * @param transactions the transaction helper
	 * @param orders the template of orders
	 * @param products the template of products
	 */
	public OrderService(MongoTransactions transactions, CollectionOperations<Order> orders,
			CollectionOperations<Product> products) {
		this.transactions = transactions;
		this.orders = orders;
		this.products = products;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Place an order: take {@code quantity} units of the product from stock and store the
	 * order, in one transaction.
	 * @param sku the SKU of the product
	 * @param quantity how many units, at least 1
	 * @return the stored order, with its id
	 * @throws ProductNotFoundException if there is no product with the SKU
	 * @throws InsufficientStockException if the product has fewer units in stock
	 * @throws UnpricedProductException if the product has no price that can be read
	 */
	public Order place(String sku, int quantity) {
		return this.transactions.execute((tx) -> {
			Product product = this.products
				.findOneAndUpdate(Filters.and(SafeFilters.id(sku), Filters.gte("stock", quantity)),
						Updates.inc("stock", -quantity), ReturnDocument.BEFORE)
				.orElseThrow(() -> this.products.existsById(sku) ? new InsufficientStockException(sku, quantity)
						: new ProductNotFoundException(sku));
			BigDecimal price = product.price();
			if (price == null) {
				// Written by another client without a readable price: the stock taken above
				// is given back when the transaction aborts
				throw new UnpricedProductException(sku);
			}
			BigDecimal total = price.multiply(BigDecimal.valueOf(quantity));
			return this.orders.insert(new Order(null, sku, quantity, price, total, this.clock.instant()));
		});
	}

	/**
	 * Return an order.
	 * @param id the id of the order
	 * @return the order, if there is one with the id
	 */
	public Optional<Order> find(String id) {
		return this.orders.findById(id);
	}

}
