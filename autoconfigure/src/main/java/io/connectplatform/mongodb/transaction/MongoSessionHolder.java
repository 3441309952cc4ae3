package io.connectplatform.mongodb.transaction;

import java.util.List;

import com.mongodb.client.ClientSession;
import io.connectplatform.mongodb.transaction.MongoTransactionObserver.Outcome;
import io.connectplatform.mongodb.transaction.TransactionSessionParticipant.ParticipantBinding;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.ResourceHolderSupport;

/**
 * The session of the transaction bound to a thread, under the {@code MongoClient} as key.
 * Bound for every transaction scope, also one that runs without a session on a standalone
 * server ({@link OnStandalone#RUN_WITHOUT_TRANSACTION}), whose rules (read-only) still hold.
 *
 * @author Connect MongoDB team
 */
final class MongoSessionHolder extends ResourceHolderSupport {

	private final @Nullable ClientSession session;

	private final boolean readOnly;

	private final long startNanos;

	private final long deadlineNanos;

	private @Nullable Outcome outcome;

	private List<ParticipantBinding> participants = List.of();

	/**
	 * Create a holder.
	 * @param session the session, or {@code null} when running without a transaction
	 * @param readOnly whether the body is read-only
	 * @param startNanos when the transaction started
	 * @param deadlineNanos until when its commit may be retried
	 */
	MongoSessionHolder(@Nullable ClientSession session, boolean readOnly, long startNanos, long deadlineNanos) {
		this.session = session;
		this.readOnly = readOnly;
		this.startNanos = startNanos;
		this.deadlineNanos = deadlineNanos;
	}

	@Nullable ClientSession session() {
		return this.session;
	}

	boolean isReadOnly() {
		return this.readOnly;
	}

	long startNanos() {
		return this.startNanos;
	}

	long deadlineNanos() {
		return this.deadlineNanos;
	}

	/**
	 * Record how the transaction ended; the first outcome recorded wins.
	 * @param outcome the outcome
	 */
	void ended(Outcome outcome) {
		if (this.outcome == null) {
			this.outcome = outcome;
		}
	}

	@Nullable Outcome outcome() {
		return this.outcome;
	}

	/**
	 * Record what the {@link TransactionSessionParticipant participants} bound for this
	 * transaction.
	 * @param participants the bindings, in the order they were made
	 */
	void participants(List<ParticipantBinding> participants) {
		this.participants = List.copyOf(participants);
	}

	/**
	 * Take the participants' bindings off the thread, the last one first.
	 */
	void unbindParticipants() {
		RuntimeException failure = null;
		for (int i = this.participants.size() - 1; i >= 0; i--) {
			try {
				this.participants.get(i).unbind();
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Bind the participants' bindings again, when the transaction is resumed.
	 */
	void rebindParticipants() {
		this.participants.forEach(ParticipantBinding::rebind);
	}

}
