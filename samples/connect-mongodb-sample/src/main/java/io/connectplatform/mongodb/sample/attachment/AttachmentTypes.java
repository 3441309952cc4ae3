package io.connectplatform.mongodb.sample.attachment;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.connectplatform.mongodb.gridfs.StoredFile;
import io.connectplatform.mongodb.sample.product.InvalidFieldException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ContentDisposition;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The content types of attachments: checked at upload, and read back at download into the
 * headers that keep a browser from running what it downloads. An uploaded file is content of
 * the uploader's choosing: served inline under its own type, an HTML file would run as a
 * page of this application (stored cross-site scripting). So a download is
 * {@code Content-Disposition: attachment} (saved, not shown) unless its type is one of a
 * short list that browsers show without running scripts, and always
 * {@code X-Content-Type-Options: nosniff}, so that the browser keeps to the declared type.
 */
final class AttachmentTypes {

	/**
	 * The types shown inline; every other type is downloaded as an attachment.
	 */
	static final Set<MediaType> INLINE = Set.of(MediaType.IMAGE_PNG, MediaType.IMAGE_JPEG, MediaType.IMAGE_GIF,
			MediaType.APPLICATION_PDF, MediaType.TEXT_PLAIN);

	private static final String FILE = "file";

	private static final int MAX_FILENAME_LENGTH = 255;

	private AttachmentTypes() {
	}

	/**
	 * Return the content type of an uploaded part, checked.
	 * @param contentType the content type the client gave the part, or {@code null}
	 * @return the type, or {@code null} if the part has none
	 * @throws InvalidFieldException if it is not a valid, concrete media type (a wildcard
	 * such as {@code text/*} names no type)
	 */
	static @Nullable MediaType uploaded(@Nullable String contentType) {
		if (contentType == null || contentType.isBlank()) {
			return null;
		}
		MediaType type;
		try {
			type = MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			throw new InvalidFieldException(FILE, "has a content type that is not a valid media type");
		}
		if (!type.isConcrete()) {
			throw new InvalidFieldException(FILE, "has a wildcard content type; give the file's own type");
		}
		return type;
	}

	/**
	 * Return the filename of an uploaded part, checked.
	 * @param filename the filename the client gave, without any directory, or {@code null}
	 * @return the filename, {@code attachment} if there is none
	 * @throws InvalidFieldException if it has control characters or is longer than 255
	 * characters
	 */
	static String filename(@Nullable String filename) {
		if (filename == null || filename.isBlank()) {
			return "attachment";
		}
		if (filename.length() > MAX_FILENAME_LENGTH) {
			throw new InvalidFieldException(FILE, "has a filename longer than " + MAX_FILENAME_LENGTH + " characters");
		}
		if (filename.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidFieldException(FILE, "has a filename with control characters");
		}
		return filename;
	}

	/**
	 * Return the type to serve a stored file with: its stored type, or
	 * {@code application/octet-stream} when it has none or one that is not valid (a file
	 * written by another client).
	 * @param file the file
	 * @return the type
	 */
	static MediaType served(StoredFile file) {
		String stored = file.contentType();
		if (stored != null) {
			try {
				MediaType type = MediaType.parseMediaType(stored);
				if (type.isConcrete()) {
					return type;
				}
			}
			catch (InvalidMediaTypeException ex) {
				// Served as bytes
			}
		}
		return MediaType.APPLICATION_OCTET_STREAM;
	}

	/**
	 * Return the {@code Content-Disposition} of a download: {@code inline} for the types of
	 * {@link #INLINE}, {@code attachment} for every other, with the file's name encoded as
	 * RFC 6266 and 5987 say (quotes and non-ASCII characters cannot break the header).
	 * @param file the file
	 * @param type the type it is served with
	 * @return the disposition
	 */
	static ContentDisposition disposition(StoredFile file, MediaType type) {
		boolean inline = INLINE.stream().anyMatch((safe) -> safe.equalsTypeAndSubtype(type));
		ContentDisposition.Builder builder = inline ? ContentDisposition.inline() : ContentDisposition.attachment();
		return builder.filename(file.filename(), StandardCharsets.UTF_8).build();
	}

}
