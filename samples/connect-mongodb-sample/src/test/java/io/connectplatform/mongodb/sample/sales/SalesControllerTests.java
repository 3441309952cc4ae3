package io.connectplatform.mongodb.sample.sales;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Date;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.connectplatform.mongodb.changestream.ChangeEvent;
import io.connectplatform.mongodb.changestream.ChangeStreamListenerContainer;
import io.connectplatform.mongodb.changestream.ListenerState;
import io.connectplatform.mongodb.changestream.ListenerStatus;
import io.connectplatform.mongodb.core.CollectionOperations;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.sample.order.Order;
import io.connectplatform.mongodb.sample.product.Product;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SalesController} and the {@link ProductSalesProjector} behind it over
 * HTTP, against the embedded in-memory server: orders placed through {@code POST /orders}
 * reach the projection through the change-stream listener. They show that the projection
 * is the sum of the orders, that an order delivered again is not counted again, and that
 * an order the projector cannot read is dead-lettered without stopping the listener
 * ({@code on-error: skip} in {@code application.yml}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SalesControllerTests {

	private static final String LISTENER = "product-sales";

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final RestTestClient client;

	private final CollectionOperations<Product> products;

	private final ChangeStreamListenerContainer container;

	private final ProductSalesProjector projector;

	private final MongoDatabase database;

	private final MongoTemplates templates;

	@Autowired
	SalesControllerTests(@LocalServerPort int port, CollectionOperations<Product> products,
			ChangeStreamListenerContainer container, ProductSalesProjector projector, MongoDatabase database,
			MongoTemplates templates) {
		this.client = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
		this.products = products;
		this.container = container;
		this.projector = projector;
		this.database = database;
		this.templates = templates;
	}

	@Test
	void ordersReachTheSalesProjection() {
		this.products.save(new Product("KETTLE-1", "Kettle", new BigDecimal("24.00"), 10));
		awaitListenerRunning();
		placeOrder("KETTLE-1", 2);
		placeOrder("KETTLE-1", 1);
		await().atMost(WAIT).untilAsserted(() -> {
			ProductSales sales = sales("KETTLE-1");
			assertThat(sales.orders()).isEqualTo(2);
			assertThat(sales.units()).isEqualTo(3);
			assertThat(sales.revenue()).isEqualByComparingTo("72.00");
		});
		assertThat(sales("NOTHING-SOLD").orders()).isZero();
		this.client.get()
			.uri("/actuator/changestreams/product-sales")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("RUNNING");
	}

	@Test
	void theSalesOfEachProductAreTheSumsOfItsOrders() {
		this.products.save(new Product("TOASTER-1", "Toaster", new BigDecimal("19.90"), 100));
		this.products.save(new Product("GRILL-1", "Grill", new BigDecimal("7.25"), 100));
		awaitListenerRunning();
		// Interleaved orders of two products: 1 + 2 + ... + 8 = 36 toasters, 8 × 2 = 16 grills
		for (int quantity = 1; quantity <= 8; quantity++) {
			placeOrder("TOASTER-1", quantity);
			placeOrder("GRILL-1", 2);
		}
		await().atMost(WAIT).untilAsserted(() -> {
			ProductSales toasters = sales("TOASTER-1");
			assertThat(toasters.orders()).as("orders of TOASTER-1").isEqualTo(8);
			assertThat(toasters.units()).as("units of TOASTER-1").isEqualTo(36);
			assertThat(toasters.revenue()).as("revenue of TOASTER-1").isEqualByComparingTo("716.40");
			ProductSales grills = sales("GRILL-1");
			assertThat(grills.orders()).as("orders of GRILL-1").isEqualTo(8);
			assertThat(grills.units()).as("units of GRILL-1").isEqualTo(16);
			assertThat(grills.revenue()).as("revenue of GRILL-1").isEqualByComparingTo("116.00");
		});
	}

	@Test
	void anOrderDeliveredAgainIsCountedOnce() {
		this.products.save(new Product("GRINDER-1", "Grinder", new BigDecimal("45.00"), 10));
		awaitListenerRunning();
		Order placed = placeOrder("GRINDER-1", 2);
		await().atMost(WAIT).untilAsserted(() -> assertThat(sales("GRINDER-1").orders()).isEqualTo(1));
		// The listener delivered the order once; deliver the same event twice more, as after a
		// crash before its resume token was saved, or to a second instance of the application.
		ChangeEvent<Order> event = insertEvent(placed.id());
		this.projector.onOrder(event);
		this.projector.onOrder(event);
		ProductSales sales = sales("GRINDER-1");
		assertThat(sales.orders()).as("orders of GRINDER-1 after the order was delivered three times").isEqualTo(1);
		assertThat(sales.units()).as("units of GRINDER-1 after the order was delivered three times").isEqualTo(2);
		assertThat(sales.revenue()).as("revenue of GRINDER-1 after the order was delivered three times")
			.isEqualByComparingTo("90.00");
		// A new order is still counted
		placeOrder("GRINDER-1", 1);
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(sales("GRINDER-1").orders()).isEqualTo(2);
			assertThat(sales("GRINDER-1").units()).isEqualTo(3);
		});
	}

	@Test
	void anOrderTheProjectorCannotReadIsDeadLetteredAndTheListenerGoesOn() {
		this.products.save(new Product("SCALE-1", "Kitchen scale", new BigDecimal("12.00"), 10));
		awaitListenerRunning();
		// Written by another client: an ObjectId _id where Order has a string
		ObjectId foreignId = new ObjectId();
		this.database.getCollection("orders")
			.insertOne(new Document("_id", foreignId).append("sku", "SCALE-1")
				.append("quantity", 5)
				.append("unitPrice", new Decimal128(new BigDecimal("12.00")))
				.append("total", new Decimal128(new BigDecimal("60.00")))
				.append("placedAt", new Date()));
		try {
			placeOrder("SCALE-1", 1);
			await().atMost(WAIT).untilAsserted(() -> {
				ProductSales sales = sales("SCALE-1");
				assertThat(sales.orders()).as("orders of SCALE-1 (the order after the unreadable one)").isEqualTo(1);
				assertThat(sales.units()).as("units of SCALE-1").isEqualTo(1);
			});
			ListenerStatus status = this.container.getListener(LISTENER);
			assertThat(status).isNotNull();
			assertThat(status.state()).as("state of the listener after the unreadable order")
				.isEqualTo(ListenerState.RUNNING);
			assertThat(this.database.getCollection("sales_dead_letters")
				.countDocuments(Filters.and(Filters.eq("listener", LISTENER),
						Filters.eq("event.documentKey._id", foreignId))))
				.as("dead letters of the unreadable order")
				.isEqualTo(1);
		}
		finally {
			this.database.getCollection("orders").deleteOne(Filters.eq("_id", foreignId));
		}
	}

	@Test
	void anOrderWhoseIncrementFailsIsNotMarkedAndIsCountedWhenDeliveredAgain() {
		// Sales that the increment cannot add to: $inc fails on a revenue that is not a number
		this.database.getCollection("product_sales")
			.replaceOne(Filters.eq("_id", "BLENDER-1"), new Document("_id", "BLENDER-1").append("orders", 0L)
				.append("units", 0L)
				.append("revenue", "not a number")
				.append("updatedAt", new Date()), new ReplaceOptions().upsert(true));
		// An order no listener sees, given to the projector directly
		String orderId = "direct-" + new ObjectId();
		ChangeEvent<Order> event = insertEvent(new BsonDocument("_id", new BsonString(orderId))
			.append("sku", new BsonString("BLENDER-1"))
			.append("quantity", new BsonInt32(3))
			.append("unitPrice", new BsonDecimal128(new Decimal128(new BigDecimal("30.00"))))
			.append("total", new BsonDecimal128(new Decimal128(new BigDecimal("90.00"))))
			.append("placedAt", new BsonDateTime(System.currentTimeMillis())));
		assertThatException().as("handling an order whose increment fails")
			.isThrownBy(() -> this.projector.onOrder(event));
		// The mark was written before the increment failed: it is rolled back with it
		assertThat(this.database.getCollection("sales_applied").countDocuments(Filters.eq("_id", orderId)))
			.as("marks of order " + orderId + " after its increment failed")
			.isZero();
		this.database.getCollection("product_sales")
			.updateOne(Filters.eq("_id", "BLENDER-1"), Updates.set("revenue", new Decimal128(BigDecimal.ZERO)));
		// Delivered again, as the listener does after a failed attempt: counted, once
		this.projector.onOrder(event);
		this.projector.onOrder(event);
		ProductSales sales = sales("BLENDER-1");
		assertThat(sales.orders()).as("orders of BLENDER-1 after the failed and the repeated deliveries")
			.isEqualTo(1);
		assertThat(sales.units()).as("units of BLENDER-1").isEqualTo(3);
		assertThat(sales.revenue()).as("revenue of BLENDER-1").isEqualByComparingTo("90.00");
	}

	@Test
	void aListenerCannotBeStoppedOverHttpByDefault() {
		awaitListenerRunning();
		// The write operation is not mapped: only GET is allowed on the path
		this.client.post()
			.uri("/actuator/changestreams/{id}", LISTENER)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"action\": \"stop\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
		assertThat(this.container.getListener(LISTENER).state()).as("state of the listener after the POST")
			.isEqualTo(ListenerState.RUNNING);
	}

	@Test
	void aListenerStoppedByAnOperatorMakesTheHealthOutOfService() {
		awaitListenerRunning();
		this.container.stop(LISTENER);
		try {
			this.client.get()
				.uri("/actuator/health")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("OUT_OF_SERVICE")
				.jsonPath("$.components.changeStreams.status")
				.isEqualTo("OUT_OF_SERVICE")
				.jsonPath("$.components.changeStreams.details.stopped[0]")
				.isEqualTo(LISTENER);
		}
		finally {
			this.container.start(LISTENER);
			awaitListenerRunning();
		}
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.changeStreams.status")
			.isEqualTo("UP");
	}

	/**
	 * The insert event of a stored order, as the change stream delivers it.
	 */
	private ChangeEvent<Order> insertEvent(String orderId) {
		BsonDocument order = this.database.getCollection("orders", BsonDocument.class)
			.find(Filters.eq("_id", orderId))
			.first();
		assertThat(order).as("stored order " + orderId).isNotNull();
		return insertEvent(order);
	}

	/**
	 * The insert event of an order, as the change stream delivers it.
	 */
	private ChangeEvent<Order> insertEvent(BsonDocument order) {
		BsonDocument raw = new BsonDocument("_id",
				new BsonDocument("_data", new BsonString("redelivered-" + order.get("_id").asString().getValue())))
			.append("operationType", new BsonString("insert"))
			.append("ns", new BsonDocument("db", new BsonString(this.database.getName())).append("coll",
					new BsonString("orders")))
			.append("documentKey", new BsonDocument("_id", order.get("_id")))
			.append("fullDocument", order);
		ChangeStreamDocument<Order> document = ChangeStreamDocument
			.createCodec(Order.class, this.templates.getCodecRegistry())
			.decode(new BsonDocumentReader(raw), DecoderContext.builder().build());
		return new ChangeEvent<>(LISTENER, document);
	}

	private void awaitListenerRunning() {
		await().atMost(WAIT).until(() -> {
			ListenerStatus status = this.container.getListener(LISTENER);
			return status != null && status.state() == ListenerState.RUNNING;
		});
	}

	private ProductSales sales(String sku) {
		ProductSales sales = this.client.get()
			.uri("/sales/{sku}", sku)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(ProductSales.class)
			.returnResult()
			.getResponseBody();
		assertThat(sales).isNotNull();
		return sales;
	}

	private Order placeOrder(String sku, int quantity) {
		Order order = this.client.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"sku\": \"" + sku + "\", \"quantity\": " + quantity + "}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Order.class)
			.returnResult()
			.getResponseBody();
		assertThat(order).isNotNull();
		assertThat(order.id()).isNotNull();
		return order;
	}

}
