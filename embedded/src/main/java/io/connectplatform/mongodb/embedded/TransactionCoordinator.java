package io.connectplatform.mongodb.embedded;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.connectplatform.mongodb.embedded.Transaction.Status;
import org.jspecify.annotations.Nullable;

/**
 * The sessions and transactions of one server, keyed by the session id ({@code lsid}),
 * never by connection. Decides write conflicts without waiting: the first transaction to
 * write a document holds it until it ends, and a later writer, or a transaction whose
 * document changed since it started, fails with {@code WriteConflict}. Its
 * {@link RunningTransactions}, told of every committed change, keep for each running
 * transaction the versions as of its start. Not thread-safe: used under the server's
 * command lock.
 *
 * @author Connect MongoDB team
 */
final class TransactionCoordinator {

	private final Map<Object, SessionState> sessions = new HashMap<>();

	private final Map<DocumentKey, Transaction> writers = new HashMap<>();

	private final RunningTransactions running;

	private final long lifetimeNanos;

	private final LongSupplier nanoTime;

	TransactionCoordinator(RunningTransactions running, Duration lifetime, LongSupplier nanoTime) {
		this.running = running;
		this.lifetimeNanos = lifetime.toNanos();
		this.nanoTime = nanoTime;
	}

	/**
	 * Return the transaction a command belongs to, starting it if the command says so.
	 * @param session the command's {@code lsid}
	 * @param number the command's {@code txnNumber}
	 * @param start whether the command has {@code startTransaction: true}
	 * @return the running transaction
	 * @throws MongoServerError with MongoDB's code if there is no such transaction
	 */
	Transaction transaction(Document session, long number, boolean start) {
		SessionState state = session(session);
		if (start) {
			if (number < state.txnNumber) {
				throw ServerErrors.error(ServerErrors.TRANSACTION_TOO_OLD, "Cannot start transaction " + number
						+ " on session because a newer transaction " + state.txnNumber + " has already started.");
			}
			if (number == state.txnNumber) {
				throw ServerErrors.error(ServerErrors.CONFLICTING_OPERATION_IN_PROGRESS,
						"Transaction number " + number + " has already been used on this session.");
			}
			abortRunning(state);
			Transaction transaction = new Transaction(session, number, this.nanoTime.getAsLong() + this.lifetimeNanos);
			state.txnNumber = number;
			state.transaction = transaction;
			this.running.add(transaction);
			return transaction;
		}
		Transaction transaction = state.transaction;
		if (transaction == null || number != state.txnNumber) {
			throw noSuchTransaction("Given transaction number " + number
					+ " does not match any in-progress transactions. The active transaction number is "
					+ state.txnNumber);
		}
		expireIfOverdue(transaction);
		return switch (transaction.status()) {
			case ACTIVE -> transaction;
			case ABORTED -> throw noSuchTransaction("Transaction with { txnNumber: " + number + " } has been aborted.");
			case COMMITTED -> throw ServerErrors.error(ServerErrors.TRANSACTION_COMMITTED,
					"Transaction with { txnNumber: " + number + " } has been committed.");
		};
	}

	/**
	 * Commit a transaction, or answer again for one already committed.
	 * @param session the {@code lsid}
	 * @param number the {@code txnNumber}
	 * @param committer applies the transaction's writes atomically
	 * @throws MongoServerError if the transaction cannot commit; it is then aborted
	 */
	void commit(Document session, long number, TransactionCommitter committer) {
		Transaction transaction = ended(session, number);
		if (transaction.status() == Status.COMMITTED) {
			return;
		}
		if (transaction.status() == Status.ABORTED) {
			throw noSuchTransaction("Transaction with { txnNumber: " + number + " } has been aborted.");
		}
		String conflict = transaction.conflict();
		if (conflict != null) {
			abort(transaction);
			throw ServerErrors.writeConflict(conflict);
		}
		this.running.acting(transaction);
		try {
			committer.apply(transaction);
			end(transaction, Status.COMMITTED);
		}
		catch (RuntimeException ex) {
			end(transaction, Status.ABORTED);
			throw ex;
		}
		finally {
			this.running.acting(null);
		}
	}

	/**
	 * Run a command of a transaction on the collections themselves (one that creates a
	 * collection): what it changes there is the transaction's own doing.
	 * @param transaction the transaction
	 * @param command runs the command
	 * @return the reply
	 */
	Document runDirectly(Transaction transaction, Supplier<Document> command) {
		this.running.acting(transaction);
		try {
			return command.get();
		}
		finally {
			this.running.acting(null);
		}
	}

	/**
	 * Abort a transaction.
	 * @param session the {@code lsid}
	 * @param number the {@code txnNumber}
	 * @throws MongoServerError if there is no such transaction, or it has committed
	 */
	void abort(Document session, long number) {
		Transaction transaction = ended(session, number);
		if (transaction.status() == Status.COMMITTED) {
			throw ServerErrors.error(ServerErrors.TRANSACTION_COMMITTED,
					"Transaction with { txnNumber: " + number + " } has been committed.");
		}
		if (transaction.status() == Status.ABORTED) {
			throw noSuchTransaction("Transaction with { txnNumber: " + number + " } has been aborted.");
		}
		abort(transaction);
	}

