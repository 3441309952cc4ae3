package io.connectplatform.mongodb.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the packaged sample, with the code {@code spring-boot:process-aot} generated, in a
 * child JVM with {@code -Dspring.aot.enabled=true} (as a native image would run it, minus
 * the native compilation) on the in-memory server, then exercises it over HTTP: products,
 * an order in a transaction, an attachment in GridFS and the sales projection a change-stream
 * listener keeps; and checks that the generated reachability metadata carries the starter's
 * hints. Run by Failsafe in {@code ./mvnw verify}, after {@code package}.
 *
 * @author Connect MongoDB team
 */
class SampleApplicationAotIT {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

	private static final Duration PROJECTION_TIMEOUT = Duration.ofSeconds(30);

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static Process application;

	private static Path log;

	private static String baseUrl;

	@BeforeAll
	static void startApplicationInAotMode() throws Exception {
		Path jar = Path.of(System.getProperty("sample.jar", "target/connect-mongodb-sample-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the packaged sample (run 'package' first)").isRegularFile();
		log = Files.createTempFile(jar.getParent(), "sample-aot-", ".log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = List.of(java, "-Dspring.aot.enabled=true", "-XX:TieredStopAtLevel=1", "-jar",
				jar.toString(), "--server.port=0", "--spring.main.banner-mode=off");
		application = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			baseUrl = "http://localhost:" + awaitPort();
		}
		catch (Throwable ex) {
			stopApplication();
			throw ex;
		}
	}

	@AfterAll
	static void stopApplication() throws InterruptedException {
		if (application != null && application.isAlive()) {
			application.destroy();
			if (!application.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
				application.destroyForcibly().waitFor(15, java.util.concurrent.TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void startsFromTheAheadOfTimeGeneratedCode() throws IOException {
		String output = Files.readString(log);
		assertThat(output).contains("Starting AOT-processed SampleApplication")
			.containsPattern("Started SampleApplication in [\\d.]+ seconds")
			.doesNotContain("ERROR");
	}

	@Test
	void generatedReachabilityMetadataHasTheHintsOfTheStarter() throws IOException {
		Path metadata = Path.of(System.getProperty("sample.aot.resources", "target/spring-aot/main/resources"))
			.resolve("META-INF/native-image/io.connectplatform/connect-mongodb-sample/reachability-metadata.json");
		JsonNode reflection = json.readTree(metadata.toFile()).get("reflection");
		List<String> types = new ArrayList<>();
		List<String> listenerMethods = new ArrayList<>();
		reflection.forEach((entry) -> {
			JsonNode type = entry.get("type");
			types.add(type.isString() ? type.asString() : type.toString());
			if (type.isString() && type.asString().endsWith(".ProductSalesProjector")) {
				entry.get("methods").forEach((method) -> listenerMethods.add(method.get("name").asString()));
			}
		});
		assertThat(types).as("JDK proxies that join transactions")
			.contains("{\"proxy\":[\"com.mongodb.client.MongoCollection\"]}",
					"{\"proxy\":[\"com.mongodb.client.MongoDatabase\"]}",
					"{\"proxy\":[\"com.mongodb.client.gridfs.GridFSBucket\"]}");
		assertThat(types).as("entity types of the templates and repositories")
			.contains("io.connectplatform.mongodb.sample.product.Product", "io.connectplatform.mongodb.sample.order.Order",
					"io.connectplatform.mongodb.sample.sales.ProductSales",
					"io.connectplatform.mongodb.sample.sales.AppliedOrder");
		assertThat(types).as("GridFS metadata, declared by the sample with @RegisterReflectionForBinding")
			.contains("io.connectplatform.mongodb.sample.attachment.AttachmentMetadata");
		assertThat(listenerMethods).as("the @MongoChangeListener method").contains("onOrder");
	}

	@Test
	void servesProductsOrdersAttachmentsAndTheSalesProjection() throws Exception {
		String sku = "AOT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

		HttpResponse<String> created = send(request("/products/" + sku).header("Content-Type", "application/json")
			.PUT(BodyPublishers.ofString("{\"name\": \"Green tea, 100 g\", \"price\": 7.90, \"stock\": 10}")));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(get("/products/" + sku).get("name").asString()).isEqualTo("Green tea, 100 g");
		List<String> skus = new ArrayList<>();
		get("/products?limit=500").forEach((product) -> skus.add(product.get("sku").asString()));
		assertThat(skus).contains(sku);

		HttpResponse<String> placed = send(request("/orders").header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"sku\": \"" + sku + "\", \"quantity\": 3}")));
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		JsonNode order = json.readTree(placed.body());
		assertThat(order.get("total").decimalValue()).isEqualByComparingTo("23.70");
		assertThat(get("/orders/" + order.get("id").asString()).get("quantity").asInt()).isEqualTo(3);
		assertThat(get("/products/" + sku).get("stock").asInt()).isEqualTo(7);

		byte[] content = "Brew at 80 degrees for two minutes.".getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> uploaded = upload("/products/" + sku + "/attachments", "leaflet.txt", content);
		assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
		String location = uploaded.headers().firstValue("Location").orElseThrow();
		HttpResponse<byte[]> downloaded = http.send(request(location).GET().build(), BodyHandlers.ofByteArray());
		assertThat(downloaded.statusCode()).isEqualTo(200);
		assertThat(downloaded.body()).isEqualTo(content);

		JsonNode sales = awaitSales(sku);
		assertThat(sales.get("orders").asLong()).isEqualTo(1);
		assertThat(sales.get("units").asLong()).isEqualTo(3);
		assertThat(sales.get("revenue").decimalValue()).isEqualByComparingTo("23.70");
	}

	private static int awaitPort() throws Exception {
		Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			String output = Files.readString(log);
			Matcher port = PORT.matcher(output);
			if (port.find() && output.contains("Started SampleApplication")) {
				return Integer.parseInt(port.group(1));
			}
			assertThat(application.isAlive()).as("the application exited during startup:%n%s", output).isTrue();
			Thread.sleep(250);
		}
		throw new AssertionError("The application did not start within " + STARTUP_TIMEOUT + ":\n"
				+ Files.readString(log));
	}

	private static JsonNode awaitSales(String sku) throws Exception {
		Instant deadline = Instant.now().plus(PROJECTION_TIMEOUT);
		JsonNode sales = get("/sales/" + sku);
		while (sales.get("orders").asLong() == 0 && Instant.now().isBefore(deadline)) {
			Thread.sleep(200);
			sales = get("/sales/" + sku);
		}
		return sales;
	}

	private static JsonNode get(String path) throws Exception {
		HttpResponse<String> response = send(request(path).GET());
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private static HttpResponse<String> upload(String path, String filename, byte[] content) throws Exception {
		String boundary = "aot-" + UUID.randomUUID();
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
				+ "\"\r\nContent-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
		return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(BodyPublishers.concat(BodyPublishers.ofByteArray(head), BodyPublishers.ofByteArray(content),
					BodyPublishers.ofByteArray(tail))));
	}

	private static HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.build(), BodyHandlers.ofString());
	}

}
