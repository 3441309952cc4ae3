package io.connectplatform.mongodb.sample.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.model.Sorts;
import io.connectplatform.mongodb.gridfs.FileQuery;
import io.connectplatform.mongodb.gridfs.GridFsFileNotFoundException;
import io.connectplatform.mongodb.gridfs.GridFsFileTooLargeException;
import io.connectplatform.mongodb.gridfs.GridFsBucketOperations;
import io.connectplatform.mongodb.gridfs.StoredFile;
import io.connectplatform.mongodb.gridfs.UploadOptions;
import io.connectplatform.mongodb.gridfs.UploadedFile;
import io.connectplatform.mongodb.sample.product.ProductNotFoundException;
import io.connectplatform.mongodb.sample.product.ProductRepository;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.annotation.RegisterReflectionForBinding;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * REST endpoints for the attachments of a product at {@code /products/{sku}/attachments},
 * stored in GridFS through the injected {@link GridFsBucketOperations} (the {@code attachments}
 * bucket, see {@code application.yml}). Uploads stream from the multipart part to the
 * bucket; downloads stream from the bucket to the response, and a {@code Range} request
 * reads only the chunks of its range. Downloads carry the headers of
 * {@link AttachmentTypes}, so that an uploaded HTML file cannot run in a browser.
 * <p>
 * {@link AttachmentMetadata} reaches the driver's codecs only as an object given to GridFS,
 * so no template or repository bean names it: its reflection hints for a native image are
 * declared here.
 */
@RestController
@RegisterReflectionForBinding(AttachmentMetadata.class)
@RequestMapping("/products/{sku}/attachments")
public final class AttachmentController {

	private static final Log logger = LogFactory.getLog(AttachmentController.class);

	private static final String SKU = "sku";

	private static final String NOSNIFF = "nosniff";

	private final GridFsBucketOperations attachments;

	private final ProductRepository products;

	/**
	 * Create a controller on the GridFS template and the repository of products.
	 * @param attachments the template of the attachments bucket
	 * @param products the repository of products
	 */
	public AttachmentController(GridFsBucketOperations attachments, ProductRepository products) {
		this.attachments = attachments;
		this.products = products;
	}

	/**
	 * Attach a file to a product: {@code POST /products/{sku}/attachments} with a multipart
	 * form whose {@code file} part is the file.
	 * @param sku the SKU of the product
	 * @param file the file
	 * @return the attachment, with {@code 201 Created} and its location
	 * @throws IOException if the uploaded part cannot be read
	 * @throws ProductNotFoundException if there is no product with the SKU
	 * @throws io.connectplatform.mongodb.sample.product.InvalidFieldException if the part's
	 * content type is not a valid media type, or its filename has control characters
	 */
	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	public ResponseEntity<Attachment> upload(@PathVariable String sku, @RequestParam("file") MultipartFile file)
			throws IOException {
		MediaType type = AttachmentTypes.uploaded(file.getContentType());
		String filename = AttachmentTypes.filename(StringUtils.getFilename(file.getOriginalFilename()));
		requireProduct(sku);
		UploadOptions options = UploadOptions.defaults().metadata(new AttachmentMetadata(sku));
		if (type != null) {
			options = options.contentType(type.toString());
		}
		UploadedFile uploaded;
		try (InputStream content = file.getInputStream()) {
			uploaded = this.attachments.upload(filename, content, options);
		}
		Attachment attachment = Attachment.of(uploaded);
		// Encoded: a SKU written by another client may hold any character
		URI location = UriComponentsBuilder.fromPath("/products/{sku}/attachments/{id}")
			.encode()
			.buildAndExpand(sku, attachment.id())
			.toUri();
		return ResponseEntity.created(location).body(attachment);
	}

	/**
	 * List the attachments of a product: {@code GET /products/{sku}/attachments}. A file of
	 * the product whose id is not an {@code ObjectId} (written by another client) is left
	 * out, with a warning in the log, rather than failing the whole list: this API
	 * addresses attachments by {@code ObjectId}.
	 * @param sku the SKU of the product
	 * @return the attachments, oldest first
	 * @throws ProductNotFoundException if there is no product with the SKU
	 */
	@GetMapping
	public List<Attachment> list(@PathVariable String sku) {
		requireProduct(sku);
		return this.attachments.find(FileQuery.all().metadata(SKU, sku).sort(Sorts.ascending("uploadDate")))
			.stream()
			.map(AttachmentController::listed)
			.flatMap(Optional::stream)
			.toList();
	}

