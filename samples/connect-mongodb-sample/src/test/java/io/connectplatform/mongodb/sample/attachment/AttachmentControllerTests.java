package io.connectplatform.mongodb.sample.attachment;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.Random;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
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
 * safe download headers, files written by other clients, and the errors. The GridFS limit
 * is lowered to 1 MB and the multipart limit to 2 MB here to show the {@code 413} answers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "connect.mongodb.gridfs.max-file-size=1MB", "spring.servlet.multipart.max-file-size=2MB",
				"spring.servlet.multipart.max-request-size=2MB" })
class AttachmentControllerTests {

	private static final String SKU = "COFFEE-1KG";

	private static final int SIZE = 600_000;

	private static final String BOUNDARY = "sample-boundary-7f3a";

	private final RestTestClient client;

	private final MongoDatabase database;

	@Autowired
	AttachmentControllerTests(@LocalServerPort int port, MongoDatabase database) {
		this.client = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
		this.database = database;
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

	@Test
	void anHtmlFileIsDownloadedAsAnAttachmentThatBrowsersDoNotSniff() {
		byte[] html = "<script>alert(document.cookie)</script>".getBytes(StandardCharsets.UTF_8);
		String id = JsonId.of(upload(SKU, "page.html", MediaType.TEXT_HTML, html));
		HttpHeaders headers = download(SKU, id, null).getResponseHeaders();
		assertThat(headers.getContentDisposition().isAttachment()).as("attachment disposition of text/html")
			.isTrue();
		assertThat(headers.getContentDisposition().getFilename()).isEqualTo("page.html");
		assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
	}

	@Test
	void aSafeTypeIsShownInlineWithItsFilenameEncoded() {
		String id = JsonId.of(upload(SKU, "manual \"v2\"; size=1.pdf", MediaType.APPLICATION_PDF, content(100)));
		HttpHeaders headers = download(SKU, id, null).getResponseHeaders();
		ContentDisposition disposition = headers.getContentDisposition();
		assertThat(disposition.isInline()).as("inline disposition of application/pdf").isTrue();
		assertThat(disposition.getFilename()).isEqualTo("manual \"v2\"; size=1.pdf");
		assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
	}

	@Test
	void anUploadWithAContentTypeThatIsNotValidIsABadRequestAndStoresNothing() {
		long before = storedFiles();
		for (String type : new String[] { "not a type", "text/", "text/*", "*/*" }) {
			assertThat(uploadRaw(SKU, "Content-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n"
					+ "Content-Type: " + type, content(10), true))
				.as("upload with content type '" + type + "'")
				.hasStatus(HttpStatus.BAD_REQUEST)
				.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.extractingPath("$.field")
				.isEqualTo("file");
		}
		assertThat(storedFiles()).as("files stored after the refused uploads").isEqualTo(before);
	}

	@Test
	void aFilenameWithAControlCharacterIsABadRequest() {
		// NUL is refused by the multipart parser, other control characters by the controller
		for (String filename : new String[] { "a\u0000b.txt", "a\u0007b.txt", "a\u001bb.txt" }) {
			assertThat(uploadRaw(SKU, "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename
					+ "\"\r\nContent-Type: text/plain", content(10), true))
				.as("upload of a file named " + filename.replaceAll("\\p{Cntrl}", "?"))
				.hasStatus(HttpStatus.BAD_REQUEST)
				.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.extractingPath("$.field")
				.isEqualTo("file");
		}
	}

	@Test
	void aFilenameLongerThan255CharactersIsABadRequest() {
		assertThat(upload(SKU, "a".repeat(252) + ".txt", MediaType.TEXT_PLAIN, content(10)))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.field")
			.isEqualTo("file");
		assertThat(upload(SKU, "a".repeat(251) + ".txt", MediaType.TEXT_PLAIN, content(10)))
			.hasStatus(HttpStatus.CREATED);
	}

	@Test
	void aTruncatedMultipartBodyIsABadRequest() {
		assertThat(uploadRaw(SKU, "Content-Disposition: form-data; name=\"file\"; filename=\"cut.txt\"\r\n"
				+ "Content-Type: text/plain", content(1000), false))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void aRequestOverTheMultipartLimitIsTooLarge() {
		assertThat(upload(SKU, "big.bin", MediaType.APPLICATION_OCTET_STREAM, content(2 * 1024 * 1024 + 1)))
			.hasStatus(HttpStatus.PAYLOAD_TOO_LARGE)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void anUploadForASkuWithASpaceHasAnEncodedLocationThatLeadsToTheFile() {
		// A product written by another client, whose SKU this API would not accept
		this.database.getCollection("products")
			.replaceOne(Filters.eq("_id", "GIFT CARD"), new Document("_id", "GIFT CARD").append("name", "Gift card")
				.append("price", new Decimal128(new BigDecimal("25.00")))
				.append("stock", 100), new ReplaceOptions().upsert(true));
		byte[] content = content(10);
		RestTestClientResponse created = upload("GIFT CARD", "card.txt", MediaType.TEXT_PLAIN, content);
		assertThat(created).hasStatus(HttpStatus.CREATED);
		String location = created.getExchangeResult().getResponseHeaders().getFirst(HttpHeaders.LOCATION);
		assertThat(location).matches("/products/GIFT%20CARD/attachments/[0-9a-f]{24}");
		EntityExchangeResult<byte[]> download = this.client.get()
			.uri(URI.create(location))
			.exchange()
			.expectBody(byte[].class)
			.returnResult();
		assertThat(download.getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(download.getResponseBody()).isEqualTo(content);
	}

	@Test
	void aFileWithAStringIdWrittenByAnotherClientDoesNotBreakTheList() throws Exception {
		String id = JsonId.of(upload(SKU, "ours.txt", MediaType.TEXT_PLAIN, content(10)));
		this.database.getCollection("attachments.files")
			.insertOne(new Document("_id", "foreign-file").append("length", 0L)
				.append("chunkSize", 261120)
				.append("uploadDate", new Date())
				.append("filename", "theirs.txt")
				.append("metadata", new Document("sku", SKU)));
		try {
			assertThat(RestTestClientResponse.from(this.client.get().uri(attachments(SKU)).exchange())).hasStatusOk()
				.bodyJson()
				.extractingPath("$[*].id")
				.convertTo(InstanceOfAssertFactories.list(String.class))
				.contains(id)
				.doesNotContain("foreign-file");
		}
		finally {
			this.database.getCollection("attachments.files").deleteOne(Filters.eq("_id", "foreign-file"));
		}
	}

	@Test
	void aStoredContentTypeThatIsNotValidIsDownloadedAsOctetStream() {
		// A file written by another client (or before uploads were checked) with a content
		// type that is not one
		ObjectId id = new ObjectId();
		byte[] content = content(10);
		this.database.getCollection("attachments.files")
			.insertOne(new Document("_id", id).append("length", (long) content.length)
				.append("chunkSize", 261120)
				.append("uploadDate", new Date())
				.append("filename", "odd.bin")
				.append("metadata", new Document("sku", SKU).append("_contentType", "not a type")));
		this.database.getCollection("attachments.chunks")
			.insertOne(new Document("files_id", id).append("n", 0).append("data", new Binary(content)));
		EntityExchangeResult<byte[]> download = download(SKU, id.toHexString(), null);
		assertThat(download.getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(download.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_OCTET_STREAM);
		assertThat(download.getResponseHeaders().getContentDisposition().isAttachment()).isTrue();
		assertThat(download.getResponseBody()).isEqualTo(content);
	}

	private long storedFiles() {
		return this.database.getCollection("attachments.files").countDocuments();
	}

	/**
	 * Upload a multipart body written byte by byte, with part headers a client library
	 * would refuse to write, and without its closing boundary if {@code complete} is false.
	 */
	private RestTestClientResponse uploadRaw(String sku, String partHeaders, byte[] content, boolean complete) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + BOUNDARY + "\r\n" + partHeaders + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
		body.writeBytes(content);
		if (complete) {
			body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
		}
		return RestTestClientResponse.from(this.client.post()
			.uri(attachments(sku))
			.contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
			.body(body.toByteArray())
			.exchange());
	}

	private void assertRange(String id, byte[] content, String range, int first, int last) {
		EntityExchangeResult<byte[]> download = download(SKU, id, range);
		assertThat(download.getStatus()).as(range).isEqualTo(HttpStatus.PARTIAL_CONTENT);
		assertThat(download.getResponseHeaders().getFirst(HttpHeaders.CONTENT_RANGE)).as(range)
			.isEqualTo("bytes " + first + "-" + last + "/" + content.length);
		assertThat(download.getResponseBody()).as(range).isEqualTo(Arrays.copyOfRange(content, first, last + 1));
	}

	private RestTestClientResponse upload(String sku, String filename, MediaType type, byte[] content) {
		return upload(sku, ContentDisposition.formData().name("file").filename(filename).build(), type, content);
	}

	private RestTestClientResponse upload(String sku, ContentDisposition disposition, MediaType type, byte[] content) {
		HttpHeaders partHeaders = new HttpHeaders();
		partHeaders.setContentType(type);
		partHeaders.setContentDisposition(disposition);
		MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
		body.add("file", new HttpEntity<>(content, partHeaders));
		return RestTestClientResponse.from(this.client.post()
			.uri("/products/{sku}/attachments", sku)
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
