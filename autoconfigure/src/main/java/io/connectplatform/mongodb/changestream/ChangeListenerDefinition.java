package io.connectplatform.mongodb.changestream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.mongodb.MongoNamespace;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.FullDocumentBeforeChange;
import com.mongodb.client.model.changestream.OperationType;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One change-stream listener: what it watches, how, and the code that handles its events.
 * Build one with {@link #builder(String, Class, ChangeListener)} and register it with
 * {@link ChangeStreamListenerContainer#register(ChangeListenerDefinition)};
 * {@link MongoChangeListener} methods become definitions too.
 *
 * @param <T> the type the full document and pre-image are decoded into
 * @author Connect MongoDB team
 */
public final class ChangeListenerDefinition<T> {

	private final String id;

	private final ChangeStreamScope level;

	private final @Nullable String database;

	private final @Nullable String collection;

	private final Set<OperationType> operations;

	private final FullDocument fullDocument;

	private final FullDocumentBeforeChange fullDocumentBeforeChange;

	private final List<BsonDocument> pipeline;

	private final int batchSize;

	private final @Nullable Duration maxAwaitTime;

	private final @Nullable ListenerErrorPolicy onError;

	private final int maxAttempts;

	private final @Nullable Instant startAt;

	private final boolean deliverUndecodable;

	private final Class<T> documentClass;

	private final ChangeListener<T> listener;

	private final String source;

	private ChangeListenerDefinition(Builder<T> builder) {
		this.id = builder.id;
		this.level = builder.level;
		this.database = builder.database;
		this.collection = builder.collection;
		this.operations = builder.operations.isEmpty() ? Set.of()
				: Collections.unmodifiableSet(EnumSet.copyOf(builder.operations));
		this.fullDocument = builder.fullDocument;
		this.fullDocumentBeforeChange = builder.fullDocumentBeforeChange;
		this.pipeline = List.copyOf(builder.pipeline);
		this.batchSize = builder.batchSize;
		this.maxAwaitTime = builder.maxAwaitTime;
		this.onError = builder.onError;
		this.maxAttempts = builder.maxAttempts;
		this.startAt = builder.startAt;
		this.deliverUndecodable = builder.deliverUndecodable;
		this.documentClass = builder.documentClass;
		this.listener = builder.listener;
		this.source = builder.source;
	}

	/**
	 * Start a definition.
	 * @param <T> the type the full document is decoded into
	 * @param id the listener's unique id, which keys its resume token
	 * @param documentClass the type the full document is decoded into ({@code Document}
	 * for no mapping)
	 * @param listener the code that handles the events
	 * @return the builder
	 */
	public static <T> Builder<T> builder(String id, Class<T> documentClass, ChangeListener<T> listener) {
		Assert.hasText(id, "'id' must not be empty");
		Assert.notNull(documentClass, "'documentClass' must not be null");
		Assert.notNull(listener, "'listener' must not be null");
		return new Builder<>(id, documentClass, listener);
	}

	/**
	 * Return the listener's id.
	 * @return the id
	 */
	public String getId() {
		return this.id;
	}

	/**
	 * Return what the stream watches.
	 * @return the level
	 */
	public ChangeStreamScope getLevel() {
		return this.level;
	}

	/**
	 * Return the database, if one was given.
	 * @return the database, or {@code null} for the container's default database
	 */
	public @Nullable String getDatabase() {
		return this.database;
	}

	/**
	 * Return the watched collection.
	 * @return the collection, or {@code null} at database and cluster level
	 */
	public @Nullable String getCollection() {
		return this.collection;
	}

	/**
	 * Return the operations delivered.
	 * @return the operations, empty for all
	 */
	public Set<OperationType> getOperations() {
		return this.operations;
	}

	/**
	 * Return the full-document option.
	 * @return the option
	 */
	public FullDocument getFullDocument() {
		return this.fullDocument;
	}

	/**
	 * Return the pre-image option.
	 * @return the option
	 */
	public FullDocumentBeforeChange getFullDocumentBeforeChange() {
		return this.fullDocumentBeforeChange;
	}

	/**
	 * Return the stages sent to the server: the operation filter, if any, then the given
	 * pipeline.
	 * @return the stages
	 */
	public List<BsonDocument> getPipeline() {
		if (this.operations.isEmpty()) {
			return this.pipeline;
		}
		List<BsonDocument> stages = new ArrayList<>(this.pipeline.size() + 1);
		stages.add(ChangeStreamPipelines.operationFilter(this.operations));
		stages.addAll(this.pipeline);
		return stages;
	}

	/**
	 * Return the batch size.
	 * @return the batch size, 0 for the server's default
	 */
	public int getBatchSize() {
		return this.batchSize;
	}

	/**
	 * Return how long the server waits for events before answering an empty batch.
	 * @return the wait, or {@code null} for the container's default
	 */
	public @Nullable Duration getMaxAwaitTime() {
		return this.maxAwaitTime;
	}

	/**
	 * Return the policy for events that failed in every attempt.
	 * @return the policy, or {@code null} for the container's default
	 */
	public @Nullable ListenerErrorPolicy getOnError() {
		return this.onError;
	}

	/**
	 * Return how many times an event is tried.
	 * @return the attempts, 0 for the container's default
	 */
	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	/**
	 * Return where to start when no token is stored.
	 * @return the time, or {@code null} for now
	 */
	public @Nullable Instant getStartAt() {
		return this.startAt;
	}

	/**
	 * Return whether events that cannot be decoded into the listener's type are delivered
	 * without their documents.
	 * @return whether they are delivered
	 */
	public boolean isDeliverUndecodable() {
		return this.deliverUndecodable;
	}

	/**
	 * Return the type the full document is decoded into.
	 * @return the type
	 */
	public Class<T> getDocumentClass() {
		return this.documentClass;
	}

	/**
	 * Return the code that handles the events.
	 * @return the listener
	 */
	public ChangeListener<T> getListener() {
		return this.listener;
	}

	/**
	 * Return where the listener was declared, for messages.
	 * @return a description such as {@code bean 'projector', method Projector.onOrder}
	 */
	public String getSource() {
		return this.source;
	}

	@Override
	public String toString() {
		String target = switch (this.level) {
			case COLLECTION -> "collection " + ((this.database != null) ? this.database + "." : "") + this.collection;
			case DATABASE -> "database " + ((this.database != null) ? this.database : "(default)");
			case CLUSTER -> "cluster";
		};
		return "ChangeListener '" + this.id + "' on " + target + " (" + this.source + ")";
	}

	/**
	 * Builds a {@link ChangeListenerDefinition}.
	 *
	 * @param <T> the type the full document is decoded into
	 */
	public static final class Builder<T> {

		private final String id;

		private final Class<T> documentClass;

		private final ChangeListener<T> listener;

		private ChangeStreamScope level = ChangeStreamScope.COLLECTION;

		private @Nullable String database;

		private @Nullable String collection;

		private final Set<OperationType> operations = EnumSet.noneOf(OperationType.class);

		private FullDocument fullDocument = FullDocument.DEFAULT;

		private FullDocumentBeforeChange fullDocumentBeforeChange = FullDocumentBeforeChange.DEFAULT;

		private final List<BsonDocument> pipeline = new ArrayList<>();

		private int batchSize;

		private @Nullable Duration maxAwaitTime;

		private @Nullable ListenerErrorPolicy onError;

		private int maxAttempts;

		private @Nullable Instant startAt;

		private boolean deliverUndecodable;

		private String source = "registered in code";

		private Builder(String id, Class<T> documentClass, ChangeListener<T> listener) {
			this.id = id;
			this.documentClass = documentClass;
			this.listener = listener;
		}

		/**
		 * Watch one collection (the default level).
		 * @param collection the collection name
		 * @return this builder
		 */
		public Builder<T> collection(String collection) {
			MongoNamespace.checkCollectionNameValidity(collection);
			this.collection = collection;
			return this;
		}

		/**
		 * Set the database of the collection, or the database to watch.
		 * @param database the database name
		 * @return this builder
		 */
		public Builder<T> database(String database) {
			MongoNamespace.checkDatabaseNameValidity(database);
			this.database = database;
			return this;
		}

		/**
		 * Set what the stream watches.
		 * @param level the level
		 * @return this builder
		 */
		public Builder<T> level(ChangeStreamScope level) {
			Assert.notNull(level, "'level' must not be null");
			this.level = level;
			return this;
		}

		/**
		 * Deliver only these operations (filtered on the server).
		 * @param operations the operations
		 * @return this builder
		 */
		public Builder<T> operations(OperationType... operations) {
			this.operations.clear();
			this.operations.addAll(Arrays.asList(operations));
			return this;
		}

		/**
		 * Set the full-document option.
		 * @param fullDocument the option
		 * @return this builder
		 */
		public Builder<T> fullDocument(FullDocument fullDocument) {
			Assert.notNull(fullDocument, "'fullDocument' must not be null");
			this.fullDocument = fullDocument;
			return this;
		}

		/**
		 * Set the pre-image option.
		 * @param fullDocumentBeforeChange the option
		 * @return this builder
		 */
		public Builder<T> fullDocumentBeforeChange(FullDocumentBeforeChange fullDocumentBeforeChange) {
			Assert.notNull(fullDocumentBeforeChange, "'fullDocumentBeforeChange' must not be null");
			this.fullDocumentBeforeChange = fullDocumentBeforeChange;
			return this;
		}

		/**
		 * Add stages written as JSON: one stage or an array of them.
		 * @param json the stages
		 * @return this builder
		 * @throws IllegalArgumentException if the JSON is not valid or a stage is not
		 * allowed in a change stream
		 */
		public Builder<T> pipeline(String json) {
			this.pipeline.addAll(ChangeStreamPipelines.parse(json));
			return this;
		}

		/**
		 * Add stages, such as {@code Aggregates.match(Filters.eq("fullDocument.status", "PAID"))}.
		 * @param stages the stages
		 * @return this builder
		 * @throws IllegalArgumentException if a stage is not allowed in a change stream
		 */
		public Builder<T> pipeline(List<? extends Bson> stages) {
			List<BsonDocument> documents = stages.stream().map(Bson::toBsonDocument).toList();
			ChangeStreamPipelines.check(documents);
			this.pipeline.addAll(documents);
			return this;
		}

		/**
		 * Set the number of events per batch.
		 * @param batchSize the batch size, 0 for the server's default
		 * @return this builder
		 */
		public Builder<T> batchSize(int batchSize) {
			Assert.isTrue(batchSize >= 0, () -> "'batchSize' must not be negative, but was " + batchSize);
			this.batchSize = batchSize;
			return this;
		}

		/**
		 * Set how long the server waits for events before answering an empty batch.
		 * @param maxAwaitTime the wait, positive
		 * @return this builder
		 */
		public Builder<T> maxAwaitTime(Duration maxAwaitTime) {
			Assert.isTrue(maxAwaitTime.toMillis() > 0,
					() -> "'maxAwaitTime' must be at least 1ms, but was " + maxAwaitTime);
			this.maxAwaitTime = maxAwaitTime;
			return this;
		}

		/**
		 * Set the policy for events that failed in every attempt.
		 * @param onError the policy
		 * @return this builder
		 */
		public Builder<T> onError(ListenerErrorPolicy onError) {
			Assert.notNull(onError, "'onError' must not be null");
			this.onError = onError;
			return this;
		}

		/**
		 * Set how many times an event is tried, counting the first.
		 * @param maxAttempts the attempts, at least 1
		 * @return this builder
		 */
		public Builder<T> maxAttempts(int maxAttempts) {
			Assert.isTrue(maxAttempts >= 1, () -> "'maxAttempts' must be at least 1, but was " + maxAttempts);
			this.maxAttempts = maxAttempts;
			return this;
		}

		/**
		 * Hand the listener events whose full document or pre-image cannot be read into
		 * {@code T}, without those documents: {@link ChangeEvent#getDecodingFailure()} says
		 * why and {@link ChangeEvent#getRawEvent()} holds them. Off by default: such an
		 * event fails with a {@link ChangeEventDecodingException}, and the error policy
		 * applies.
		 * @param deliverUndecodable whether to deliver such events
		 * @return this builder
		 */
		public Builder<T> deliverUndecodable(boolean deliverUndecodable) {
			this.deliverUndecodable = deliverUndecodable;
			return this;
		}

		/**
		 * Start at this time when no resume token is stored; the server must still have
		 * it in its oplog.
		 * @param startAt the time
		 * @return this builder
		 */
		public Builder<T> startAt(Instant startAt) {
			Assert.notNull(startAt, "'startAt' must not be null");
			this.startAt = startAt;
			return this;
		}

		/**
		 * Describe where the listener was declared, for messages.
		 * @param source the description
		 * @return this builder
		 */
		public Builder<T> source(String source) {
			Assert.hasText(source, "'source' must not be empty");
			this.source = source;
			return this;
		}

		/**
		 * Build the definition.
		 * @return the definition
		 * @throws IllegalStateException if the level and the collection or database do
		 * not fit together
		 */
		public ChangeListenerDefinition<T> build() {
			switch (this.level) {
				case COLLECTION -> Assert.state(this.collection != null,
						() -> "Listener '" + this.id + "' watches a collection but names none");
				case DATABASE -> Assert.state(this.collection == null,
						() -> "Listener '" + this.id + "' watches a database but names collection '"
								+ this.collection + "'");
				case CLUSTER -> Assert.state(this.collection == null && this.database == null,
						() -> "Listener '" + this.id + "' watches the cluster but names a database or collection");
			}
			return new ChangeListenerDefinition<>(this);
		}

	}

}
