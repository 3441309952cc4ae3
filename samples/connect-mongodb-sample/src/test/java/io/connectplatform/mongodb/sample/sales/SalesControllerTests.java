package io.connectplatform.mongodb.sample.sales;

import java.math.BigDecimal;
import java.time.Duration;

import io.connectplatform.mongodb.changestream.ChangeStreamListenerContainer;
import io.connectplatform.mongodb.changestream.ListenerState;
import io.connectplatform.mongodb.core.CollectionOperations;
import io.connectplatform.mongodb.sample.product.Product;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SalesController} and the {@link ProductSalesProjector} behind it over
 * HTTP, against the embedded in-memory server: orders placed through {@code POST /orders}
 * reach the projection through the change-stream listener.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SalesControllerTests {

	private final RestTestClient client;

	private final CollectionOperations<Product> products;

	private final ChangeStreamListenerContainer container;

	@Autowired
	SalesControllerTests(@LocalServerPort int port, CollectionOperations<Product> products,
			ChangeStreamListenerContainer container) {
		this.client = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
		this.products = products;
		this.container = container;
	}

	@Test
	void ordersReachTheSalesProjection() {
		this.products.save(new Product("KETTLE-1", "Kettle", new BigDecimal("24.00"), 10));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.container.getListener("product-sales").state() == ListenerState.RUNNING);
		placeOrder("KETTLE-1", 2);
		placeOrder("KETTLE-1", 1);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			ProductSales sales = this.client.get()
				.uri("/sales/KETTLE-1")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(ProductSales.class)
				.returnResult()
				.getResponseBody();
			assertThat(sales.orders()).isEqualTo(2);
			assertThat(sales.units()).isEqualTo(3);
			assertThat(sales.revenue()).isEqualByComparingTo("72.00");
		});
		assertThat(this.client.get().uri("/sales/NOTHING-SOLD").exchange().expectBody(ProductSales.class)
			.returnResult().getResponseBody().orders()).isZero();
		this.client.get()
			.uri("/actuator/changestreams/product-sales")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("RUNNING");
	}

	private void placeOrder(String sku, int quantity) {
		this.client.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"sku\": \"" + sku + "\", \"quantity\": " + quantity + "}")
			.exchange()
			.expectStatus()
			.isCreated();
	}

}
