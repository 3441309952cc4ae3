package io.connectplatform.mongodb.transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.TransactionOptions;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterType;
import io.connectplatform.mongodb.core.MongoDriverExceptionTranslator;
import io.connectplatform.mongodb.transaction.MongoTransactionObserver.Outcome;
import io.connectplatform.mongodb.transaction.MongoTransactionObserver.RetryReason;
import io.connectplatform.mongodb.transaction.RetryBudget.RetryClock;
import io.connectplatform.mongodb.transaction.TransactionSessionParticipant.ParticipantBinding;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.ResourceTransactionManager;
import org.springframework.transaction.support.SmartTransactionObject;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A {@code PlatformTransactionManager} for MongoDB, behind {@code @Transactional} and
 * {@code TransactionTemplate}. It starts a session and a transaction, binds the session to
 * the thread (where templates, GridFS and {@link MongoTransactions} find it), and commits or
 * aborts.
 * <p>
 * A commit that fails with the {@code UnknownTransactionCommitResult} label is sent again
 * (the driver then asks for a majority write concern), with back-off, within the
 * {@link TransactionRetryPolicy}; if the result is still unknown, a
 * {@link TransactionSystemException} says so. Other failures are translated into Spring's
 * {@code DataAccessException}s. The manager cannot run a {@code @Transactional} method again:
 * a body that should be retried on a {@code TransientTransactionError} (a write conflict, an
 * election) belongs in {@link MongoTransactions#execute(MongoTransactionCallback)}.
 * <p>
 * On a standalone server, where MongoDB has no transactions, {@link OnStandalone} decides:
 * fail with a {@link MongoTransactionsUnsupportedException}, or run without a transaction.
 * Without one, the manager still binds the transaction's scope, without a session, so that
 * templates and GridFS apply its rules: a read-only transaction refuses writes and async
 * operations are refused.
 * Nested transactions (savepoints) are not supported; {@code REQUIRES_NEW} suspends the
 * current transaction and starts another session.
 * <p>
 * {@link TransactionSessionParticipant Participants} let other libraries on the same client
 * join: the manager hands them each new transaction's session to bind where they look for
 * one, such as Spring Data's {@code MongoTemplate}, so that one transaction covers both.
 *
 * @author Connect MongoDB team
 */
public class MongoClientTransactionManager extends AbstractPlatformTransactionManager
		implements ResourceTransactionManager {

	private static final Log logger = LogFactory.getLog(MongoClientTransactionManager.class);

	private static final BsonDocument PING = new BsonDocument("ping", new BsonInt32(1));

	private final MongoClient client;

	private final MongoTransactionSettings defaults;

	private final TransactionRetryPolicy retryPolicy;

	private final OnStandalone onStandalone;

	private final MongoDriverExceptionTranslator translator;

	private final MongoTransactionObserver observer;

	private final RetryClock clock;

	private final List<TransactionSessionParticipant> participants;

	private final AtomicBoolean runWithoutTransactionLogged = new AtomicBoolean();

	/**
	 * Create a manager with the default options and retry policy that fails on a standalone
	 * server.
	 * @param client the client
	 */
	public MongoClientTransactionManager(MongoClient client) {
		this(builder(client));
	}

	private MongoClientTransactionManager(Builder builder) {
		this.client = builder.client;
		this.defaults = builder.defaults;
		this.retryPolicy = builder.retryPolicy;
		this.onStandalone = builder.onStandalone;
		this.translator = builder.translator;
		this.observer = builder.observer;
		this.clock = builder.clock;
		this.participants = List.copyOf(builder.participants);
	}

	/**
	 * Start building a manager.
	 * @param client the client whose sessions the transactions use
	 * @return a builder
	 */
	public static Builder builder(MongoClient client) {
		if (client == null) {
			throw new IllegalArgumentException("client must not be null");
		}
		return new Builder(client);
	}

	@Override
	public Object getResourceFactory() {
		return this.client;
	}

	/**
	 * Return the default options of a transaction.
	 * @return the defaults
	 */
	public MongoTransactionSettings getDefaultOptions() {
		return this.defaults;
	}

	/**
	 * Return the retry policy, which {@link MongoTransactions} shares.
	 * @return the retry policy
	 */
	public TransactionRetryPolicy getRetryPolicy() {
		return this.retryPolicy;
	}

	MongoDriverExceptionTranslator translator() {
		return this.translator;
	}

	MongoTransactionObserver observer() {
		return this.observer;
	}

	RetryClock clock() {
		return this.clock;
	}

	/**
	 * Return the holder bound to the current thread for this manager's client.
	 */
	@Nullable MongoSessionHolder currentHolder() {
		return (MongoSessionHolder) TransactionSynchronizationManager.getResource(this.client);
	}

	@Override
	protected Object doGetTransaction() {
		return new MongoTransactionObject(currentHolder());
	}

	@Override
	protected boolean isExistingTransaction(Object transaction) {
		return ((MongoTransactionObject) transaction).holder != null;
	}

	@Override
	protected void doBegin(Object transaction, TransactionDefinition definition) {
		MongoTransactionObject tx = (MongoTransactionObject) transaction;
		MongoTransactionSettings options = ((definition instanceof MongoTransactionDefinition mongo)
				? mongo.getOptions() : MongoTransactionSettings.defaults())
			.orElse(this.defaults);
		boolean readOnly = definition.isReadOnly() || options.isReadOnly();
		long start = this.clock.nanoTime();
		Long deadline = (definition instanceof MongoTransactionDefinition mongo) ? mongo.getDeadlineNanos() : null;
		ClientSession session = startSession();
		if (session != null) {
			try {
				session.startTransaction(transactionOptions(options, definition));
			}
			catch (RuntimeException ex) {
				session.close();
				throw cannotCreate("Could not start a MongoDB transaction with " + options, ex);
			}
		}
		MongoSessionHolder holder = new MongoSessionHolder(session, readOnly, start,
				(deadline != null) ? deadline : RetryBudget.deadline(this.retryPolicy, start));
		holder.setSynchronizedWithTransaction(true);
		tx.holder = holder;
		TransactionSynchronizationManager.bindResource(this.client, holder);
		if (session != null && !this.participants.isEmpty()) {
			bindParticipants(holder, session);
		}
	}

	/**
	 * Let the participants bind the session; if one fails, undo everything
	 * {@link #doBegin} did, as the transaction never starts.
	 */
	private void bindParticipants(MongoSessionHolder holder, ClientSession session) {
		List<ParticipantBinding> bindings = new ArrayList<>(this.participants.size());
		try {
			for (TransactionSessionParticipant participant : this.participants) {
				bindings.add(participant.bind(session));
			}
			holder.participants(bindings);
		}
		catch (RuntimeException ex) {
			holder.participants(bindings);
			try {
				holder.unbindParticipants();
			}
			catch (RuntimeException unbindEx) {
				ex.addSuppressed(unbindEx);
			}
			TransactionSynchronizationManager.unbindResourceIfPossible(this.client);
			session.close();
			throw new CannotCreateTransactionException(
					"Could not bind the MongoDB session for a transaction participant: " + ex.getMessage(), ex);
		}
	}

	private TransactionOptions transactionOptions(MongoTransactionSettings options, TransactionDefinition definition) {
		TransactionOptions transactionOptions = options.toTransactionOptions();
		int timeout = determineTimeout(definition);
		if (timeout == TransactionDefinition.TIMEOUT_DEFAULT) {
			return transactionOptions;
		}
		return TransactionOptions.merge(
				TransactionOptions.builder().timeout((long) timeout, TimeUnit.SECONDS).build(), transactionOptions);
	}

	/**
	 * Start a session, or return {@code null} to run without a transaction on a standalone
	 * server when so configured.
	 */
	private @Nullable ClientSession startSession() {
		ClusterDescription known = knownClusterDescription();
		if (!supportsTransactions(known)) {
			return unsupported(known);
		}
		ClientSession session;
		try {
			session = this.client.startSession();
		}
		catch (RuntimeException ex) {
			// The driver refuses a session once it learns that the deployment has none.
			ClusterDescription cluster = this.client.getClusterDescription();
			if (!supportsTransactions(cluster)) {
				return unsupported(cluster);
			}
			throw cannotCreate("Could not start a MongoDB session", ex);
		}
		ClusterDescription cluster = this.client.getClusterDescription();
		if (!supportsTransactions(cluster)) {
			session.close();
			return unsupported(cluster);
		}
		return session;
	}

	/**
	 * Return the description of the deployment once the driver knows it. Until a client has
	 * heard from a server, it reports {@code UNKNOWN}, and the driver starts sessions without
	 * asking the server: a ping waits, as any operation would, until a server is selected.
	 */
	private ClusterDescription knownClusterDescription() {
		ClusterDescription cluster = this.client.getClusterDescription();
		if (cluster.getType() != ClusterType.UNKNOWN) {
			return cluster;
		}
		try {
			this.client.getDatabase("admin").runCommand(PING);
		}
		catch (RuntimeException ex) {
			throw cannotCreate("Could not reach MongoDB to start a transaction", ex);
		}
		return this.client.getClusterDescription();
	}

	/**
	 * Say why no transaction could start, quoting the translated (and so sanitized) cause.
	 */
	private CannotCreateTransactionException cannotCreate(String what, RuntimeException ex) {
		RuntimeException translated = this.translator.translate(ex);
		return new CannotCreateTransactionException(what + ": " + translated.getMessage(), translated);
	}

	private static boolean supportsTransactions(ClusterDescription cluster) {
		return cluster.getType() != ClusterType.STANDALONE;
	}

	private @Nullable ClientSession unsupported(ClusterDescription cluster) {
		String servers = cluster.getServerDescriptions()
			.stream()
			.map((server) -> server.getAddress().toString())
			.collect(Collectors.joining(", "));
		if (this.onStandalone == OnStandalone.FAIL) {
			throw new MongoTransactionsUnsupportedException(cluster.getType().name(), servers);
		}
		if (this.runWithoutTransactionLogged.compareAndSet(false, true)) {
			logger.warn("connect.mongodb.transactions.on-standalone=run-without-transaction: MongoDB at " + servers
					+ " is " + cluster.getType()
					+ ", so transactional code runs WITHOUT a transaction: its writes are not atomic and nothing"
					+ " is rolled back. Use this for development only. (Logged once.)");
		}
		return null;
	}

	@Override
	protected void doCommit(DefaultTransactionStatus status) {
		MongoSessionHolder holder = holder(status);
		ClientSession session = holder.session();
		if (session == null) {
			return;
		}
		RetryBudget budget = new RetryBudget(this.retryPolicy, this.clock, this.clock.nanoTime(),
				holder.deadlineNanos());
		int attempts = 0;
		while (true) {
			attempts++;
			try {
				session.commitTransaction();
				holder.ended(Outcome.COMMITTED);
				return;
			}
			catch (MongoException ex) {
				if (isUnknownCommitResult(ex)) {
					if (awaitRetry(budget, attempts)) {
						this.observer.retried(RetryReason.UNKNOWN_COMMIT_RESULT);
						continue;
					}
					holder.ended(Outcome.FAILED);
					throw new TransactionSystemException("MongoDB commit result unknown, " + budget.describe(attempts)
							+ ": the transaction may or may not have been committed", this.translator.translate(ex));
				}
				holder.ended(Outcome.FAILED);
				throw this.translator.translate(ex);
			}
			catch (RuntimeException ex) {
				holder.ended(Outcome.FAILED);
				throw ex;
			}
		}
	}

	private static boolean awaitRetry(RetryBudget budget, int attempts) {
		try {
			return budget.awaitRetry(attempts);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Whether only the commit should be sent again, as the specification says: the label is
	 * there and the server did not run out of its time limit.
	 */
	static boolean isUnknownCommitResult(MongoException ex) {
		return ex.hasErrorLabel(MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL)
				&& !(ex instanceof MongoExecutionTimeoutException) && !(ex instanceof MongoOperationTimeoutException)
				&& ex.getCode() != 50;
	}

	@Override
	protected void doRollback(DefaultTransactionStatus status) {
		MongoSessionHolder holder = holder(status);
		ClientSession session = holder.session();
		holder.ended(Outcome.ABORTED);
		if (session != null && session.hasActiveTransaction()) {
			// The driver ignores errors of abortTransaction: the server aborts on its own.
			session.abortTransaction();
		}
	}

	@Override
	protected void doSetRollbackOnly(DefaultTransactionStatus status) {
		holder(status).setRollbackOnly();
	}

	@Override
	protected Object doSuspend(Object transaction) {
		((MongoTransactionObject) transaction).holder = null;
		MongoSessionHolder suspended = (MongoSessionHolder) TransactionSynchronizationManager
			.unbindResource(this.client);
		suspended.unbindParticipants();
		return suspended;
	}

	@Override
	protected void doResume(@Nullable Object transaction, Object suspendedResources) {
		MongoSessionHolder resumed = (MongoSessionHolder) suspendedResources;
		TransactionSynchronizationManager.bindResource(this.client, resumed);
		resumed.rebindParticipants();
	}

	@Override
	protected void doCleanupAfterCompletion(Object transaction) {
		MongoTransactionObject tx = (MongoTransactionObject) transaction;
		MongoSessionHolder holder = tx.holder;
		if (holder == null) {
			return;
		}
		TransactionSynchronizationManager.unbindResourceIfPossible(this.client);
		ClientSession session = holder.session();
		try {
			holder.unbindParticipants();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not unbind a transaction participant's resources", ex);
		}
		try {
			if (session != null) {
				session.close();
			}
		}
		finally {
			Outcome outcome = holder.outcome();
			if (session != null && outcome != null) {
				this.observer.completed(outcome, this.clock.nanoTime() - holder.startNanos());
			}
			holder.clear();
			tx.holder = null;
		}
	}

	private static MongoSessionHolder holder(DefaultTransactionStatus status) {
		MongoSessionHolder holder = ((MongoTransactionObject) status.getTransaction()).holder;
		if (holder == null) {
			throw new IllegalStateException("No MongoDB session is bound to " + status);
		}
		return holder;
	}

	/**
	 * The transaction object of one {@code getTransaction} call.
	 */
	static final class MongoTransactionObject implements SmartTransactionObject {

		@Nullable MongoSessionHolder holder;

		MongoTransactionObject(@Nullable MongoSessionHolder holder) {
			this.holder = holder;
		}

		@Override
		public boolean isRollbackOnly() {
			MongoSessionHolder holder = this.holder;
			return holder != null && holder.isRollbackOnly();
		}

		@Override
		public void flush() {
		}

	}

	/**
	 * Builds a {@link MongoClientTransactionManager}.
	 */
	public static final class Builder {

		private final MongoClient client;

		private MongoTransactionSettings defaults = MongoTransactionSettings.builder()
			.readConcern(com.mongodb.ReadConcern.SNAPSHOT)
			.writeConcern(com.mongodb.WriteConcern.MAJORITY)
			.readPreference(com.mongodb.ReadPreference.primary())
			.readOnly(false)
			.build();

		private TransactionRetryPolicy retryPolicy = TransactionRetryPolicy.DEFAULT;

		private OnStandalone onStandalone = OnStandalone.FAIL;

		private MongoDriverExceptionTranslator translator = new MongoDriverExceptionTranslator();

		private MongoTransactionObserver observer = MongoTransactionObserver.NONE;

		private RetryClock clock = RetryClock.SYSTEM;

		private List<TransactionSessionParticipant> participants = List.of();

		private Builder(MongoClient client) {
			this.client = client;
		}

		/**
		 * Set the defaults of every transaction; unset options keep the built-in defaults
		 * (read concern {@code snapshot}, write concern {@code majority}, read preference
		 * {@code primary}, not read-only).
		 * @param defaults the defaults
		 * @return this builder
		 */
		public Builder defaults(MongoTransactionSettings defaults) {
			if (defaults == null) {
				throw new IllegalArgumentException("defaults must not be null");
			}
			this.defaults = defaults.orElse(this.defaults);
			return this;
		}

		/**
		 * Set the retry policy.
		 * @param retryPolicy the retry policy
		 * @return this builder
		 */
		public Builder retryPolicy(TransactionRetryPolicy retryPolicy) {
			if (retryPolicy == null) {
				throw new IllegalArgumentException("retryPolicy must not be null");
			}
			this.retryPolicy = retryPolicy;
			return this;
		}

		/**
		 * Set what happens on a standalone server.
		 * @param onStandalone the behaviour
		 * @return this builder
		 */
		public Builder onStandalone(OnStandalone onStandalone) {
			if (onStandalone == null) {
				throw new IllegalArgumentException("onStandalone must not be null");
			}
			this.onStandalone = onStandalone;
			return this;
		}

		/**
		 * Set the exception translator.
		 * @param translator the translator
		 * @return this builder
		 */
		public Builder translator(MongoDriverExceptionTranslator translator) {
			if (translator == null) {
				throw new IllegalArgumentException("translator must not be null");
			}
			this.translator = translator;
			return this;
		}

		/**
		 * Set the observer of outcomes and retries, such as the metrics.
		 * @param observer the observer
		 * @return this builder
		 */
		public Builder observer(MongoTransactionObserver observer) {
			if (observer == null) {
				throw new IllegalArgumentException("observer must not be null");
			}
			this.observer = observer;
			return this;
		}

		/**
		 * Set the participants that bind each transaction's session for another library on
		 * the same client, such as Spring Data MongoDB.
		 * @param participants the participants, asked in this order
		 * @return this builder
		 */
		public Builder participants(List<? extends TransactionSessionParticipant> participants) {
			if (participants == null) {
				throw new IllegalArgumentException("participants must not be null");
			}
			for (int i = 0; i < participants.size(); i++) {
				if (participants.get(i) == null) {
					throw new IllegalArgumentException("participants must not contain null, got null at index " + i);
				}
			}
			this.participants = List.copyOf(participants);
			return this;
		}

		Builder clock(RetryClock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Build the manager.
		 * @return the manager
		 */
		public MongoClientTransactionManager build() {
			return new MongoClientTransactionManager(this);
		}

	}

}
