package io.connectplatform.mongodb.autoconfigure.template;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the collection templates: {@code connect.mongodb.templates.*},
 * {@code connect.mongodb.validation.*} and {@code connect.mongodb.async.*}.
 *
 * @author Connect MongoDB team
 */
@ConfigurationProperties(ConnectMongoTemplatesProperties.PREFIX)
public class ConnectMongoTemplatesProperties {

	/**
	 * The prefix of these properties.
	 */
	public static final String PREFIX = "connect.mongodb";

	private final Templates templates = new Templates();

	private final Validation validation = new Validation();

	private final AsyncExecution async = new AsyncExecution();

	public Templates getTemplates() {
		return this.templates;
	}

	public Validation getValidation() {
		return this.validation;
	}

	public AsyncExecution getAsync() {
		return this.async;
	}

	/**
	 * Template settings.
	 */
	public static class Templates {

		/**
		 * Whether to create the indexes declared with @Indexed and @CompoundIndex on
		 * @CollectionEntity types at startup.
		 */
		private boolean autoIndexCreation;

		public boolean isAutoIndexCreation() {
			return this.autoIndexCreation;
		}

		public void setAutoIndexCreation(boolean autoIndexCreation) {
			this.autoIndexCreation = autoIndexCreation;
		}

	}

	/**
	 * Input validation settings.
	 */
	public static class Validation {

		/**
		 * Whether to check documents, filters, updates and pipelines before they are sent.
		 * Collection names are always checked.
		 */
		private boolean enabled = true;

		/**
		 * Largest document to send. Defaults to the server's limit (16MB unless the server
		 * says otherwise).
		 */
		private @Nullable DataSize maxDocumentSize;

		/**
		 * Deepest nesting of sub-documents and arrays in a stored document.
		 */
		private int maxNestingDepth = 100;

		/**
		 * Whether to allow server-side JavaScript ($where, $function, $accumulator) in
		 * filters, updates and pipelines.
		 */
		private boolean allowServerSideJavascript;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable DataSize getMaxDocumentSize() {
			return this.maxDocumentSize;
		}

		public void setMaxDocumentSize(@Nullable DataSize maxDocumentSize) {
			this.maxDocumentSize = maxDocumentSize;
		}

		public int getMaxNestingDepth() {
			return this.maxNestingDepth;
		}

		public void setMaxNestingDepth(int maxNestingDepth) {
			this.maxNestingDepth = maxNestingDepth;
		}

		public boolean isAllowServerSideJavascript() {
			return this.allowServerSideJavascript;
		}

		public void setAllowServerSideJavascript(boolean allowServerSideJavascript) {
			this.allowServerSideJavascript = allowServerSideJavascript;
		}

	}

	/**
	 * AsyncExecution executor settings.
	 */
	public static class AsyncExecution {

		/**
		 * Whether async operations run on virtual threads. Defaults to true when the JVM has
		 * them (Java 21 and later).
		 */
		private @Nullable Boolean virtualThreads;

		/**
		 * Most async operations running at once on virtual threads; more are rejected.
		 */
		private int maxConcurrency = 1000;

		/**
		 * Number of platform threads running async operations, when not on virtual threads.
		 */
		private int poolSize = 16;

		/**
		 * Most async operations waiting for a platform thread; more are rejected.
		 */
		private int queueCapacity = 1000;

		/**
		 * Prefix of the names of the async threads.
		 */
		private String threadNamePrefix = "connect-mongodb-async-";

		public @Nullable Boolean getVirtualThreads() {
			return this.virtualThreads;
		}

		public void setVirtualThreads(@Nullable Boolean virtualThreads) {
			this.virtualThreads = virtualThreads;
		}

		public int getMaxConcurrency() {
			return this.maxConcurrency;
		}

		public void setMaxConcurrency(int maxConcurrency) {
			this.maxConcurrency = maxConcurrency;
		}

		public int getPoolSize() {
			return this.poolSize;
		}

		public void setPoolSize(int poolSize) {
			this.poolSize = poolSize;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public String getThreadNamePrefix() {
			return this.threadNamePrefix;
		}

		public void setThreadNamePrefix(String threadNamePrefix) {
			this.threadNamePrefix = threadNamePrefix;
		}

	}

}
