package io.connectplatform.mongodb.sample.order;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * REST endpoints for {@link Order orders} at {@code /orders}. Errors are returned as
 * problem details.
 */
@RestController
@RequestMapping("/orders")
public final class OrderController {

	private final OrderService service;

	/**
	 * Create a controller on the order service.
	 * @param service the service
	 */
	public OrderController(OrderService service) {
		this.service = service;
	}

	/**
	 * Place an order: {@code POST /orders} with {@code {"sku": "MUG-350", "quantity": 2}}.
	 * @param request the order
	 * @return the stored order, with {@code 201 Created} and its location
	 */
	@PostMapping
	public ResponseEntity<Order> place(@RequestBody OrderRequest request) {
		Order order = this.service.place(request.checkedSku(), request.checkedQuantity());
		URI location = UriComponentsBuilder.fromPath("/orders/{id}").encode().buildAndExpand(order.id()).toUri();
		return ResponseEntity.created(location).body(order);
	}

	/**
	 * Return an order: {@code GET /orders/{id}}.
	 * @param id the id of the order
	 * @return the order
	 * @throws OrderNotFoundException if there is no order with the id
	 */
	@GetMapping("/{id}")
	public Order get(@PathVariable String id) {
		return this.service.find(id).orElseThrow(() -> new OrderNotFoundException(id));
	}

}
