package io.connectplatform.mongodb.sample.order;

import java.math.BigDecimal;

import io.connectplatform.mongodb.core.CollectionOperations;
import io.connectplatform.mongodb.sample.product.Product;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OrderController} over HTTP, against the embedded in-memory server. The
 * embedded server has no transactions, so the sample runs them without one
 * ({@code on-standalone: run-without-transaction}); these tests show that placing an order
 * takes the stock and stores the order, and that a refused order changes nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OrderControllerTests {

	private final RestTestClient client;

	private final CollectionOperations<Product> products;

	private final CollectionOperations<Order> orders;

	@Autowired
	OrderControllerTests(@LocalServerPort int port, CollectionOperations<Product> products,
			CollectionOperations<Order> orders) {
		this.client = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
		this.products = products;
		this.orders = orders;
	}

	@BeforeEach
	void stockTheShelf() {
		this.products.save(new Product("TEAPOT-1", "Cast-iron teapot", new BigDecimal("39.50"), 3));
	}

	@Test
	void placingAnOrderTakesTheStockAndStoresTheOrder() {
		long ordersBefore = this.orders.count();
		EntityExchangeResult<Order> result = this.client.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body("""
					{"sku": "TEAPOT-1", "quantity": 2}
					""")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Order.class)
			.returnResult();
		Order placed = result.getResponseBody();
		assertThat(placed).isNotNull();
		assertThat(placed.id()).isNotBlank();
		assertThat(placed.total()).isEqualByComparingTo("79.00");
		assertThat(result.getResponseHeaders().getLocation()).hasToString("/orders/" + placed.id());
		assertThat(this.products.findById("TEAPOT-1")).get().extracting(Product::stock).isEqualTo(1);
		assertThat(this.orders.count()).isEqualTo(ordersBefore + 1);
		assertThat(RestTestClientResponse.from(this.client.get().uri("/orders/{id}", placed.id()).exchange()))
			.hasStatusOk()
			.bodyJson()
			.extractingPath("$.sku")
			.isEqualTo("TEAPOT-1");
	}

	@Test
	void anOrderForMoreThanTheStockIsRefusedAndChangesNothing() {
		long ordersBefore = this.orders.count();
		assertThat(post("""
				{"sku": "TEAPOT-1", "quantity": 4}
				""")).hasStatus(HttpStatus.CONFLICT)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("Product 'TEAPOT-1' has fewer than 4 units in stock");
		assertThat(this.products.findById("TEAPOT-1")).get().extracting(Product::stock).isEqualTo(3);
		assertThat(this.orders.count()).isEqualTo(ordersBefore);
	}

	@Test
	void anOrderForAnUnknownProductIsNotFound() {
		assertThat(post("""
				{"sku": "NO-SUCH", "quantity": 1}
				""")).hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void anInvalidQuantityIsABadRequestThatNamesTheField() {
		assertThat(post("""
				{"sku": "TEAPOT-1", "quantity": 0}
				""")).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.field").isEqualTo("quantity");
		assertThat(post("""
				{"quantity": 1}
				""")).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.field").isEqualTo("sku");
		assertThat(this.products.findById("TEAPOT-1")).get().extracting(Product::stock).isEqualTo(3);
	}

	@Test
	void anUnknownOrderIsNotFound() {
		assertThat(RestTestClientResponse.from(this.client.get().uri("/orders/{id}", "nope").exchange()))
			.hasStatus(HttpStatus.NOT_FOUND);
	}

	private RestTestClientResponse post(String json) {
		return RestTestClientResponse
			.from(this.client.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).body(json).exchange());
	}

}
