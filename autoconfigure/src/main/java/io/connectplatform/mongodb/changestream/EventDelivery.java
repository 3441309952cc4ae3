package io.connectplatform.mongodb.changestream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

import com.mongodb.client.MongoCollection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;

/**
 * Hands one listener's events to it on its worker thread: decodes each event, tries it up
 * to {@code max-attempts} times with the back-off in between, then applies the error policy
 * (skip, to the dead-letter collection if there is one, or stop), moves the
 * {@link ResumePosition} past it and counts it.
 *
 * @author Connect MongoDB team
 */
final class EventDelivery {

	private static final Log logger = LogFactory.getLog(ChangeStreamListenerContainer.class);

	private final ChangeListenerDefinition<?> definition;

	private final ChangeStreamSettings settings;

	private final ListenerErrorPolicy onError;

	private final int maxAttempts;

	private final EventDecoder decoder;

	private final ChangeStreamObserver observer;

	private final @Nullable MongoCollection<BsonDocument> deadLetters;

	private final Clock clock;

	private final ResumePosition position;

	/**
	 * Waits the given milliseconds; {@code false} if a stop was requested.
	 */
	private final LongPredicate pause;

	private final Consumer<Throwable> recordError;

	private final AtomicLong handled = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private volatile @Nullable Instant lastEventTime;

	EventDelivery(ChangeListenerDefinition<?> definition, ChangeStreamListenerContainer container,
			ResumePosition position, LongPredicate pause, Consumer<Throwable> recordError) {
		this.definition = definition;
		this.settings = container.getSettings();
		this.onError = (definition.getOnError() != null) ? definition.getOnError() : this.settings.onError();
		this.maxAttempts = (definition.getMaxAttempts() > 0) ? definition.getMaxAttempts()
				: this.settings.maxAttempts();
		this.decoder = new EventDecoder(definition, container.getCodecRegistry());
		this.observer = container.getObserver();
		this.deadLetters = container.getDeadLetters();
		this.clock = container.getClock();
		this.position = position;
		this.pause = pause;
		this.recordError = recordError;
	}

	long handled() {
		return this.handled.get();
	}

	long failed() {
		return this.failed.get();
	}

	@Nullable Instant lastEventTime() {
		return this.lastEventTime;
	}

	/**
	 * Deliver an event, then move past it, unless it stops the listener.
	 * @param raw the event as the server sent it
	 * @param eventToken its resume token
	 * @throws ListenerStoppedException if it failed under {@link ListenerErrorPolicy#STOP}
	 * @throws EventAbandonedException if a stop was requested while it waited for its next
	 * attempt
	 */
	void deliver(RawBsonDocument raw, BsonDocument eventToken) {
		this.observer.eventReceived(getId());
		long started = System.nanoTime();
		Throwable failure;
		int attempts = 1;
		ChangeEvent<?> event = null;
		try {
			event = this.decoder.decode(raw);
			failure = null;
		}
		catch (RuntimeException ex) {
			// Decoding again would fail again: no retries
			failure = ex;
		}
		if (event != null) {
			failure = attempt(event);
			BackOffExecution backOff = null;
			while (failure != null && attempts < this.maxAttempts) {
				if (backOff == null) {
					backOff = this.settings.backOff().start();
				}
				long wait = backOff.nextBackOff();
				if (wait == BackOffExecution.STOP) {
					break;
				}
				if (logger.isDebugEnabled()) {
					logger.debug("Listener '" + getId() + "' failed attempt " + attempts + " of " + this.maxAttempts
							+ "; trying again in " + wait + " ms: " + StreamFailures.describe(failure));
				}
				if (!this.pause.test(wait)) {
					throw new EventAbandonedException();
				}
				attempts++;
				failure = attempt(event);
			}
		}
		long duration = System.nanoTime() - started;
		if (failure == null) {
			this.handled.incrementAndGet();
			this.lastEventTime = this.clock.instant();
			this.observer.eventHandled(getId(), duration, lag(event));
			this.position.advance(eventToken);
			return;
		}
		this.failed.incrementAndGet();
		this.recordError.accept(failure);
		this.observer.eventFailed(getId(), duration);
		String what = "Listener '" + getId() + "' failed to handle " + describe(raw) + " after " + attempts
				+ ((attempts == 1) ? " attempt" : " attempts");
		if (this.onError == ListenerErrorPolicy.STOP) {
			this.position.stoppedAt(raw);
			logger.error(what + "; the listener stops (on-error=stop). The event is delivered again when the "
					+ "listener is started again.", failure);
			throw new ListenerStoppedException();
		}
		MongoCollection<BsonDocument> deadLetters = this.deadLetters;
		logger.error(what + "; skipping it (on-error=skip)"
				+ ((deadLetters != null) ? ", stored in dead-letter collection '"
						+ deadLetters.getNamespace().getCollectionName() + "'" : ""),
				failure);
		if (deadLetters != null) {
			deadLetter(deadLetters, raw, failure, attempts);
		}
		this.lastEventTime = this.clock.instant();
		this.position.advance(eventToken);
	}

	private String getId() {
		return this.definition.getId();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private @Nullable Throwable attempt(ChangeEvent<?> event) {
		try {
			((ChangeListener) this.definition.getListener()).onChange(event);
			return null;
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			return ex;
		}
	}

	private @Nullable Duration lag(@Nullable ChangeEvent<?> event) {
		Instant time = (event != null) ? event.getTime() : null;
		if (time == null) {
			return null;
		}
		Duration lag = Duration.between(time, this.clock.instant());
		return lag.isNegative() ? Duration.ZERO : lag;
	}

	private void deadLetter(MongoCollection<BsonDocument> deadLetters, RawBsonDocument raw, Throwable failure,
			int attempts) {
		BsonDocument letter = new BsonDocument("listener", new BsonString(getId())).append("event", raw)
			.append("error", new BsonString(StreamFailures.describe(failure)))
			.append("attempts", new BsonInt32(attempts))
			.append("failedAt", new BsonDateTime(this.clock.millis()));
		try {
			deadLetters.insertOne(letter);
		}
		catch (RuntimeException ex) {
			logger.error("Could not store the skipped event of listener '" + getId() + "' (" + describe(raw)
					+ ") in dead-letter collection '" + deadLetters.getNamespace().getCollectionName() + "': "
					+ StreamFailures.describe(ex));
		}
	}

	private static String describe(RawBsonDocument event) {
		BsonDocument namespace = event.isDocument("ns") ? event.getDocument("ns") : null;
		return "a '" + event.getString("operationType", new BsonString("?")).getValue() + "' event"
				+ ((namespace != null) ? " on " + namespace.toJson() : "")
				+ (event.isTimestamp("clusterTime") ? " at " + event.getTimestamp("clusterTime") : "");
	}

	/**
	 * The listener failed under {@link ListenerErrorPolicy#STOP}.
	 */
	static final class ListenerStoppedException extends RuntimeException {

		ListenerStoppedException() {
			super(null, null, false, false);
		}

	}

	/**
	 * A stop was requested while an event waited for its next attempt.
	 */
	static final class EventAbandonedException extends RuntimeException {

		EventAbandonedException() {
			super(null, null, false, false);
		}

	}

}
