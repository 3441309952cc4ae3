package io.connectplatform.mongodb.sample.attachment;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AttachmentController} over HTTP, against the embedded in-memory server:
 * multipart uploads, downloads of whole files and of {@code Range}s across chunk boundaries,
 * and the errors. The limit is lowered to 1 MB here to show the {@code 413} answer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "connect.mongodb.gridfs.max-file-size=1MB")
class AttachmentControllerTests {

	private static final String SKU = "COFFEE-1KG";

	private static final int SIZE = 600_000;

	private final RestTestClient client;

	@Autowired
	AttachmentControllerTests(@LocalServerPort int port) {
		this.client = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
	}

	@Test
	void anUploadedAttachmentIsListedAndDownloaded() throws Exception {
		byte[] content = content(SIZE);
		RestTestClientResponse created = upload(SKU, "manual.pdf", MediaType.APPLICATION_PDF, content);
		assertThat(created).hasStatus(HttpStatus.CREATED);
		String id = JsonId.of(created);
		assertThat(created).hasHeader(HttpHeaders.LOCATION, "/products/" + SKU + "/attachments/" + id);
		assertThat(created).bodyJson().extractingPath("$.length").asNumber().isEqualTo(SIZE);
		assertThat(created).bodyJson().extractingPath("$.sha256").isEqualTo(sha256(content));
		assertThat(created).bodyJson().extractingPath("$.contentType").isEqualTo("application/pdf");
		assertThat(RestTestClientResponse.from(this.client.get().uri(attachments(SKU)).exchange())).hasStatusOk()
			.bodyJson()
			.extractingPath("$[*].id")
			.convertTo(InstanceOfAssertFactories.list(String.class))
			.contains(id);
		EntityExchangeResult<byte[]> download = download(SKU, id, null);
		assertThat(download.getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(download.getResponseBody()).isEqualTo(content);
		HttpHeaders headers = download.getResponseHeaders();
		assertThat(headers.getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
		assertThat(headers.getContentLength()).isEqualTo(SIZE);
		assertThat(headers.getFirst(HttpHeaders.ACCEPT_RANGES)).isEqualTo("bytes");
		assertThat(headers.getETag()).isEqualTo("\"" + sha256(content) + "\"");
	}

	@Test
	void aRangeIsServedAsPartialContent() throws Exception {
		byte[] content = content(SIZE + 1);
		String id = JsonId.of(upload(SKU, "photo.jpg", MediaType.IMAGE_JPEG, content));
		int chunk = 255 * 1024;
		assertRange(id, content, "bytes=" + (chunk - 10) + "-" + (chunk + 9), chunk - 10, chunk + 9);
		assertRange(id, content, "bytes=" + (2 * chunk) + "-", 2 * chunk, SIZE);
		assertRange(id, content, "bytes=-100", SIZE + 1 - 100, SIZE);
		assertRange(id, content, "bytes=0-0", 0, 0);
		assertRange(id, content, "bytes=500000-999999999", 500000, SIZE);
	}

	@Test
	void aRangePastTheEndIsNotSatisfiable() throws Exception {
		String id = JsonId.of(upload(SKU, "small.txt", MediaType.TEXT_PLAIN, content(100)));
		EntityExchangeResult<byte[]> download = download(SKU, id, "bytes=100-200");
		assertThat(download.getStatus()).isEqualTo(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
		assertThat(download.getResponseHeaders().getFirst(HttpHeaders.CONTENT_RANGE)).isEqualTo("bytes */100");
	}

	@Test
	void severalRangesGetTheWholeFile() throws Exception {
		byte[] content = content(1000);
		String id = JsonId.of(upload(SKU, "several.bin", MediaType.APPLICATION_OCTET_STREAM, content));
		EntityExchangeResult<byte[]> download = download(SKU, id, "bytes=0-1,5-9");
		assertThat(download.getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(download.getResponseBody()).isEqualTo(content);
	}

	@Test
	void aDeletedAttachmentIsGone() throws Exception {
		String id = JsonId.of(upload(SKU, "old.txt", MediaType.TEXT_PLAIN, content(10)));
		assertThat(RestTestClientResponse.from(this.client.delete().uri(attachments(SKU) + "/" + id).exchange()))
			.hasStatus(HttpStatus.NO_CONTENT);
		assertThat(download(SKU, id, null).getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void anAttachmentIsOnlyFoundUnderItsProduct() throws Exception {
		String id = JsonId.of(upload(SKU, "mine.txt", MediaType.TEXT_PLAIN, content(10)));
		assertThat(RestTestClientResponse.from(this.client.get().uri(attachments("MUG-350") + "/" + id).exchange()))
			.hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("Product 'MUG-350' has no attachment '" + id + "'");
		assertThat(RestTestClientResponse.from(this.client.get().uri(attachments(SKU) + "/not-an-id").exchange()))
			.hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void anUploadToAnUnknownProductIsNotFound() {
		assertThat(upload("NO-SUCH-SKU", "a.txt", MediaType.TEXT_PLAIN, content(10))).hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("No product with SKU 'NO-SUCH-SKU'");
	}

	@Test
	void anUploadOverTheLimitIsTooLarge() {
		assertThat(upload(SKU, "huge.bin", MediaType.APPLICATION_OCTET_STREAM, content(1024 * 1024 + 1)))
			.hasStatus(HttpStatus.PAYLOAD_TOO_LARGE)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("The file exceeds the maximum size of 1048576 bytes");
	}

	private void assertRange(String id, byte[] content, String range, int first, int last) {
		EntityExchangeResult<byte[]> download = download(SKU, id, range);
		assertThat(download.getStatus()).as(range).isEqualTo(HttpStatus.PARTIAL_CONTENT);
		assertThat(download.getResponseHeaders().getFirst(HttpHeaders.CONTENT_RANGE)).as(range)
			.isEqualTo("bytes " + first + "-" + last + "/" + content.length);
		assertThat(download.getResponseBody()).as(range).isEqualTo(Arrays.copyOfRange(content, first, last + 1));
	}

	private RestTestClientResponse upload(String sku, String filename, MediaType type, byte[] content) {
		HttpHeaders partHeaders = new HttpHeaders();
		partHeaders.setContentType(type);
		partHeaders.setContentDisposition(ContentDisposition.formData().name("file").filename(filename).build());
		MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
		body.add("file", new HttpEntity<>(content, partHeaders));
		return RestTestClientResponse.from(this.client.post()
			.uri(attachments(sku))
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(body)
			.exchange());
	}

	private EntityExchangeResult<byte[]> download(String sku, String id, String range) {
		return this.client.get()
			.uri(attachments(sku) + "/" + id)
			.headers((headers) -> {
				if (range != null) {
					headers.set(HttpHeaders.RANGE, range);
				}
			})
			.exchange()
			.expectBody(byte[].class)
			.returnResult();
	}

	private static String attachments(String sku) {
		return "/products/" + sku + "/attachments";
	}

	private static byte[] content(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

	private static String sha256(byte[] content) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
	}

	/**
	 * Reads the id of a created attachment.
	 */
	private static final class JsonId {

		private JsonId() {
		}

		static String of(RestTestClientResponse created) {
			assertThat(created).hasStatus(HttpStatus.CREATED);
			return created.getExchangeResult().getResponseHeaders().getLocation().toString().replaceAll(".*/", "");
		}

	}

}
