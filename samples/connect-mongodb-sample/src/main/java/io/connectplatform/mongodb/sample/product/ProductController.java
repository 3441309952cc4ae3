package io.connectplatform.mongodb.sample.product;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST endpoints for {@link Product products} at {@code /products}. Errors are returned
 * as problem details ({@code application/problem+json}).
 */
@RestController
@RequestMapping("/products")
public final class ProductController {

	/**
	 * The largest {@code limit} that {@code GET /products} accepts.
	 */
	public static final int MAX_LIMIT = 500;

	private final ProductStore store;

	/**
	 * Create a controller that uses the given store.
	 * @param store the product store
	 */
	public ProductController(ProductStore store) {
		this.store = store;
	}

	/**
	 * List products ordered by SKU: {@code GET /products?limit=50}.
	 * @param limit the maximum number of products to return, from 1 to {@value #MAX_LIMIT}
	 * @return the products
	 */
	@GetMapping
	public List<Product> list(@RequestParam(defaultValue = "50") int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidFieldException("limit", "must be between 1 and " + MAX_LIMIT);
		}
		return this.store.findAll(limit);
	}

	/**
	 * Return one product: {@code GET /products/{sku}}.
	 * @param sku the SKU
	 * @return the product
	 * @throws ProductNotFoundException if there is no product with the SKU
	 */
	@GetMapping("/{sku}")
	public Product get(@PathVariable String sku) {
		return this.store.findBySku(sku).orElseThrow(() -> new ProductNotFoundException(sku));
	}

	/**
	 * Create or replace a product: {@code PUT /products/{sku}}.
	 * @param sku the SKU
	 * @param request the product's fields
	 * @return the saved product, with {@code 201 Created} if it is new and
	 * {@code 200 OK} if it replaced an existing one
	 * @throws InvalidFieldException if a field is missing or not valid
	 */
	@PutMapping("/{sku}")
	public ResponseEntity<Product> put(@PathVariable String sku, @RequestBody ProductRequest request) {
		Product product = request.toProduct(sku);
		boolean created = this.store.save(product);
		return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(product);
	}

	/**
	 * Delete a product: {@code DELETE /products/{sku}}.
	 * @param sku the SKU
	 * @throws ProductNotFoundException if there is no product with the SKU
	 */
	@DeleteMapping("/{sku}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	public void delete(@PathVariable String sku) {
		if (!this.store.deleteBySku(sku)) {
			throw new ProductNotFoundException(sku);
		}
	}

}
