package io.connectplatform.mongodb.sample.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests over HTTP that client errors are answered with a 4xx problem detail, never a 500:
 * request bodies over {@code sample.requests.max-body-size} (lowered to 64 KB here), whether
 * they declare their length or stream it, and documents the validation of the templates
 * refuses (the document size limit is lowered to 16 KB here, so that a body within the
 * request limit can break it). The bodies that lie about their length or stream without one
 * are written on a plain socket, as an attacker's client would.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.requests.max-body-size=64KB", "connect.mongodb.validation.max-document-size=16KB" })
class ClientErrorsTests {

	private final int port;

	private final RestTestClient client;

	private final MongoDatabase database;

	@Autowired
	ClientErrorsTests(@LocalServerPort int port, MongoDatabase database) {
		this.port = port;
		this.client = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
		this.database = database;
	}

	@Test
	void aBodyThatDeclaresMoreThanTheLimitIsRefusedBeforeItIsRead() throws IOException {
		// 150 MB declared, a few bytes sent: the answer must not wait for the rest
		String response = exchange("PUT /products/BIG-1 HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nContent-Length: 157286400\r\nConnection: close\r\n\r\n{\"name\": \"",
				new byte[0]);
		assertThat(response).startsWith("HTTP/1.1 413 ");
		assertThat(response).contains("application/problem+json").contains("65536");
		assertThat(this.database.getCollection("products").countDocuments(Filters.eq("_id", "BIG-1"))).isZero();
	}

	@Test
	void aStreamedBodyOverTheLimitIsCutOffAndRefused() throws IOException {
		// Chunked, so no length is declared: the limit is found while the body is read
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		byte[] name = "a".repeat(4096).getBytes(StandardCharsets.US_ASCII);
		body.writeBytes(chunk("{\"price\": 1, \"stock\": 1, \"name\": \"".getBytes(StandardCharsets.US_ASCII)));
		for (int i = 0; i < 40; i++) {
			body.writeBytes(chunk(name));
		}
		body.writeBytes(chunk("\"}".getBytes(StandardCharsets.US_ASCII)));
		body.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		String response = exchange("PUT /products/BIG-2 HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
				body.toByteArray());
		assertThat(response).startsWith("HTTP/1.1 413 ");
		assertThat(response).contains("application/problem+json").contains("65536");
		assertThat(this.database.getCollection("products").countDocuments(Filters.eq("_id", "BIG-2"))).isZero();
	}

	@Test
	void aBodyWithinTheLimitIsRead() {
		assertThat(put("SMALL-1", "{\"name\": \"" + "a".repeat(1000) + "\", \"price\": 1, \"stock\": 1}"))
			.hasStatus(HttpStatus.CREATED);
	}

	@Test
	void anUploadLargerThanTheBodyLimitIsBoundByTheMultipartLimitsInstead() {
		byte[] content = new byte[200 * 1024];
		new Random(1).nextBytes(content);
		MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
		form.add("file", new ByteArrayResource(content) {

			@Override
			public String getFilename() {
				return "large.bin";
			}

		});
		assertThat(RestTestClientResponse.from(this.client.post()
			.uri("/products/COFFEE-1KG/attachments")
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(form)
			.exchange())).hasStatus(HttpStatus.CREATED);
	}

	@Test
	void aDocumentThatTheValidationRefusesIsABadRequest() {
		// 20 KB of name: within the 64 KB request limit, over the 16 KB document limit
		assertThat(put("HUGE-NAME", "{\"name\": \"" + "a".repeat(20 * 1024) + "\", \"price\": 1, \"stock\": 1}"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.rule")
			.isEqualTo("document-size");
		assertThat(this.database.getCollection("products").countDocuments(Filters.eq("_id", "HUGE-NAME"))).isZero();
	}

	@Test
	void aBodyThatIsNotJsonIsABadRequest() {
		assertThat(put("BROKEN-1", "{\"name\": ")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private RestTestClientResponse put(String sku, String json) {
		return RestTestClientResponse.from(this.client.put()
			.uri("/products/{sku}", sku)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange());
	}

	/**
	 * Write a request on a new connection and read the response, up to the end of its
	 * problem detail (a JSON object without nested objects). A server that answers before
	 * it has read the body may close the connection while the body is still being written;
	 * the response read after it is what counts. The connection is not read to its end: the
	 * server may keep it open to swallow the body it was promised.
	 */
	private String exchange(String head, byte[] body) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			out.write(head.getBytes(StandardCharsets.UTF_8));
			try {
				out.write(body);
				out.flush();
			}
			catch (IOException ex) {
				// The server answered and closed first
			}
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			byte[] buffer = new byte[4096];
			String text = "";
			while (!complete(text)) {
				int count = in.read(buffer);
				if (count == -1) {
					break;
				}
				response.write(buffer, 0, count);
				text = response.toString(StandardCharsets.UTF_8);
			}
			return text;
		}
	}

	private static boolean complete(String response) {
		int body = response.indexOf("\r\n\r\n");
		return body != -1 && response.indexOf('}', body) != -1;
	}

	private static byte[] chunk(byte[] data) {
		ByteArrayOutputStream chunk = new ByteArrayOutputStream();
		chunk.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		chunk.writeBytes(data);
		chunk.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		return chunk.toByteArray();
	}

}