	private static Optional<Attachment> listed(StoredFile file) {
		if (!file.id().isObjectId()) {
			logger.warn("Left a file whose id is not an ObjectId but a " + file.id().getBsonType()
					+ " out of a product's attachments");
			return Optional.empty();
		}
		return Optional.of(Attachment.of(file));
	}

	/**
	 * Download an attachment: {@code GET /products/{sku}/attachments/{id}}. A request with
	 * a single byte range in its {@code Range} header gets {@code 206 Partial Content} with
	 * that range; one with several ranges gets the whole file; one whose range starts past
	 * the end gets {@code 416 Range Not Satisfiable}.
	 * @param sku the SKU of the product
	 * @param id the id of the attachment
	 * @param range the {@code Range} header, if any
	 * @return the content
	 * @throws AttachmentNotFoundException if the product has no attachment with the id
	 */
	@GetMapping("/{id}")
	public ResponseEntity<Resource> download(@PathVariable String sku, @PathVariable String id,
			@RequestHeader(name = HttpHeaders.RANGE, required = false) @Nullable String range) {
		StoredFile file = find(sku, id);
		long length = file.length();
		HttpRange requested = singleRange(range);
		ResponseEntity.BodyBuilder response;
		long start = 0;
		long count = length;
		if (requested != null) {
			start = requested.getRangeStart(length);
			if (start >= length) {
				return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
					.header(HttpHeaders.CONTENT_RANGE, "bytes */" + length)
					.build();
			}
			long end = requested.getRangeEnd(length);
			count = end - start + 1;
			response = ResponseEntity.status(HttpStatus.PARTIAL_CONTENT)
				.header(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + length);
		}
		else {
			response = ResponseEntity.ok();
		}
		if (file.checksum() != null) {
			response.eTag("\"" + file.checksum() + "\"");
		}
		MediaType type = AttachmentTypes.served(file);
		// Spring closes the stream once it is written; only the chunks of the range are read.
		InputStream content = this.attachments.openDownloadStream(file.id(), start, count);
		return response.header(HttpHeaders.ACCEPT_RANGES, "bytes")
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION, AttachmentTypes.disposition(file, type).toString())
			.header("X-Content-Type-Options", NOSNIFF)
			.contentLength(count)
			.body(new InputStreamResource(content));
	}

	/**
	 * Delete an attachment: {@code DELETE /products/{sku}/attachments/{id}}.
	 * @param sku the SKU of the product
	 * @param id the id of the attachment
	 * @throws AttachmentNotFoundException if the product has no attachment with the id
	 */
	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	public void delete(@PathVariable String sku, @PathVariable String id) {
		StoredFile file = find(sku, id);
		this.attachments.delete(file.id());
	}

	/**
	 * Render an upload over {@code connect.mongodb.gridfs.max-file-size} as a
	 * {@code 413 Content Too Large} problem detail.
	 * @param ex the exception
	 * @return the problem detail
	 */
	@ExceptionHandler(GridFsFileTooLargeException.class)
	@ResponseStatus(HttpStatus.PAYLOAD_TOO_LARGE)
	public ProblemDetail tooLarge(GridFsFileTooLargeException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
				"The file exceeds the maximum size of " + ex.getMaxFileSize() + " bytes");
	}

	/**
	 * Render an attachment deleted while it was being looked up as a {@code 404 Not Found}
	 * problem detail.
	 * @param ex the exception
	 * @return the problem detail
	 */
	@ExceptionHandler(GridFsFileNotFoundException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	public ProblemDetail notFound(GridFsFileNotFoundException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	private StoredFile find(String sku, String id) {
		if (!ObjectId.isValid(id)) {
			throw new AttachmentNotFoundException(sku, id);
		}
		return this.attachments.findById(new ObjectId(id))
			.filter((file) -> sku.equals(file.metadata().get(SKU)))
			.orElseThrow(() -> new AttachmentNotFoundException(sku, id));
	}

	private void requireProduct(String sku) {
		if (!this.products.existsById(sku)) {
			throw new ProductNotFoundException(sku);
		}
	}

	/**
	 * Return the one range of a {@code Range} header, or {@code null} to send the whole
	 * file: without a header, with several ranges, or with one that cannot be parsed (which
	 * a server may ignore).
	 */
	private static @Nullable HttpRange singleRange(@Nullable String header) {
		if (!StringUtils.hasText(header)) {
			return null;
		}
		try {
			List<HttpRange> ranges = HttpRange.parseRanges(header);
			return (ranges.size() == 1) ? ranges.get(0) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
