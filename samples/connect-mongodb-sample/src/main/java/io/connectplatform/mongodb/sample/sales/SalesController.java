package io.connectplatform.mongodb.sample.sales;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.connectplatform.mongodb.core.CollectionOperations;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST endpoints for {@link ProductSales} at {@code /sales}. The projection follows the
 * orders a moment later (it is kept by a change-stream listener).
 */
@RestController
@RequestMapping("/sales")
public final class SalesController {

	private final CollectionOperations<ProductSales> sales;

	/**
	 * Create a controller on the projection.
	 * @param sales the template of the projection
	 */
	public SalesController(CollectionOperations<ProductSales> sales) {
		this.sales = sales;
	}

	/**
	 * Return the sales of every product that has sold: {@code GET /sales}.
	 * @return the sales, by SKU
	 */
	@GetMapping
	public List<ProductSales> all() {
		return this.sales.findAll();
	}

	/**
	 * Return the sales of one product: {@code GET /sales/{sku}}; zero when it has not sold.
	 * @param sku the SKU
	 * @return the sales
	 */
	@GetMapping("/{sku}")
	public ProductSales product(@PathVariable String sku) {
		return this.sales.findById(sku).orElseGet(() -> new ProductSales(sku, 0, 0, BigDecimal.ZERO, Instant.EPOCH));
	}

}
