package io.connectplatform.mongodb.sample.order;

import io.connectplatform.mongodb.sample.product.InvalidFieldException;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The JSON body of {@code POST /orders}. Every field may be missing from the body, so each
 * is checked when it is read.
 *
 * @param sku the SKU of the product to order, required
 * @param quantity how many units, from 1 to {@value #MAX_QUANTITY}
 */
public record OrderRequest(@Nullable String sku, @Nullable Integer quantity) {

	/**
	 * The most units one order may take.
	 */
	public static final int MAX_QUANTITY = 1000;

	/**
	 * Return the SKU, checked.
	 * @return the SKU
	 * @throws InvalidFieldException if it is missing or blank
	 */
	public String checkedSku() {
		if (!StringUtils.hasText(this.sku)) {
			throw new InvalidFieldException("sku", "must not be blank");
		}
		return this.sku;
	}

	/**
	 * Return the quantity, checked.
	 * @return the quantity
	 * @throws InvalidFieldException if it is missing or out of range
	 */
	public int checkedQuantity() {
		if (this.quantity == null) {
			throw new InvalidFieldException("quantity", "is required");
		}
		if (this.quantity < 1 || this.quantity > MAX_QUANTITY) {
			throw new InvalidFieldException("quantity", "must be between 1 and " + MAX_QUANTITY);
		}
		return this.quantity;
	}

}
