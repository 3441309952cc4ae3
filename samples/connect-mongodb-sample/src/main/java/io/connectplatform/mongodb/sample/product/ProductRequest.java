package io.connectplatform.mongodb.sample.product;

import java.math.BigDecimal;
import java.util.regex.Pattern;

import org.bson.types.Decimal128;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The JSON body of {@code PUT /products/{sku}}. Every field may be missing from the body,
 * so each is checked by {@link #toProduct(String)}.
 *
 * @param sku the SKU, optional, but when present it must equal the SKU in the path, which
 * must match {@link #SKU_FORMAT}
 * @param name the name, required and not blank
 * @param price the unit price, required, zero or more
 * @param stock the number of units in stock, required, zero or more
 */
public record ProductRequest(@Nullable String sku, @Nullable String name, @Nullable BigDecimal price,
		@Nullable Integer stock) {

	/**
	 * The SKUs this API creates: 1 to 64 letters, digits, {@code .}, {@code _} or {@code -},
	 * starting with a letter or a digit, so that a SKU needs no encoding in a URL. Products
	 * written by other clients may have other SKUs; they are read, but not created here.
	 */
	public static final Pattern SKU_FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	/**
	 * Check this request and return the product it describes.
	 * @param pathSku the SKU from the request path
	 * @return the product
	 * @throws InvalidFieldException if a field is missing or not valid
	 */
	public Product toProduct(String pathSku) {
		if (!SKU_FORMAT.matcher(pathSku).matches()) {
			throw new InvalidFieldException("sku",
					"must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or a digit");
		}
		if (this.sku != null && !this.sku.equals(pathSku)) {
			throw new InvalidFieldException("sku", "must equal the SKU in the path ('" + pathSku + "')");
		}
		if (!StringUtils.hasText(this.name)) {
			throw new InvalidFieldException("name", "must not be blank");
		}
		if (this.price == null) {
			throw new InvalidFieldException("price", "is required");
		}
		if (this.price.signum() < 0) {
			throw new InvalidFieldException("price", "must be zero or more");
		}
		if (!fitsDecimal128(this.price)) {
			throw new InvalidFieldException("price", "must have at most 34 significant digits");
		}
		if (this.stock == null) {
			throw new InvalidFieldException("stock", "is required");
		}
		if (this.stock < 0) {
			throw new InvalidFieldException("stock", "must be zero or more");
		}
		return new Product(pathSku, this.name, this.price, this.stock);
	}

	private static boolean fitsDecimal128(BigDecimal price) {
		try {
			new Decimal128(price);
			return true;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

}
