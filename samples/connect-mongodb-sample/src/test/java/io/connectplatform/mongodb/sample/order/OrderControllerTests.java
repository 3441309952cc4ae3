package io.connectplatform.mongodb.sample.order;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.connectplatform.mongodb.core.CollectionOperations;
import io.connectplatform.mongodb.sample.product.Product;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
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
 * Tests for {@link OrderController} over HTTP, against the embedded in-memory server of
 * the default configuration: a single-node replica set, on which an order is placed in a
 * real multi-document transaction. These tests show that placing an order takes the stock
 * and stores the order, that a refused order changes nothing, that an order whose insert
 * fails after its stock was taken leaves the stock as it was (the transaction is aborted),
 * and that concurrent orders never sell more than the stock.
 * <p>
 * The server accepts test commands here ({@code connect.mongodb.embedded.test-commands}),
 * so that a test can make a command fail with MongoDB's {@code failCommand} fail point.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "connect.mongodb.embedded.test-commands=true")
class OrderControllerTests {

	/**
	 * The application name the sample's client sends (connect.mongodb.application-name), to
	 * which the fail point is limited.
	 */
	private static final String APPLICATION_NAME = "connect-mongodb-sample";

	private final RestTestClient client;

	private final CollectionOperations<Product> products;

	private final CollectionOperations<Order> orders;

	private final MongoClient mongoClient;

	@Autowired
	OrderControllerTests(@LocalServerPort int port, CollectionOperations<Product> products,
			CollectionOperations<Order> orders, MongoClient mongoClient) {
		this.client = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
		this.products = products;
		this.orders = orders;
		this.mongoClient = mongoClient;
	}

	@BeforeEach
	void stockTheShelf() {
		this.products.save(new Product("TEAPOT-1", "Cast-iron teapot", new BigDecimal("39.50"), 3));
	}

	@AfterEach
	void turnTheFailPointOff() {
		configureFailPoint(new Document("configureFailPoint", "failCommand").append("mode", "off"));
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
	void anOrderForAProductWithoutAReadablePriceIsAConflictAndTakesNoStock() {
		// Written by another client with a price that is not a number
		this.mongoClient.getDatabase("sample")
			.getCollection("products")
			.insertOne(new Document("_id", "FOREIGN-PRICE").append("name", "Foreign")
				.append("price", "ask us")
				.append("stock", 5));
		try {
			assertThat(post("""
					{"sku": "FOREIGN-PRICE", "quantity": 1}
					""")).hasStatus(HttpStatus.CONFLICT)
				.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.extractingPath("$.detail")
				.asString()
				.contains("no price");
			assertThat(this.products.findById("FOREIGN-PRICE")).get()
				.extracting(Product::stock)
				.as("stock of FOREIGN-PRICE after the refused order")
				.isEqualTo(5);
		}
		finally {
			this.mongoClient.getDatabase("sample").getCollection("products").deleteOne(Filters.eq("_id", "FOREIGN-PRICE"));
		}
	}

	@Test
	void anUnknownOrderIsNotFound() {
		assertThat(RestTestClientResponse.from(this.client.get().uri("/orders/{id}", "nope").exchange()))
			.hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void anOrderWhoseInsertFailsLeavesTheStockAsItWas() {
		long ordersBefore = this.orders.count(Filters.eq("sku", "TEAPOT-1"));
		// The order's insert, the second write of the transaction, fails once, after the
		// stock was taken by its first write (a findAndModify). Code 8000 carries no
		// TransientTransactionError label, so the transaction is aborted, not retried.
		configureFailPoint(new Document("configureFailPoint", "failCommand").append("mode", new Document("times", 1))
			.append("data", new Document("failCommands", List.of("insert")).append("errorCode", 8000)
				.append("appName", APPLICATION_NAME)));
		assertThat(post("""
				{"sku": "TEAPOT-1", "quantity": 2}
				""")).hasStatus5xxServerError();
		assertThat(this.products.findById("TEAPOT-1")).get()
			.extracting(Product::stock)
			.as("stock of TEAPOT-1 after an order whose insert failed")
			.isEqualTo(3);
		assertThat(this.orders.count(Filters.eq("sku", "TEAPOT-1"))).as("orders of TEAPOT-1").isEqualTo(ordersBefore);
	}

	@Test
	void concurrentOrdersNeverSellMoreThanTheStock() throws Exception {
		this.products.save(new Product("KETTLE-1", "Copper kettle", new BigDecimal("59.00"), 3));
		this.orders.deleteMany(Filters.eq("sku", "KETTLE-1"));
		int buyers = 8;
		ExecutorService executor = Executors.newFixedThreadPool(buyers);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < buyers; i++) {
				statuses.add(executor.submit(() -> {
					if (!start.await(10, TimeUnit.SECONDS)) {
						throw new IllegalStateException("The buyers were not let in");
					}
					return this.client.post()
						.uri("/orders")
						.contentType(MediaType.APPLICATION_JSON)
						.body("""
								{"sku": "KETTLE-1", "quantity": 1}
								""")
						.exchange()
						.returnResult()
						.getStatus()
						.value();
				}));
			}
			start.countDown();
			List<Integer> answers = new ArrayList<>();
			for (Future<Integer> status : statuses) {
				answers.add(status.get(60, TimeUnit.SECONDS));
			}
			// Three orders placed, every other one refused as out of stock: none failed.
			assertThat(answers).as("HTTP statuses of the orders")
				.containsOnly(HttpStatus.CREATED.value(), HttpStatus.CONFLICT.value());
			assertThat(answers).as("HTTP statuses of the orders")
				.filteredOn((status) -> status == HttpStatus.CREATED.value())
				.hasSize(3);
		}
		finally {
			executor.shutdownNow();
			assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(this.products.findById("KETTLE-1")).get()
			.extracting(Product::stock)
			.as("stock of KETTLE-1")
			.isEqualTo(0);
		assertThat(this.orders.count(Filters.eq("sku", "KETTLE-1"))).as("orders of KETTLE-1").isEqualTo(3);
	}

	private void configureFailPoint(Document command) {
		this.mongoClient.getDatabase("admin").runCommand(command);
	}

	private RestTestClientResponse post(String json) {
		return RestTestClientResponse
			.from(this.client.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).body(json).exchange());
	}

}
