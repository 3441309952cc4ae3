package io.connectplatform.mongodb.sample.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the requests the sample reads, bound from {@code sample.requests.*}.
 *
 * @param maxBodySize the largest request body read, 1 MB by default: a body that declares
 * more is refused with {@code 413} before it is read, and one that streams more without
 * declaring its length is cut off at the limit and refused the same way. Multipart uploads
 * are bound by {@code spring.servlet.multipart.*} instead.
 */
@ConfigurationProperties("sample.requests")
public record RequestLimitsProperties(@DefaultValue("1MB") DataSize maxBodySize) {

	/**
	 * Check the limits.
	 * @param maxBodySize the largest request body read
	 * @throws IllegalArgumentException if the limit is not at least one byte
	 */
	public RequestLimitsProperties {
		if (maxBodySize.toBytes() < 1) {
			throw new IllegalArgumentException(
					"'sample.requests.max-body-size' must be at least 1B, but was " + maxBodySize);
		}
	}

}
