package io.connectplatform.mongodb.sample.product;

import java.util.List;

import com.mongodb.client.model.Filters;
import io.connectplatform.mongodb.core.CollectionOperations;
import io.connectplatform.mongodb.core.SafeSorts;
import io.connectplatform.mongodb.core.ScrollTokens;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.web.PageableDefault;
import org.springframework.data.web.SortDefault;
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
 * REST endpoints for {@link Product products} at {@code /products}: lists by keyset through
 * the injected {@code CollectionOperations<Product>}, pages ({@code Pageable} from the request)
 * and single products through the {@link ProductRepository}. Errors are returned as problem details
 * ({@code application/problem+json}).
 */
@RestController
@RequestMapping("/products")
public final class ProductController {

	/**
	 * The largest {@code limit} that {@code GET /products} accepts.
	 */
	public static final int MAX_LIMIT = 500;

	/**
	 * The response header that carries the token of the next page of {@code GET /products}.
	 */
	public static final String NEXT_PAGE_HEADER = "X-Next-Page";

	private final CollectionOperations<Product> products;

	private final ProductRepository repository;

	/**
	 * Create a controller on the template and the repository of products.
	 * @param products the template
	 * @param repository the repository
	 */
	public ProductController(CollectionOperations<Product> products, ProductRepository repository) {
		this.products = products;
		this.repository = repository;
	}

	/**
	 * List products by keyset, one window at a time: {@code GET /products?limit=50}, then
	 * {@code GET /products?limit=50&after=<token>} with the token from the
	 * {@value #NEXT_PAGE_HEADER} header, present while more products follow. The order is by
	 * SKU unless {@code sort} names document fields ({@code ?sort=price,desc}); a token
	 * continues only the order it was made for.
	 * @param limit the maximum number of products to return, from 1 to {@value #MAX_LIMIT}
	 * @param after the token of the window to continue after
	 * @param sort the order, by document field names ({@code _id} is the SKU)
	 * @return the products
	 */
	@GetMapping
	public ResponseEntity<List<Product>> list(@RequestParam(defaultValue = "50") int limit,
			@RequestParam @Nullable String after, @SortDefault("_id") Sort sort) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidFieldException("limit", "must be between 1 and " + MAX_LIMIT);
		}
		checkSort(sort);
		Window<Product> window = this.products.scroll(Filters.empty(), sort, limit,
				(after != null) ? position(after, sort) : ScrollPosition.keyset());
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (window.hasNext()) {
			KeysetScrollPosition next = (KeysetScrollPosition) window.positionAt(window.size() - 1);
			response.header(NEXT_PAGE_HEADER, ScrollTokens.toToken(next, sort));
		}
		return response.body(window.getContent());
	}

	private static KeysetScrollPosition position(String after, Sort sort) {
		try {
			return ScrollTokens.fromToken(after, sort);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidFieldException("after",
					"must be a token from the " + NEXT_PAGE_HEADER + " header of a listing in the same order");
		}
	}

	/**
	 * List products by page number: {@code GET /products/pages?page=0&size=20&sort=name,asc},
	 * bound by Spring Data's web support ({@code spring.data.web.pageable.*}: at most
	 * {@code max-page-size} products a page). The page number counts from 0; sort properties
	 * are document field names ({@code _id} is the SKU).
	 * @param pageable the page number, size and order
	 * @return the page, with its total
	 */
	@GetMapping("/pages")
	public Page<Product> page(@PageableDefault(size = 20, sort = "_id") Pageable pageable) {
		checkSort(pageable.getSort());
		return this.repository.findAll(pageable);
	}

	/**
	 * Refuse a sort whose properties are not field names ({@code ?sort=$where}) with a
	 * {@code 400 Bad Request} that names the parameter, before anything is sent.
	 */
	private static void checkSort(Sort sort) {
		try {
			SafeSorts.of(sort);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidFieldException("sort", "has a property that is not a field name: " + ex.getMessage());
		}
	}

	/**
	 * List the products with fewer units in stock than a threshold: {@code GET /products/low-stock?below=10}.
	 * @param below the threshold
	 * @return the products, fewest units first
	 */
	@GetMapping("/low-stock")
	public List<Product> lowStock(@RequestParam(defaultValue = "10") int below) {
		return this.repository.findLowStock(below);
	}

	/**
	 * Return one product: {@code GET /products/{sku}}.
	 * @param sku the SKU
	 * @return the product
	 * @throws ProductNotFoundException if there is no product with the SKU
	 */
	@GetMapping("/{sku}")
	public Product get(@PathVariable String sku) {
		return this.repository.findById(sku).orElseThrow(() -> new ProductNotFoundException(sku));
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
		boolean replaced = this.products.replace(product).isPresent();
		if (!replaced) {
			this.repository.save(product);
		}
		return ResponseEntity.status(replaced ? HttpStatus.OK : HttpStatus.CREATED).body(product);
	}

	/**
	 * Delete a product: {@code DELETE /products/{sku}}.
	 * @param sku the SKU
	 * @throws ProductNotFoundException if there is no product with the SKU
	 */
	@DeleteMapping("/{sku}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	public void delete(@PathVariable String sku) {
		if (!this.repository.removeById(sku)) {
			throw new ProductNotFoundException(sku);
		}
	}

}
