package io.connectplatform.mongodb.changestream;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.FullDocumentBeforeChange;
import com.mongodb.client.model.changestream.OperationType;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a bean method as a change-stream listener run by the
 * {@link ChangeStreamListenerContainer}. The method takes one parameter: a
 * {@link ChangeEvent ChangeEvent&lt;T&gt;}, whose full document and pre-image are decoded
 * into {@code T}, or the driver's {@link ChangeStreamDocument ChangeStreamDocument&lt;T&gt;}
 * ({@code T} is usually {@code Document}).
 * <pre class="code">
 * &#064;MongoChangeListener(id = "order-projector", collection = "orders",
 *         operations = { INSERT, UPDATE, REPLACE }, fullDocument = UPDATE_LOOKUP)
 * void onOrder(ChangeEvent&lt;Order&gt; event) { ... }
 * </pre>
 * String attributes may hold {@code ${...}} placeholders. Bad usage (another parameter, a
 * duplicate id, a pipeline that is not JSON...) fails startup with a message naming the
 * bean, the method and the attribute.
 *
 * @author Connect MongoDB team
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(MongoChangeListenerReflectiveProcessor.class)
public @interface MongoChangeListener {

	/**
	 * The listener's id, unique in the application: it keys the stored resume token, the
	 * metrics, the health details and the actuator endpoint. Renaming it starts the
	 * listener afresh.
	 * @return the id
	 */
	String id();

	/**
	 * The collection to watch; required at {@link ChangeStreamScope#COLLECTION} level,
	 * empty otherwise.
	 * @return the collection name
	 */
	String collection() default "";

	/**
	 * The database of the collection, or the database to watch; by default the database
	 * of the {@code MongoDatabase} bean. Empty at {@link ChangeStreamScope#CLUSTER} level.
	 * @return the database name
	 */
	String database() default "";

	/**
	 * What to watch: a collection (the default), a database or the whole deployment.
	 * @return the level
	 */
	ChangeStreamScope level() default ChangeStreamScope.COLLECTION;

	/**
	 * The operations to deliver, filtered on the server by a {@code $match} stage before
	 * the {@link #pipeline()}; every operation when empty.
	 * @return the operations
	 */
	OperationType[] operations() default {};

	/**
	 * Whether updates carry the full document ({@code UPDATE_LOOKUP} reads the current
	 * version).
	 * @return the full-document option
	 */
	FullDocument fullDocument() default FullDocument.DEFAULT;

	/**
	 * Whether events carry the document before the change (MongoDB 6.0 and later, on
	 * collections with {@code changeStreamPreAndPostImages} enabled).
	 * @return the pre-image option
	 */
	FullDocumentBeforeChange fullDocumentBeforeChange() default FullDocumentBeforeChange.DEFAULT;

	/**
	 * Further stages run on the server, as JSON: one stage ({@code { $match: { ... } }})
	 * or an array of them. Only {@code $match}, {@code $project}, {@code $addFields},
	 * {@code $set}, {@code $unset}, {@code $replaceRoot}, {@code $replaceWith} and
	 * {@code $redact} are allowed; the event's {@code _id} (its resume token) must be kept.
	 * @return the pipeline, empty for none
	 */
	String pipeline() default "";

	/**
	 * The number of events per batch; the server's default when 0.
	 * @return the batch size
	 */
	int batchSize() default 0;

	/**
	 * How long the server waits for new events before answering an empty batch, such as
	 * {@code "500ms"} or {@code "2s"}; the container's default when empty.
	 * @return the maximum wait
	 */
	String maxAwaitTime() default "";

	/**
	 * What to do with an event that failed in every attempt; the container's default
	 * ({@code connect.mongodb.change-streams.on-error}) when empty. At most one value.
	 * @return the policy
	 */
	ListenerErrorPolicy[] onError() default {};

	/**
	 * How many times an event is tried, counting the first; the container's default
	 * ({@code connect.mongodb.change-streams.max-attempts}) when 0.
	 * @return the number of attempts
	 */
	int maxAttempts() default 0;

	/**
	 * Where to start when no resume token is stored, as an ISO-8601 instant such as
	 * {@code "2025-01-31T00:00:00Z"}; now when empty. The server must still have that
	 * time in its oplog.
	 * @return the start time
	 */
	String startAt() default "";

	/**
	 * Whether an event whose full document or pre-image cannot be read into the
	 * parameter's type is handed to the method without them (with
	 * {@link ChangeEvent#getDecodingFailure()} and {@link ChangeEvent#getRawEvent()}),
	 * instead of failing with a {@link ChangeEventDecodingException} under the error
	 * policy. Needs a {@link ChangeEvent} parameter.
	 * @return whether to deliver such events
	 */
	boolean deliverUndecodable() default false;

}
