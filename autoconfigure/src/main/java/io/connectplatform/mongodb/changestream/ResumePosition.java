package io.connectplatform.mongodb.changestream;

import java.time.Duration;
import java.time.Instant;

import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCursor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.RawBsonDocument;
import org.jspecify.annotations.Nullable;

/**
 * Where one listener's stream is and where it opens again: the resume token of the last
 * handled event, or a start time while it has none, loaded from and saved to the
 * {@link ResumeTokenStore} (once per server batch, after every {@code save-every} events
 * when set, and when the save interval is due). Used by the listener's worker thread only,
 * one thread at a time.
 *
 * @author Connect MongoDB team
 */
final class ResumePosition {

	private static final Log logger = LogFactory.getLog(ChangeStreamListenerContainer.class);

	private final String listenerId;

	private final ResumeTokenStore tokenStore;

	private final ChangeStreamSettings settings;

	private final @Nullable Instant startAt;

	/**
	 * Where to start when no token exists: the time of an event that stopped the listener
	 * before any token was saved, so that starting it again delivers that event again.
	 */
	private volatile @Nullable BsonTimestamp retryFrom;

	// Touched by the worker thread only

	private @Nullable BsonDocument token;

	private int unsaved;

	/**
	 * Whether the store holds only the start time of the stream, to be replaced by the first
	 * resume token the server gives.
	 */
	private boolean startTimeStored;

	private long lastSaveNanos;

	private boolean fromNow;

	ResumePosition(ChangeListenerDefinition<?> definition, ResumeTokenStore tokenStore,
			ChangeStreamSettings settings) {
		this.listenerId = definition.getId();
		this.tokenStore = tokenStore;
		this.settings = settings;
		this.startAt = definition.getStartAt();
	}

	/**
	 * Begin a run of the worker thread: nothing is unsaved, and a restart from now of an
	 * earlier run no longer applies.
	 */
	void begin() {
		this.fromNow = false;
		this.unsaved = 0;
	}

	/**
	 * Load the stored token, or the stored start time of a stream that has none yet.
	 */
	void load() {
		BsonDocument stored = this.tokenStore.load(this.listenerId);
		BsonTimestamp startTime = (stored != null) ? StartPosition.timeOf(stored) : null;
		this.token = (startTime != null) ? null : stored;
		if (startTime != null) {
			this.retryFrom = startTime;
		}
		this.lastSaveNanos = System.nanoTime();
	}

	boolean hasToken() {
		return this.token != null;
	}

	/**
	 * Forget the position, stored and in hand, so that the stream opens again from now.
	 */
	void restartFromNow() {
		try {
			this.tokenStore.delete(this.listenerId);
		}
		catch (RuntimeException deleteFailure) {
			logger.warn("Could not delete the resume token of listener '" + this.listenerId + "': "
					+ StreamFailures.describe(deleteFailure));
		}
		this.token = null;
		this.retryFrom = null;
		this.unsaved = 0;
		this.fromNow = true;
	}

	/**
	 * Tell a stream about to open where to start: after the token, else at the start time
	 * in hand, else at the configured start time, else now.
	 */
	void applyTo(ChangeStreamIterable<?> iterable) {
		BsonDocument resumeToken = this.token;
		BsonTimestamp retryFrom = this.retryFrom;
		Instant startAt = this.startAt;
		if (resumeToken != null) {
			iterable.startAfter(resumeToken);
		}
		else if (retryFrom != null && !this.fromNow) {
			iterable.startAtOperationTime(retryFrom);
		}
		else if (startAt != null && !this.fromNow) {
			iterable.startAtOperationTime(new BsonTimestamp((int) startAt.getEpochSecond(), 0));
		}
	}

