package io.connectplatform.mongodb.changestream;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoCursor;
import io.connectplatform.mongodb.changestream.ChangeStreamObserver.RestartReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;

/**
 * Runs one listener on its own thread: opens its {@link StreamSource} where its
 * {@link ResumePosition} says, hands each event to its {@link EventDelivery}, and opens the
 * stream again when it breaks (after the back-off), is invalidated or loses its history.
 * Starts and stops the thread and reports the listener's status.
 *
 * @author Connect MongoDB team
 */
final class ChangeStreamWorker {

	private static final Log logger = LogFactory.getLog(ChangeStreamListenerContainer.class);

	private final ChangeListenerDefinition<?> definition;

	private final ChangeStreamListenerContainer container;

	private final ChangeStreamSettings settings;

	private final StreamSource source;

	private final String target;

	private final Clock clock;

	private final ResumePosition position;

	private final EventDelivery delivery;

	private final Object monitor = new Object();

	private final AtomicLong restarts = new AtomicLong();

	private volatile ListenerState state = ListenerState.STOPPED;

	private volatile boolean stopRequested;

	private volatile @Nullable Thread thread;

	private volatile @Nullable String lastError;

	private volatile @Nullable Instant lastErrorTime;

	// Touched by the worker thread only

	private boolean polled;

	ChangeStreamWorker(ChangeListenerDefinition<?> definition, ChangeStreamListenerContainer container) {
		this.definition = definition;
		this.container = container;
		this.settings = container.getSettings();
		this.source = new StreamSource(definition, container);
		this.target = this.source.target();
		this.clock = container.getClock();
		this.position = new ResumePosition(definition, container.getTokenStore(), this.settings);
		this.delivery = new EventDelivery(definition, container, this.position, this::pause, this::recordError);
	}

	String getId() {
		return this.definition.getId();
	}

	ChangeListenerDefinition<?> getDefinition() {
		return this.definition;
	}

	ListenerStatus status() {
		return new ListenerStatus(getId(), this.target, this.state, this.delivery.lastEventTime(), this.lastError,
				this.lastErrorTime, this.delivery.handled(), this.delivery.failed(), this.restarts.get());
	}

	/**
	 * Start the worker thread, unless it runs already.
	 */
	void start() {
		synchronized (this.monitor) {
			Thread running = this.thread;
			if (running != null && running.isAlive()) {
				return;
			}
			this.stopRequested = false;
			setState(ListenerState.STARTING);
			Thread worker = new Thread(this::run, "change-stream-" + getId());
			worker.setDaemon(true);
			this.thread = worker;
			worker.start();
		}
	}

	/**
	 * Ask the worker to stop after the event in hand, without waiting.
	 */
	void requestStop() {
		synchronized (this.monitor) {
			this.stopRequested = true;
			this.monitor.notifyAll();
		}
	}

