package io.connectplatform.mongodb.sample.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Bounds every request body but multipart ones at a limit, so that a client cannot make the
 * application buffer a body of any size (a JSON body is read whole before it is bound). A
 * body whose {@code Content-Length} is over the limit is refused before any of it is read;
 * a body that streams without a length (chunked) is cut off when it passes the limit. Both
 * end in a {@link RequestBodyTooLargeException}, which the
 * {@link HandlerExceptionResolver} renders as a {@code 413} problem detail.
 * <p>
 * Multipart requests pass: Spring reads them part by part to disk, bounded by
 * {@code spring.servlet.multipart.max-file-size} and {@code max-request-size}.
 */
final class RequestBodyLimitFilter extends OncePerRequestFilter {

	private static final String MULTIPART = "multipart/";

	private final long maxBodySize;

	private final HandlerExceptionResolver exceptionResolver;

	/**
	 * Create a filter.
	 * @param maxBodySize the largest body read, in bytes
	 * @param exceptionResolver the resolver that renders the refusal
	 */
	RequestBodyLimitFilter(long maxBodySize, HandlerExceptionResolver exceptionResolver) {
		this.maxBodySize = maxBodySize;
		this.exceptionResolver = exceptionResolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isMultipart(request)) {
			chain.doFilter(request, response);
			return;
		}
		if (request.getContentLengthLong() > this.maxBodySize) {
			this.exceptionResolver.resolveException(request, response, null,
					new RequestBodyTooLargeException(this.maxBodySize));
			// Sent now: the server swallows some of the unread body before it completes the
			// exchange, and the client need not wait for that
			response.flushBuffer();
			return;
		}
		chain.doFilter(new LimitedRequest(request, this.maxBodySize), response);
	}

	private static boolean isMultipart(HttpServletRequest request) {
		String contentType = request.getContentType();
		return StringUtils.hasText(contentType) && contentType.regionMatches(true, 0, MULTIPART, 0, MULTIPART.length());
	}

	/**
	 * A request whose body stream fails once more than the limit has been read from it.
	 */
	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long maxBodySize;

		private @Nullable LimitedInputStream stream;

		LimitedRequest(HttpServletRequest request, long maxBodySize) {
			super(request);
			this.maxBodySize = maxBodySize;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.maxBodySize);
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

	/**
	 * A body stream that counts what is read and fails past the limit.
	 */
	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long maxBodySize;

		private long read;

		LimitedInputStream(ServletInputStream delegate, long maxBodySize) {
			this.delegate = delegate;
			this.maxBodySize = maxBodySize;
		}

		@Override
		public int read() throws IOException {
			int next = this.delegate.read();
			if (next != -1) {
				count(1);
			}
			return next;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int count = this.delegate.read(buffer, offset, length);
			if (count > 0) {
				count(count);
			}
			return count;
		}

		private void count(int bytes) throws RequestBodyTooLargeException {
			this.read += bytes;
			if (this.read > this.maxBodySize) {
				throw new RequestBodyTooLargeException(this.maxBodySize);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

	}

}