	/**
	 * Remember, durably, where a stream without a token started, before its first event is
	 * handed over, so that a crash or a restart before the first saved token resumes there
	 * instead of at a new "now" that would skip what was written in between: the configured
	 * start time, else the second the stream opened, on the application's clock
	 * ({@code startAtOperationTime} is inclusive, so an event of that second may come twice,
	 * never not at all). It is saved as a {@link StartPosition} at once, and replaced by the
	 * server's post-batch token at the first empty batch, or by the token of the first
	 * batch of events.
	 */
	void markStart(long openedAtMillis) {
		if (this.token != null) {
			return;
		}
		if (this.retryFrom == null || this.fromNow) {
			Instant startAt = this.startAt;
			this.retryFrom = (startAt != null && !this.fromNow) ? new BsonTimestamp((int) startAt.getEpochSecond(), 0)
					: new BsonTimestamp((int) (openedAtMillis / 1000), 0);
		}
		this.fromNow = false;
		BsonTimestamp startTime = this.retryFrom;
		try {
			this.tokenStore.save(this.listenerId, StartPosition.of(startTime));
			this.startTimeStored = true;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not save where the stream of listener '" + this.listenerId + "' starts (" + startTime
					+ "); until its first token is saved, a crash may skip events: " + StreamFailures.describe(ex));
		}
	}

	/**
	 * A poll found no event: take the post-batch token (past the events the pipeline
	 * filtered out), and save it if it replaces a stored start time or the save interval
	 * is due.
	 */
	void emptyPoll(MongoCursor<RawBsonDocument> cursor) {
		if (cursor instanceof MongoChangeStreamCursor<?> changeStreamCursor
				&& changeStreamCursor.getResumeToken() != null) {
			// A post-batch token: past events the pipeline filtered out
			this.token = changeStreamCursor.getResumeToken();
			if (this.startTimeStored) {
				this.unsaved++;
			}
		}
		if (this.unsaved > 0 && (this.startTimeStored || isSaveIntervalDue())) {
			savePending();
		}
	}

	/**
	 * The stream was invalidated: save the token of the invalidate event at once, to open
	 * the stream again after it.
	 */
	void invalidated(BsonDocument eventToken) {
		this.token = eventToken;
		this.unsaved++;
		savePending();
	}

	/**
	 * An event was handled or skipped: move past it, and save if {@code save-every} events
	 * are unsaved or the save interval is due.
	 */
	void advance(BsonDocument eventToken) {
		this.token = eventToken;
		this.unsaved++;
		int saveEvery = this.settings.saveEvery();
		if (saveEvery > 0 && this.unsaved >= saveEvery || isSaveIntervalDue()) {
			savePending();
		}
	}

	/**
	 * An event stopped the listener: without a token, remember its time, so that starting
	 * the listener again delivers it again.
	 */
	void stoppedAt(RawBsonDocument event) {
		if (this.token == null && event.isTimestamp("clusterTime")) {
			this.retryFrom = event.getTimestamp("clusterTime");
		}
	}

	/**
	 * The last event of a server batch was handled: save the batch's post-batch token
	 * (past the events the pipeline filtered out too), so that a crash delivers at most
	 * this batch again.
	 */
	void endOfBatch(MongoCursor<RawBsonDocument> cursor) {
		if (this.unsaved == 0) {
			return;
		}
		if (cursor instanceof MongoChangeStreamCursor<?> changeStreamCursor
				&& changeStreamCursor.getResumeToken() != null) {
			this.token = changeStreamCursor.getResumeToken();
		}
		savePending();
	}

	/**
	 * Save the token in hand if events since the last save moved it; a failure is logged
	 * and the save is tried again later.
	 */
	void savePending() {
		BsonDocument resumeToken = this.token;
		if (this.unsaved == 0 || resumeToken == null) {
			return;
		}
		try {
			this.tokenStore.save(this.listenerId, resumeToken);
			this.unsaved = 0;
			this.startTimeStored = false;
			this.lastSaveNanos = System.nanoTime();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not save the resume token of listener '" + this.listenerId + "' (will try again; events "
					+ "since the last save are delivered again if the application stops first): "
					+ StreamFailures.describe(ex));
		}
	}

	private boolean isSaveIntervalDue() {
		Duration interval = this.settings.saveInterval();
		return interval != null && System.nanoTime() - this.lastSaveNanos >= interval.toNanos();
	}

}
