package io.connectplatform.mongodb.sample.product;

import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * Maps a {@link Product} to the BSON {@link Document} stored in the {@code products}
 * collection and back.
 * <p>
 * A product is stored as {@code {_id: sku, name: string, price: Decimal128, stock: int}}.
 * The price is a {@link Decimal128} rather than a double so that amounts such as 0.10 are
 * stored exactly.
 */
final class ProductDocuments {

	static final String SKU = "_id";

	static final String NAME = "name";

	static final String PRICE = "price";

	static final String STOCK = "stock";

	private ProductDocuments() {
	}

	/**
	 * Return the document for the given product.
	 * @param product the product
	 * @return the document to store
	 */
	static Document toDocument(Product product) {
		return new Document(SKU, product.sku()).append(NAME, product.name())
			.append(PRICE, new Decimal128(product.price()))
			.append(STOCK, product.stock());
	}

	/**
	 * Return the product held by the given document.
	 * @param document a document read from the {@code products} collection
	 * @return the product
	 */
	static Product toProduct(Document document) {
		return new Product(document.getString(SKU), document.getString(NAME),
				document.get(PRICE, Decimal128.class).bigDecimalValue(), document.getInteger(STOCK));
	}

}