	/**
	 * Wait for the worker thread to end; interrupt it when the deadline passes.
	 * @param deadlineNanos the deadline, in {@link System#nanoTime()} terms
	 * @return {@code true} if it ended in time
	 */
	boolean awaitStop(long deadlineNanos) {
		Thread worker = this.thread;
		if (worker == null) {
			return true;
		}
		try {
			long remaining = deadlineNanos - System.nanoTime();
			if (remaining > 0) {
				TimeUnit.NANOSECONDS.timedJoin(worker, remaining);
			}
			if (!worker.isAlive()) {
				return true;
			}
			logger.warn("Change-stream listener '" + getId() + "' did not stop within the shutdown timeout ("
					+ this.settings.shutdownTimeout() + "); interrupting it. Its last event may be delivered again.");
			worker.interrupt();
			worker.join(1000);
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void run() {
		try {
			runStream();
		}
		catch (Throwable ex) {
			recordError(ex);
			logger.error("Change-stream listener '" + getId() + "' stopped by an unexpected error", ex);
			setState(ListenerState.FAILED);
			if (ex instanceof VirtualMachineError error) {
				throw error;
			}
		}
	}

	private void runStream() {
		boolean loaded = false;
		BackOffExecution backOff = null;
		int failuresInRow = 0;
		this.position.begin();
		while (!this.stopRequested) {
			try {
				if (!loaded) {
					this.position.load();
					loaded = true;
				}
				End end = stream();
				failuresInRow = 0;
				backOff = null;
				if (end == End.INVALIDATED) {
					this.restarts.incrementAndGet();
					this.container.getObserver().restarted(getId(), RestartReason.INVALIDATE);
					setState(ListenerState.RECOVERING);
					logger.warn("Change stream of listener '" + getId() + "' on " + this.target
							+ " was invalidated (collection or database dropped or renamed); opening it again after "
							+ "the invalidate event");
				}
			}
			catch (EventDelivery.ListenerStoppedException ex) {
				this.position.savePending();
				setState(ListenerState.FAILED);
				return;
			}
			catch (EventDelivery.EventAbandonedException ex) {
				break;
			}
			catch (RuntimeException ex) {
				if (this.stopRequested) {
					break;
				}
				recordError(ex);
				if (this.polled) {
					// The stream worked for a while: a new series of restarts
					failuresInRow = 0;
					backOff = null;
				}
				if (StreamFailures.isHistoryLost(ex)) {
					if (!restartFromNow(ex)) {
						return;
					}
					continue;
				}
				if (StreamFailures.isFatal(ex)) {
					logger.error("Change stream of listener '" + getId() + "' on " + this.target
							+ " cannot go on, and opening it again would fail the same way; the listener stops: "
							+ StreamFailures.describe(ex), ex);
					this.position.savePending();
					setState(ListenerState.FAILED);
					return;
				}
				this.position.savePending();
				failuresInRow++;
				Integer maxRestarts = this.settings.maxRestarts();
				if (backOff == null) {
					backOff = this.settings.backOff().start();
				}
				long wait = (maxRestarts != null && failuresInRow > maxRestarts) ? BackOffExecution.STOP
						: backOff.nextBackOff();
				if (wait == BackOffExecution.STOP) {
					logger.error("Change stream of listener '" + getId() + "' on " + this.target + " failed "
							+ failuresInRow + " times in a row; the listener stops: " + StreamFailures.describe(ex),
							ex);
					setState(ListenerState.FAILED);
					return;
				}
				setState(ListenerState.RECOVERING);
				long restart = this.restarts.incrementAndGet();
				this.container.getObserver().restarted(getId(), RestartReason.ERROR);
				logger.warn("Change stream of listener '" + getId() + "' on " + this.target + " failed: "
						+ StreamFailures.describe(ex) + "; restart #" + restart + " in " + wait + " ms, after "
						+ (this.position.hasToken() ? "the last handled event" : "no event yet (from now)"));
				if (!pause(wait)) {
					break;
				}
			}
		}
		this.position.savePending();
		setState(ListenerState.STOPPED);
	}

	private boolean restartFromNow(RuntimeException ex) {
		if (this.settings.onHistoryLost() == HistoryLostPolicy.FAIL) {
			logger.error("Change stream of listener '" + getId() + "' on " + this.target
					+ " cannot resume: its history is lost (" + StreamFailures.describe(ex) + "). The listener stops "
					+ "(on-history-lost=fail); events may have been missed. Delete its resume token or set "
					+ "on-history-lost=restart-from-now, then start it again.", ex);
			setState(ListenerState.FAILED);
			return false;
		}
		logger.error("Change stream of listener '" + getId() + "' on " + this.target
				+ " cannot resume: its history is lost (" + StreamFailures.describe(ex)
				+ "). Restarting from now (on-history-lost=restart-from-now): EVENTS MAY HAVE BEEN MISSED.");
		this.position.restartFromNow();
		this.restarts.incrementAndGet();
		this.container.getObserver().restarted(getId(), RestartReason.HISTORY_LOST);
		return true;
	}

	private End stream() {
		ChangeStreamIterable<Document> iterable = this.source.watch();
		this.position.applyTo(iterable);
		this.polled = false;
		EmptyPollPacer pacer = new EmptyPollPacer();
		long openedAtMillis = System.currentTimeMillis();
		try (MongoCursor<RawBsonDocument> cursor = iterable.withDocumentClass(RawBsonDocument.class).cursor()) {
			this.position.markStart(openedAtMillis);
			setState(ListenerState.RUNNING);
			while (!this.stopRequested) {
				long polled = System.nanoTime();
				RawBsonDocument event = cursor.tryNext();
				this.polled = true;
				if (event == null) {
					this.position.emptyPoll(cursor);
					pause(pacer.pauseAfterEmptyPoll(System.nanoTime() - polled));
					continue;
				}
				pacer.eventReceived();
				BsonDocument eventToken = event.getDocument("_id");
				if ("invalidate".equals(event.getString("operationType", new BsonString("")).getValue())) {
					this.position.invalidated(eventToken);
					return End.INVALIDATED;
				}
				this.delivery.deliver(event, eventToken);
				if (cursor.available() == 0) {
					this.position.endOfBatch(cursor);
				}
			}
		}
		return End.STOPPED;
	}

	/**
	 * Wait, unless a stop is requested.
	 * @param millis how long
	 * @return {@code false} if a stop was requested
	 */
	private boolean pause(long millis) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(millis, 0));
		synchronized (this.monitor) {
			while (!this.stopRequested) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return true;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.monitor, remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return false;
		}
	}

	private void setState(ListenerState state) {
		if (this.state != state) {
			this.state = state;
			this.container.getObserver().stateChanged(getId(), state);
		}
	}

	private void recordError(Throwable ex) {
		this.lastError = StreamFailures.describe(ex);
		this.lastErrorTime = this.clock.instant();
	}

	private enum End {

		STOPPED, INVALIDATED

	}

}
