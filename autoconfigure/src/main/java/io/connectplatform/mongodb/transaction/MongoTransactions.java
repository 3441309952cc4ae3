package io.connectplatform.mongodb.transaction;

import java.util.function.Consumer;

import com.mongodb.MongoException;
import com.mongodb.client.ClientSession;
import io.connectplatform.mongodb.core.MongoDriverExceptionTranslator;
import io.connectplatform.mongodb.transaction.MongoTransactionObserver.RetryReason;
import io.connectplatform.mongodb.transaction.RetryBudget.RetryClock;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.TransactionStatus;

/**
 * Runs a body in a MongoDB transaction and retries it as the MongoDB transaction
 * specification says, with back-off:
 * <ul>
 * <li>an error with the {@code TransientTransactionError} label (a write conflict, an
 * election) aborts the transaction and runs the whole body again in a new one;</li>
 * <li>a commit that fails with the {@code UnknownTransactionCommitResult} label is sent
 * again, alone, with a majority write concern (by the {@link MongoClientTransactionManager});</li>
 * <li>between attempts it waits as the {@link TransactionRetryPolicy}'s back-off says (by
 * default exponential with jitter), within its {@code maxAttempts} and
 * {@code maxRetryTime}; once they are spent, the last error is thrown, translated, with the
 * attempt count in its message;</li>
 * <li>any other error is thrown at once, translated, after the transaction is aborted.</li>
 * </ul>
 * Called while a transaction is already running on the thread (an outer {@code execute}
 * or {@code @Transactional} method), the body joins it and is never retried on its own: the
 * outer transaction decides. The body may run more than once: keep it free of effects outside
 * MongoDB, or make them idempotent.
 * <p>
 * On a standalone server, with {@link OnStandalone#RUN_WITHOUT_TRANSACTION}, the body runs
 * without a MongoDB transaction: nothing is rolled back, {@link MongoTransaction#session()}
 * is {@code null} and {@link #isTransactionActive()} is {@code false}. The rules of the API
 * hold as on a replica set: a read-only transaction refuses template and GridFS writes, async
 * template operations are refused inside the body, and an inner {@code execute} joins the
 * outer one.
 * <pre class="code">
 * Receipt receipt = transactions.execute((tx) -&gt; {
 *     orders.insert(order);
 *     stock.updateOne(eq("_id", sku), inc("available", -quantity));
 *     return new Receipt(order.id());
 * });
 * </pre>
 * Thread-safe.
 *
 * @author Connect MongoDB team
 */
public final class MongoTransactions {

	private final MongoClientTransactionManager manager;

	private final TransactionRetryPolicy retryPolicy;

	private final MongoDriverExceptionTranslator translator;

	private final MongoTransactionObserver observer;

	private final RetryClock clock;

	/**
	 * Create the helper. It shares the manager's retry policy, translator and observer, and
	 * its thread binding, so that it and {@code @Transactional} join each other.
	 * @param manager the transaction manager
	 */
	public MongoTransactions(MongoClientTransactionManager manager) {
		if (manager == null) {
			throw new IllegalArgumentException("manager must not be null");
		}
		this.manager = manager;
		this.retryPolicy = manager.getRetryPolicy();
		this.translator = manager.translator();
		this.observer = manager.observer();
		this.clock = manager.clock();
	}

	/**
	 * Run a body in a transaction with the default options, retrying as described above.
	 * @param <T> the type of the result
	 * @param callback the body
	 * @return what the body returned
	 * @throws MongoTransactionsUnsupportedException on a standalone server, unless configured
	 * to run without a transaction
	 */
	public <T extends @Nullable Object> T execute(MongoTransactionCallback<T> callback) {
		return execute(MongoTransactionSettings.defaults(), callback);
	}

