package io.connectplatform.mongodb.sample;

import io.connectplatform.mongodb.sample.product.Product;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code routers} profile of {@link SampleApplication}: three in-memory
 * routers (the {@code sharded} topology) with balancing on, over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("routers")
class RoutersProfileTests {

	private final RestTestClient client;

	@Autowired
	RoutersProfileTests(@LocalServerPort int port) {
		this.client = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
	}

	@Test
	void readsAreBalancedAcrossThreeRouters() {
		for (int i = 0; i < 9; i++) {
			assertThat(RestTestClientResponse.from(this.client.get().uri("/products").exchange())).hasStatusOk();
		}
		RestTestClientResponse servers = RestTestClientResponse
			.from(this.client.get().uri("/actuator/mongodbservers").exchange());
		assertThat(servers).hasStatusOk().bodyJson().extractingPath("$.strategy").isEqualTo("round-robin");
		assertThat(servers).bodyJson().extractingPath("$.clusterType").isEqualTo("SHARDED");
		assertThat(servers).bodyJson().extractingPath("$.servers.length()").isEqualTo(3);
		assertThat(servers).bodyJson().extractingPath("$.servers[0].circuitBreaker.state").isEqualTo("CLOSED");
		assertThat(servers).bodyJson().extractingPath("$.servers[0].type").isEqualTo("SHARD_ROUTER");
	}

	@Test
	void ordersArePlacedInTransactionsThroughTheRouters() {
		int stock = stockOf("MUG-350");
		assertThat(RestTestClientResponse.from(this.client.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body("""
					{"sku": "MUG-350", "quantity": 2}
					""")
			.exchange())).hasStatus(HttpStatus.CREATED).bodyJson().extractingPath("$.quantity").isEqualTo(2);
		assertThat(stockOf("MUG-350")).isEqualTo(stock - 2);
	}

	@Test
	void healthShowsTheBreakers() {
		RestTestClientResponse response = RestTestClientResponse
			.from(this.client.get().uri("/actuator/health").exchange());
		assertThat(response).hasStatusOk().bodyJson().extractingPath("$.components.mongoServers.status").isEqualTo("UP");
		assertThat(response).bodyJson().extractingPath("$.components.mongoServers.details.open").asArray().isEmpty();
	}

	private int stockOf(String sku) {
		Product product = this.client.get()
			.uri("/products/{sku}", sku)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Product.class)
			.returnResult()
			.getResponseBody();
		assertThat(product).isNotNull();
		return product.stock();
	}

}
