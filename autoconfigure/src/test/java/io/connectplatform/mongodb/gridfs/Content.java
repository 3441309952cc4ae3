package io.connectplatform.mongodb.gridfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;

/**
 * Test content: reproducible random bytes and their SHA-256, computed independently of the
 * template.
 *
 * @author Connect MongoDB team
 */
final class Content {

	private Content() {
	}

	/**
	 * Return the name of a database of its own for a test.
	 * @return a new database name
	 */
	static String databaseName() {
		return "gridfs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	/**
	 * Return reproducible random bytes.
	 * @param size the number of bytes
	 * @return the bytes, the same for the same size
	 */
	static byte[] random(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

	/**
	 * Return the SHA-256 of bytes.
	 * @param bytes the bytes
	 * @return the SHA-256 in lower-case hexadecimal
	 */
	static String sha256(byte[] bytes) {
		return HexFormat.of().formatHex(digest().digest(bytes));
	}

	/**
	 * Return the SHA-256 of what a stream gives, read to its end.
	 * @param stream the stream
	 * @return the SHA-256 in lower-case hexadecimal
	 */
	static String sha256(InputStream stream) {
		MessageDigest digest = digest();
		byte[] buffer = new byte[64 * 1024];
		try {
			int read;
			while ((read = stream.read(buffer)) != -1) {
				digest.update(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static MessageDigest digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