	/**
	 * Run a body in a transaction with the given options, retrying as described above.
	 * Options that are not set take the defaults.
	 * @param <T> the type of the result
	 * @param options the options of the transaction
	 * @param callback the body
	 * @return what the body returned
	 * @throws MongoTransactionsUnsupportedException on a standalone server, unless configured
	 * to run without a transaction
	 */
	public <T extends @Nullable Object> T execute(MongoTransactionSettings options,
			MongoTransactionCallback<T> callback) {
		if (options == null) {
			throw new IllegalArgumentException("options must not be null");
		}
		if (callback == null) {
			throw new IllegalArgumentException("callback must not be null");
		}
		long start = this.clock.nanoTime();
		long deadline = RetryBudget.deadline(this.retryPolicy, start);
		RetryBudget budget = new RetryBudget(this.retryPolicy, this.clock, start, deadline);
		MongoTransactionDefinition definition = new MongoTransactionDefinition(options, deadline);
		int attempt = 0;
		while (true) {
			attempt++;
			TransactionStatus status = this.manager.getTransaction(definition);
			T result;
			try {
				result = callback.doInTransaction(new Transaction(status, attempt, this.manager.currentHolder()));
			}
			catch (RuntimeException | Error ex) {
				rollback(status, ex);
				if (retry(status, ex, attempt, budget)) {
					continue;
				}
				throw rethrow(ex, status, attempt, budget);
			}
			try {
				this.manager.commit(status);
				return result;
			}
			catch (RuntimeException ex) {
				if (retry(status, ex, attempt, budget)) {
					continue;
				}
				throw rethrow(ex, status, attempt, budget);
			}
		}
	}

	/**
	 * Run a body that returns nothing in a transaction with the default options.
	 * @param body the body
	 * @see #execute(MongoTransactionCallback)
	 */
	public void executeWithoutResult(Consumer<MongoTransaction> body) {
		if (body == null) {
			throw new IllegalArgumentException("body must not be null");
		}
		execute((tx) -> {
			body.accept(tx);
			return null;
		});
	}

	/**
	 * Return whether a MongoDB transaction of this client is running on the current thread:
	 * whether an {@code execute} body or a {@code @Transactional} method runs there with a
	 * session, the one {@link MongoTransaction#session()} returns.
	 * <p>
	 * With {@link OnStandalone#RUN_WITHOUT_TRANSACTION} against a standalone server, the body
	 * runs without a transaction and this method returns {@code false}, as
	 * {@link MongoTransaction#session()} returns {@code null}; an inner {@code execute} still
	 * joins the outer one. {@link TransactionalSessionLookup#isTransactionScopeBound()} tells
	 * whether a body runs on the thread, with or without a transaction.
	 * @return whether a MongoDB transaction of this client is running on the current thread
	 */
	public boolean isTransactionActive() {
		MongoSessionHolder holder = this.manager.currentHolder();
		return holder != null && holder.session() != null;
	}

	private void rollback(TransactionStatus status, Throwable ex) {
		try {
			this.manager.rollback(status);
		}
		catch (RuntimeException | Error rollbackEx) {
			ex.addSuppressed(rollbackEx);
		}
	}

	private boolean retry(TransactionStatus status, Throwable ex, int attempt, RetryBudget budget) {
		if (!status.isNewTransaction() || !hasLabel(ex, MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)) {
			return false;
		}
		try {
			if (!budget.awaitRetry(attempt)) {
				return false;
			}
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			ex.addSuppressed(interrupted);
			return false;
		}
		this.observer.retried(RetryReason.TRANSIENT);
		return true;
	}

	/**
	 * The error to throw: translated, and with the attempts in the message when the
	 * retries ran out.
	 */
	private RuntimeException rethrow(Throwable ex, TransactionStatus status, int attempt, RetryBudget budget) {
		if (ex instanceof Error error) {
			throw error;
		}
		RuntimeException runtimeException = (RuntimeException) ex;
		MongoException labelled = findLabelled(ex, MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);
		if (labelled != null && status.isNewTransaction()) {
			RuntimeException translated = this.translator.translate(labelled, budget.describe(attempt));
			if (translated != labelled) {
				if (runtimeException != labelled) {
					translated.addSuppressed(runtimeException);
				}
				return translated;
			}
		}
		return this.translator.translate(runtimeException);
	}

	private static boolean hasLabel(Throwable ex, String label) {
		return findLabelled(ex, label) != null;
	}

	private static @Nullable MongoException findLabelled(Throwable ex, String label) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (current instanceof MongoException mongoException && mongoException.hasErrorLabel(label)) {
				return mongoException;
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return null;
	}

	/**
	 * The running transaction, as the body sees it.
	 */
	private record Transaction(TransactionStatus status, int attempt,
			@Nullable MongoSessionHolder holder) implements MongoTransaction {

		@Override
		public @Nullable ClientSession session() {
			return (this.holder != null) ? this.holder.session() : null;
		}

		@Override
		public boolean isNewTransaction() {
			return this.status.isNewTransaction();
		}

		@Override
		public void setRollbackOnly() {
			this.status.setRollbackOnly();
		}

		@Override
		public boolean isRollbackOnly() {
			return this.status.isRollbackOnly();
		}

	}

}