	/**
	 * Abort a running transaction, such as after one of its commands failed.
	 * @param transaction the transaction
	 */
	void abort(Transaction transaction) {
		if (transaction.status() == Status.ACTIVE) {
			end(transaction, Status.ABORTED);
		}
	}

	/**
	 * End sessions, aborting their running transactions.
	 * @param sessions the {@code lsid}s
	 */
	void endSessions(List<?> sessions) {
		for (Object session : sessions) {
			if (session instanceof Document lsid) {
				SessionState state = this.sessions.remove(sessionKey(lsid));
				if (state != null) {
					abortRunning(state);
				}
			}
		}
	}

	/**
	 * Abort the transactions that have outlived the lifetime limit.
	 */
	void expireOverdue() {
		for (Transaction transaction : this.running.list()) {
			expireIfOverdue(transaction);
		}
	}

	/**
	 * Let a transaction write a document, or fail with {@code WriteConflict} if another
	 * transaction is writing it or it changed since the transaction started.
	 * @param transaction the writing transaction
	 * @param namespace the collection
	 * @param key the key of the document
	 */
	void claim(Transaction transaction, String namespace, KeyValue key) {
		NamespaceState state = transaction.namespace(namespace);
		if (state.wrote(key)) {
			return;
		}
		if (state.changedSinceStart(key)) {
			throw ServerErrors.writeConflict("document " + key + " of " + namespace
					+ " was changed by another operation after this transaction started");
		}
		DocumentKey documentKey = new DocumentKey(namespace, key);
		Transaction writer = this.writers.get(documentKey);
		if (writer != null && writer != transaction) {
			expireIfOverdue(writer);
			if (writer.status() == Status.ACTIVE) {
				throw ServerErrors.writeConflict(
						"document " + key + " of " + namespace + " is being written by another transaction");
			}
		}
		this.writers.put(documentKey, transaction);
	}

	/**
	 * Return the reply of a retryable write sent again, or {@code null} if it was not
	 * seen before; a new write number aborts the session's running transaction.
	 * @param session the {@code lsid}
	 * @param number the {@code txnNumber}
	 * @return a copy of the first reply, or {@code null}
	 */
	@Nullable Document retriedWrite(Document session, long number) {
		SessionState state = session(session);
		if (number < state.txnNumber) {
			throw ServerErrors.error(ServerErrors.TRANSACTION_TOO_OLD, "Retryable write with txnNumber " + number
					+ " is prohibited on session because a newer retryable write with txnNumber " + state.txnNumber
					+ " has already started on this session.");
		}
		if (number == state.writeNumber && state.writeReply != null) {
			return state.writeReply.cloneDeeply();
		}
		if (number > state.txnNumber) {
			abortRunning(state);
			state.txnNumber = number;
		}
		return null;
	}

	/**
	 * Remember the reply of a retryable write, to answer with it if the write is sent
	 * again.
	 * @param session the {@code lsid}
	 * @param number the {@code txnNumber}
	 * @param reply the reply
	 */
	void rememberWrite(Document session, long number, Document reply) {
		SessionState state = session(session);
		state.writeNumber = number;
		state.writeReply = reply.cloneDeeply();
	}

	/**
	 * Return the number of running transactions.
	 * @return how many transactions are active
	 */
	int activeTransactions() {
		return this.running.size();
	}

	private Transaction ended(Document session, long number) {
		SessionState state = this.sessions.get(sessionKey(session));
		Transaction transaction = (state != null) ? state.transaction : null;
		if (transaction == null || number != state.txnNumber) {
			throw noSuchTransaction("Transaction " + number + " not found on this session");
		}
		expireIfOverdue(transaction);
		return transaction;
	}

	private void expireIfOverdue(Transaction transaction) {
		if (transaction.status() == Status.ACTIVE && transaction.isExpired(this.nanoTime.getAsLong())) {
			end(transaction, Status.ABORTED);
		}
	}

	private void abortRunning(SessionState state) {
		if (state.transaction != null) {
			abort(state.transaction);
		}
	}

	private void end(Transaction transaction, Status status) {
		transaction.end(status);
		this.running.remove(transaction);
		transaction.namespaces().forEach((namespace, state) -> state.writes()
			.keySet()
			.forEach((key) -> this.writers.remove(new DocumentKey(namespace, key), transaction)));
	}

	private SessionState session(Document session) {
		return this.sessions.computeIfAbsent(sessionKey(session), (key) -> new SessionState());
	}

	private static Object sessionKey(Document session) {
		Object id = session.get("id");
		return (id != null) ? id : session;
	}

	private static MongoServerError noSuchTransaction(String message) {
		return ServerErrors.error(ServerErrors.NO_SUCH_TRANSACTION, message);
	}

	/**
	 * A document of a collection.
	 */
	private record DocumentKey(String namespace, KeyValue key) {
	}

	/**
	 * What the server knows of one session.
	 */
	private static final class SessionState {

		private long txnNumber = -1;

		private @Nullable Transaction transaction;

		private long writeNumber = -1;

		private @Nullable Document writeReply;

	}

}
