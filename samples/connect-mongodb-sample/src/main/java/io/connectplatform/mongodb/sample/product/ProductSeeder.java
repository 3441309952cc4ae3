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

	private final ProductRepository repository;

	/**
	 * Create a seeder that saves with the given repository.
	 * @param repository the product repository
	 */
	public ProductSeeder(ProductRepository repository) {
		this.repository = repository;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.repository.count() > 0) {
			return;
		}
		this.repository.saveAll(PRODUCTS);
		logger.info("Seeded the empty products collection with " + PRODUCTS.size() + " products");
	}

}
