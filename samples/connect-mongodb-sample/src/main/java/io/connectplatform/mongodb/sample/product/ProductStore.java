package io.connectplatform.mongodb.sample.product;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;

import org.springframework.stereotype.Component;

/**
 * Reads and writes {@link Product products} in the {@code products} collection of the
 * {@link MongoDatabase} that the starter auto-configures.
 */
@Component
public final class ProductStore {

	/**
	 * The name of the collection that holds the products.
	 */
	public static final String COLLECTION_NAME = "products";

	private final MongoCollection<Document> products;

	/**
	 * Create a store on the given database.
	 * @param database the database that holds the {@code products} collection
	 */
	public ProductStore(MongoDatabase database) {
		this.products = database.getCollection(COLLECTION_NAME);
	}

	/**
	 * Return up to {@code limit} products, ordered by SKU.
	 * @param limit the maximum number of products to return
	 * @return the products
	 */
	public List<Product> findAll(int limit) {
		return this.products.find()
			.sort(Sorts.ascending(ProductDocuments.SKU))
			.limit(limit)
			.map(ProductDocuments::toProduct)
			.into(new ArrayList<>());
	}

	/**
	 * Return the product with the given SKU.
	 * @param sku the SKU
	 * @return the product, or an empty optional if there is none
	 */
	public Optional<Product> findBySku(String sku) {
		Document document = this.products.find(Filters.eq(ProductDocuments.SKU, sku)).first();
		return Optional.ofNullable(document).map(ProductDocuments::toProduct);
	}

	/**
	 * Insert the given product, or replace the product with the same SKU.
	 * @param product the product to save
	 * @return {@code true} if the product was inserted, {@code false} if it replaced an
	 * existing one
	 */
	public boolean save(Product product) {
		UpdateResult result = this.products.replaceOne(Filters.eq(ProductDocuments.SKU, product.sku()),
				ProductDocuments.toDocument(product), new ReplaceOptions().upsert(true));
		return result.getUpsertedId() != null;
	}

	/**
	 * Delete the product with the given SKU.
	 * @param sku the SKU
	 * @return {@code true} if a product was deleted, {@code false} if there was none
	 */
	public boolean deleteBySku(String sku) {
		return this.products.deleteOne(Filters.eq(ProductDocuments.SKU, sku)).getDeletedCount() > 0;
	}

	/**
	 * Return whether the collection holds no product at all.
	 * @return {@code true} if there is no product
	 */
	public boolean isEmpty() {
		return this.products.find().first() == null;
	}

}
