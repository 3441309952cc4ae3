package io.connectplatform.mongodb.sample.product;

import java.util.List;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.CollectionRepository;
import io.connectplatform.mongodb.core.FindQuery;

import org.springframework.stereotype.Component;

/**
 * The products repository: the standard operations of {@link CollectionRepository}, plus the
 * queries this application needs. A {@code @Component} rather than a {@code @Repository}: its
 * operations already throw Spring's {@code DataAccessException}s, and {@code @Repository}
 * would only add Spring's exception-translation proxy (a CGLIB subclass made at start-up).
 */
@Component
public class ProductRepository extends CollectionRepository<Product, String> {

	/**
	 * Create the repository on the injected template of {@link Product}.
	 * @param products the template
	 */
	public ProductRepository(CollectionTemplate<Product> products) {
		super(products);
	}

	/**
	 * Return the products that have fewer units in stock than the threshold.
	 * @param threshold the stock threshold
	 * @return the products, fewest units first
	 */
	public List<Product> findLowStock(int threshold) {
		return operations().find(FindQuery.where(Filters.lt("stock", threshold))
			.sort(Sorts.ascending("stock", "_id")));
	}

}
