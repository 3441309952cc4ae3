package io.connectplatform.mongodb.sample.product;

import java.math.BigDecimal;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Saves a couple of products at startup when the {@code products} collection is empty,
 * so that {@code GET /products} has something to show.
 */
@Component
public final class ProductSeeder implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(ProductSeeder.class);

	private static final List<Product> PRODUCTS = List.of(
			new Product("COFFEE-1KG", "Espresso beans, 1 kg", new BigDecimal("24.90"), 40),
			new Product("MUG-350", "Stoneware mug, 350 ml", new BigDecimal("12.50"), 120));

	private final ProductStore store;

	/**
	 * Create a seeder that saves to the given store.
	 * @param store the product store
	 */
	public ProductSeeder(ProductStore store) {
		this.store = store;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.store.isEmpty()) {
			return;
		}
		PRODUCTS.forEach(this.store::save);
		logger.info("Seeded the empty products collection with " + PRODUCTS.size() + " products");
	}

}
