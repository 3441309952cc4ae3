package io.connectplatform.mongodb.sample.product;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.bson.types.Decimal128;
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
 * Tests for {@link ProductController} over HTTP, against the embedded in-memory server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ProductControllerTests {

	private final RestTestClient client;

	private final MongoDatabase database;

	@Autowired
	ProductControllerTests(@LocalServerPort int port, MongoDatabase database) {
		this.client = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
		this.database = database;
	}

	@Test
	void putCreatesAProductThatGetReturns() {
		assertThat(put("TEA-100", """
				{"name": "Green tea, 100 g", "price": 7.90, "stock": 25}
				""")).hasStatus(HttpStatus.CREATED)
			.bodyJson()
			.convertTo(Product.class)
			.isEqualTo(new Product("TEA-100", "Green tea, 100 g", new BigDecimal("7.90"), 25));
		assertThat(get("/products/TEA-100")).hasStatusOk()
			.bodyJson()
			.convertTo(Product.class)
			.isEqualTo(new Product("TEA-100", "Green tea, 100 g", new BigDecimal("7.90"), 25));
	}

	@Test
	void putReplacesAnExistingProduct() {
		assertThat(put("KETTLE-1L", """
				{"name": "Kettle", "price": 30, "stock": 5}
				""")).hasStatus(HttpStatus.CREATED);
		assertThat(put("KETTLE-1L", """
				{"sku": "KETTLE-1L", "name": "Gooseneck kettle, 1 l", "price": 45.00, "stock": 3}
				""")).hasStatusOk();
		assertThat(get("/products/KETTLE-1L")).hasStatusOk()
			.bodyJson()
			.convertTo(Product.class)
			.isEqualTo(new Product("KETTLE-1L", "Gooseneck kettle, 1 l", new BigDecimal("45.00"), 3));
	}

	@Test
	void putStoresTheSkuAsIdAndThePriceAsDecimal128() {
		put("FILTER-100", """
				{"name": "Paper filters, 100 pieces", "price": 0.10, "stock": 0}
				""");
		Document document = this.database.getCollection("products").find(Filters.eq("_id", "FILTER-100")).first();
		assertThat(document).isNotNull();
		assertThat(document.get("price")).isEqualTo(new Decimal128(new BigDecimal("0.10")));
		assertThat(document.get("stock")).isEqualTo(0);
	}

	@Test
	void listReturnsTheSeededProductsOrderedBySku() {
		assertThat(get("/products")).hasStatusOk()
			.bodyJson()
			.extractingPath("$[*].sku")
			.convertTo(InstanceOfAssertFactories.list(String.class))
			.contains("COFFEE-1KG", "MUG-350")
			.isSorted();
	}

	@Test
	void listReturnsNoMoreThanTheLimit() {
		assertThat(get("/products?limit=1")).hasStatusOk().bodyJson().extractingPath("$").asArray().hasSize(1);
	}

	@Test
	void listRejectsALimitOutsideOneToFiveHundred() {
		assertThat(get("/products?limit=0")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.field")
			.isEqualTo("limit");
		assertThat(get("/products?limit=501")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.field")
			.isEqualTo("limit");
	}

	@Test
	void listRejectsALimitThatIsNotANumber() {
		assertThat(get("/products?limit=many")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("'limit'");
	}

	@Test
	void listFollowsTheNextPageTokenThroughEveryProductOnce() {
		List<String> skus = new ArrayList<>();
		String after = null;
		int pages = 0;
		do {
			EntityExchangeResult<Product[]> page = this.client.get()
				.uri((after != null) ? "/products?limit=1&after=" + after : "/products?limit=1")
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(Product[].class);
			assertThat(page.getResponseBody()).hasSizeLessThanOrEqualTo(1);
			Arrays.stream(page.getResponseBody()).map(Product::sku).forEach(skus::add);
			after = page.getResponseHeaders().getFirst(ProductController.NEXT_PAGE_HEADER);
			pages++;
		}
		while (after != null && pages < 1000);
		assertThat(skus).contains("COFFEE-1KG", "MUG-350").doesNotHaveDuplicates().isSorted();
		assertThat((long) skus.size()).isEqualTo(this.database.getCollection("products").countDocuments());
	}

	@Test
	void listRejectsAnAfterTokenItDidNotIssue() {
		assertThat(get("/products?after=not-a-token")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.field")
			.isEqualTo("after");
	}

	@Test
	void listInAnotherOrderFollowsItsTokensThroughEveryProductOnce() {
		List<Integer> stocks = new ArrayList<>();
		List<String> skus = new ArrayList<>();
		String after = null;
		int pages = 0;
		do {
			EntityExchangeResult<Product[]> page = this.client.get()
				.uri((after != null) ? "/products?limit=2&sort=stock,desc&after=" + after : "/products?limit=2&sort=stock,desc")
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(Product[].class);
			Arrays.stream(page.getResponseBody()).forEach((product) -> {
				stocks.add(product.stock());
				skus.add(product.sku());
			});
			after = page.getResponseHeaders().getFirst(ProductController.NEXT_PAGE_HEADER);
			pages++;
		}
		while (after != null && pages < 1000);
		assertThat(skus).doesNotHaveDuplicates();
		assertThat(stocks).isSortedAccordingTo(Comparator.reverseOrder());
		assertThat((long) skus.size()).isEqualTo(this.database.getCollection("products").countDocuments());
	}

	@Test
	void listRejectsATokenOfAnotherOrder() {
		String token = this.client.get()
			.uri("/products?limit=1&sort=stock,desc")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(Product[].class)
			.getResponseHeaders()
			.getFirst(ProductController.NEXT_PAGE_HEADER);
		assertThat(token).isNotNull();
		assertThat(get("/products?limit=1&sort=stock,desc&after=" + token)).hasStatusOk();
		assertThat(get("/products?limit=1&after=" + token)).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.field")
			.isEqualTo("after");
		assertThat(get("/products?limit=1&sort=stock,asc&after=" + token)).hasStatus(HttpStatus.BAD_REQUEST);
	}

	@Test
	void listRejectsASortPropertyThatIsNotAFieldName() {
		assertThat(get("/products?sort=$where")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.field")
			.isEqualTo("sort");
	}

	@Test
	void pagesBindPageSizeAndSortFromTheRequest() {
		long total = this.database.getCollection("products").countDocuments();
		RestTestClientResponse first = get("/products/pages?page=0&size=1&sort=name,asc");
		assertThat(first).hasStatusOk().bodyJson().extractingPath("$.content").asArray().hasSize(1);
		assertThat(first).bodyJson().extractingPath("$.page.totalElements").asNumber().isEqualTo((int) total);
		assertThat(first).bodyJson().extractingPath("$.page.size").asNumber().isEqualTo(1);
		List<String> names = new ArrayList<>();
		for (int page = 0; page < total; page++) {
			Product[] content = this.client.get()
				.uri("/products/pages?page=" + page + "&size=1&sort=name,asc")
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(ProductPage.class)
				.getResponseBody()
				.content();
			Arrays.stream(content).map(Product::name).forEach(names::add);
		}
		assertThat(names).hasSize((int) total).isSorted();
	}

	@Test
	void pagesAreNoLargerThanTheMaximumPageSize() {
		assertThat(get("/products/pages?size=1000")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.page.size")
			.asNumber()
			.isEqualTo(100);
	}

	@Test
	void pagesRejectASortPropertyThatIsNotAFieldName() {
		assertThat(get("/products/pages?sort=name.$gt,desc")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.field")
			.isEqualTo("sort");
	}

	@Test
	void lowStockListsTheProductsBelowTheThresholdFewestFirst() {
		put("LOW-2", """
				{"name": "Rare beans", "price": 99, "stock": 2}
				""");
		put("LOW-1", """
				{"name": "Rarer beans", "price": 199, "stock": 1}
				""");
		assertThat(get("/products/low-stock?below=3")).hasStatusOk()
			.bodyJson()
			.extractingPath("$[*].sku")
			.convertTo(InstanceOfAssertFactories.list(String.class))
			.containsSubsequence("LOW-1", "LOW-2")
			.doesNotContain("COFFEE-1KG", "MUG-350");
	}

	@Test
	void getReturnsNotFoundForAnUnknownSku() {
		assertThat(get("/products/NO-SUCH-SKU")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("No product with SKU 'NO-SUCH-SKU'");
	}

	@Test
	void putRejectsABlankName() {
		assertRejected("INVALID-1", """
				{"name": " ", "price": 1, "stock": 1}
				""", "name");
	}

	@Test
	void putRejectsAMissingOrNegativePrice() {
		assertRejected("INVALID-2", """
				{"name": "Nothing", "stock": 1}
				""", "price");
		assertRejected("INVALID-2", """
				{"name": "Nothing", "price": -0.01, "stock": 1}
				""", "price");
	}

	@Test
	void putRejectsAMissingOrNegativeStock() {
		assertRejected("INVALID-3", """
				{"name": "Nothing", "price": 1}
				""", "stock");
		assertRejected("INVALID-3", """
				{"name": "Nothing", "price": 1, "stock": -1}
				""", "stock");
	}

	@Test
	void putRejectsABodySkuThatDiffersFromThePath() {
		assertRejected("INVALID-4", """
				{"sku": "OTHER", "name": "Nothing", "price": 1, "stock": 1}
				""", "sku");
	}

	@Test
	void putRejectsASkuThatIsNotLettersDigitsAndPunctuation() {
		assertRejected("GIFT CARD", """
				{"name": "Gift card", "price": 25, "stock": 1}
				""", "sku");
		assertRejected("A".repeat(65), """
				{"name": "Long", "price": 25, "stock": 1}
				""", "sku");
	}

	@Test
	void productsWrittenByAnotherClientWithANumberOrAStringAsPriceAreListed() {
		List<String> skus = List.of("FOREIGN-INT", "FOREIGN-LONG", "FOREIGN-DOUBLE", "FOREIGN-STRING");
		List<Object> prices = List.of(12, 3000000000L, 12.5, "12.50");
		for (int i = 0; i < skus.size(); i++) {
			this.database.getCollection("products")
				.insertOne(new Document("_id", skus.get(i)).append("name", "Foreign " + i)
					.append("price", prices.get(i))
					.append("stock", 1));
		}
		try {
			assertThat(get("/products?limit=500")).hasStatusOk()
				.bodyJson()
				.extractingPath("$[*].sku")
				.convertTo(InstanceOfAssertFactories.list(String.class))
				.contains("COFFEE-1KG", "FOREIGN-INT", "FOREIGN-LONG", "FOREIGN-DOUBLE", "FOREIGN-STRING");
			assertThat(get("/products/pages?size=100")).hasStatusOk();
			assertThat(priceOf("FOREIGN-INT")).isEqualTo(new BigDecimal("12"));
			assertThat(priceOf("FOREIGN-LONG")).isEqualTo(new BigDecimal("3000000000"));
			assertThat(priceOf("FOREIGN-DOUBLE")).isEqualTo(new BigDecimal("12.5"));
			assertThat(priceOf("FOREIGN-STRING")).isEqualTo(new BigDecimal("12.50"));
		}
		finally {
			this.database.getCollection("products").deleteMany(Filters.in("_id", skus));
		}
	}

	@Test
	void aProductWrittenByAnotherClientWithAPriceThatIsNotANumberIsListedWithoutAPrice() {
		this.database.getCollection("products")
			.insertOne(new Document("_id", "FOREIGN-TEXT").append("name", "Foreign text")
				.append("price", "twelve")
				.append("stock", 1));
		try {
			assertThat(get("/products?limit=500")).hasStatusOk()
				.bodyJson()
				.extractingPath("$[*].sku")
				.convertTo(InstanceOfAssertFactories.list(String.class))
				.contains("COFFEE-1KG", "FOREIGN-TEXT");
			assertThat(get("/products/FOREIGN-TEXT")).hasStatusOk()
				.bodyJson()
				.extractingPath("$.price")
				.isNull();
		}
		finally {
			this.database.getCollection("products").deleteOne(Filters.eq("_id", "FOREIGN-TEXT"));
		}
	}

	private BigDecimal priceOf(String sku) {
		Product product = this.client.get()
			.uri("/products/{sku}", sku)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Product.class)
			.returnResult()
			.getResponseBody();
		assertThat(product).isNotNull();
		return product.price();
	}

	@Test
	void deleteRemovesTheProduct() {
		put("SPOON-1", """
				{"name": "Measuring spoon", "price": 3.50, "stock": 10}
				""");
		assertThat(delete("/products/SPOON-1")).hasStatus(HttpStatus.NO_CONTENT);
		assertThat(get("/products/SPOON-1")).hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void deleteReturnsNotFoundForAnUnknownSku() {
		assertThat(delete("/products/NO-SUCH-SKU")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private void assertRejected(String sku, String body, String field) {
		assertThat(put(sku, body)).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.field")
			.isEqualTo(field);
		assertThat(get("/products/" + sku)).hasStatus(HttpStatus.NOT_FOUND);
	}

	private RestTestClientResponse get(String uri) {
		return RestTestClientResponse.from(this.client.get().uri(uri).exchange());
	}

	private RestTestClientResponse put(String sku, String json) {
		return RestTestClientResponse.from(this.client.put()
			.uri("/products/{sku}", sku)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange());
	}

	private RestTestClientResponse delete(String uri) {
		return RestTestClientResponse.from(this.client.delete().uri(uri).exchange());
	}

	record ProductPage(Product[] content) {
	}

}
