package io.connectplatform.mongodb.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SampleApplication} as a whole, over HTTP, against the embedded
 * in-memory server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	private final RestTestClient client;

	@Autowired
	SampleApplicationTests(@LocalServerPort int port) {
		this.client = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
	}

	@Test
	void healthIsUpIncludingTheMongoComponent() {
		RestTestClientResponse response = RestTestClientResponse
			.from(this.client.get().uri("/actuator/health").exchange());
		assertThat(response).hasStatusOk().bodyJson().extractingPath("$.status").isEqualTo("UP");
		assertThat(response).bodyJson().extractingPath("$.components.mongo.status").isEqualTo("UP");
	}

}
