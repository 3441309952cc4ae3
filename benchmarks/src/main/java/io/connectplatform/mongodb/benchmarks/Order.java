package io.connectplatform.mongodb.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;

/**
 * The entity every benchmark reads and writes: 20 fields, one of them a nested list of
 * records. {@code @BsonId} maps {@code id} to {@code _id} for the driver's record codec;
 * Spring Data maps it by name.
 *
 * @param id the id
 * @param customerId the customer
 * @param email the customer's e-mail
 * @param status the status
 * @param currency the currency
 * @param channel the sales channel
 * @param total the total
 * @param discount the discount
 * @param tax the tax
 * @param itemCount the number of items
 * @param priority the priority
 * @param counter a counter that updates increment
 * @param createdAt when it was created
 * @param updatedAt when it was last updated
 * @param gift whether it is a gift
 * @param express whether it ships express
 * @param shippingCity the city it ships to
 * @param shippingCountry the country it ships to
 * @param tags tags
 * @param lines the order lines
 * @author Connect MongoDB team
 */
public record Order(@BsonId ObjectId id, String customerId, String email, String status, String currency,
		String channel, double total, double discount, double tax, int itemCount, int priority, long counter,
		Instant createdAt, Instant updatedAt, boolean gift, boolean express, String shippingCity,
		String shippingCountry, List<String> tags, List<OrderLine> lines) {

	/**
	 * Return a new order with the given id and status, the same size every time.
	 * @param id the id
	 * @param status the status
	 * @param seed varies the values
	 * @return the order
	 */
	public static Order sample(ObjectId id, String status, int seed) {
		Instant created = Instant.ofEpochMilli(1_700_000_000_000L + seed * 1000L);
		List<OrderLine> lines = new ArrayList<>(3);
		for (int i = 0; i < 3; i++) {
			lines.add(new OrderLine("SKU-" + (seed % 1000) + "-" + i, 1 + i, 9.99 + i));
		}
		return new Order(id, "customer-" + (seed % 10_000), "customer" + (seed % 10_000) + "@example.com", status,
				"EUR", "web", 59.97, 5.0, 11.39, 6, seed % 5, 0L, created, created, (seed % 2) == 0, (seed % 3) == 0,
				"Amsterdam", "NL", List.of("priority", "newsletter"), lines);
	}

	/**
	 * One line of an order.
	 *
	 * @param sku the product
	 * @param quantity how many
	 * @param price the unit price
	 */
	public record OrderLine(String sku, int quantity, double price) {
	}

}
