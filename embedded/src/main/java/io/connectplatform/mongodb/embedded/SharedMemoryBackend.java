package io.connectplatform.mongodb.embedded;

import java.util.concurrent.locks.ReentrantLock;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

import org.springframework.util.Assert;

/**
 * The data of an in-memory server: mongo-java-server's memory backend, extended with what
 * the {@link EmbeddedTopology} it presents needs (sessions and multi-document transactions
 * keyed by session, retryable writes, the {@code failCommand} fail point, change streams
 * with post-batch resume tokens, pre- and post-images, {@code hello}). Several servers can
 * share it, so that they all serve the same data; it only really closes when its last user
 * closes it.
 * <p>
 * Every command runs under one lock, so that each command, and each transaction's
 * commit, is atomic for every other client. No command ever waits for another session's
 * transaction: write conflicts are decided at once.
 *
 * @author Connect MongoDB team
 * @see EmbeddedMongoServer#start(String, int, SharedMemoryBackend)
 */
final class SharedMemoryBackend extends MemoryBackend {

	private final EmbeddedMongoSettings settings;

	private final ReentrantLock lock = new ReentrantLock();

	private final ServerIdentity identity;

	private final FailPoints failPoints = new FailPoints();

	private final ChangeLog changeLog;

	private final RunningTransactions running = new RunningTransactions();

	private final TransactionCoordinator coordinator;

	private final ChangeStreams changeStreams;

	private final CommandRouter router;

	private final StorageListener storage;

	private final BackendUsers users = new BackendUsers();

	private SharedMemoryBackend(EmbeddedMongoSettings settings) {
		this.settings = settings;
		this.identity = new ServerIdentity(settings.topology());
		this.changeLog = new ChangeLog(getClock());
		this.coordinator = new TransactionCoordinator(this.running, settings.transactionLifetime(), System::nanoTime);
		this.storage = new Listeners(this.changeLog, this.running);
		this.changeStreams = new ChangeStreams(this.changeLog, getCursorRegistry(), this::resolveDatabase);
		this.router = new CommandRouter(this.identity, this.failPoints, settings.testCommands(), this.coordinator,
				new TransactionalCommands(this.coordinator, this::resolveDatabase, getCursorRegistry()),
				new TransactionCommitter(this::resolveDatabase, this.changeLog), this.changeStreams, this.changeLog,
				this::runCommand);
		enableOplog();
	}

	/**
	 * Create a backend.
	 * @param settings how its servers behave
	 * @return a new backend without users
	 */
	public static SharedMemoryBackend create(EmbeddedMongoSettings settings) {
		Assert.notNull(settings, "'settings' must not be null");
		return new SharedMemoryBackend(settings);
	}

	/**
	 * Create a backend whose servers present themselves as a single-node replica set.
	 * @return a new backend without users
	 */
	public static SharedMemoryBackend replicaSet() {
		return create(EmbeddedMongoSettings.defaults());
	}

	/**
	 * Create a backend whose servers present themselves as standalone servers.
	 * @return a new backend without users
	 */
	public static SharedMemoryBackend standalone() {
		return create(EmbeddedMongoSettings.defaults().withTopology(EmbeddedTopology.STANDALONE));
	}

	/**
	 * Create a backend whose servers present themselves as {@code mongos} routers of a
	 * sharded cluster.
	 * @return a new backend without users
	 */
	public static SharedMemoryBackend router() {
		return create(EmbeddedMongoSettings.defaults().withTopology(EmbeddedTopology.SHARDED));
	}

	/**
	 * Return how the servers of this backend behave.
	 * @return the settings
	 */
	public EmbeddedMongoSettings getSettings() {
		return this.settings;
	}

	/**
	 * Return whether servers using this backend present themselves as {@code mongos}
	 * routers.
	 * @return {@code true} for a router backend
	 */
	public boolean isRouter() {
		return this.settings.topology() == EmbeddedTopology.SHARDED;
	}

	/**
	 * Return the number of transactions that are running (started, neither committed nor
	 * aborted, nor past their lifetime).
	 * @return the number of running transactions
	 */
	public int getActiveTransactions() {
		this.lock.lock();
		try {
			this.coordinator.expireOverdue();
			return this.coordinator.activeTransactions();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Register one more user of this backend. Every user calls {@link #close()} once when
	 * it is done with the backend.
	 * @throws IllegalStateException if the backend has already been closed
	 */
	public void retain() {
		this.users.retain();
	}

	/**
	 * Return the number of users that have retained this backend and not closed it yet.
	 * @return the number of users
	 */
	public int getUsers() {
		return this.users.count();
	}

	/**
	 * Return whether the last user has closed this backend and its data is gone.
	 * @return {@code true} once the backend has really been closed
	 */
	public boolean isClosed() {
		return this.users.isClosed();
	}

	/**
	 * Release one user of this backend. Only when no user is left is the backend really
	 * closed, dropping all of its data. Closing a backend without users closes it at once;
	 * closing a closed backend does nothing.
	 */
	@Override
	public void close() {
		if (this.users.release()) {
			super.close();
		}
	}

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		this.lock.lock();
		try {
			return this.router.handle(channel, databaseName, command, query);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public QueryResult handleQuery(MongoQuery query) {
		this.lock.lock();
		try {
			return super.handleQuery(query);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void handleClose(Channel channel) {
		this.lock.lock();
		try {
			super.handleClose(channel);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	protected Document handleGetMore(String databaseName, String command, Document query) {
		long cursorId = ((Number) query.get(command)).longValue();
		Cursor cursor = getCursorRegistry().getCursor(cursorId);
		if (cursor instanceof ChangeStreamCursor changeStream) {
			int batchSize = ((Number) query.getOrDefault("batchSize", 0)).intValue();
			return this.changeStreams.getMore(changeStream, batchSize);
		}
		return super.handleGetMore(databaseName, command, query);
	}

	@Override
	public MemoryDatabase openOrCreateDatabase(String databaseName) {
		return new CapturingMemoryDatabase(databaseName, getCursorRegistry(), this.storage);
	}

	@Override
	protected Oplog createOplog() {
		return new ChangeLogOplog(this.changeLog, this.running);
	}

	@Override
	public String toString() {
		return "SharedMemoryBackend(" + this.settings.topology() + ", users: " + getUsers() + ")";
	}

	ReentrantLock lock() {
		return this.lock;
	}

	ServerIdentity identity() {
		return this.identity;
	}

	FailPoints failPoints() {
		return this.failPoints;
	}

	private Document runCommand(Channel channel, String databaseName, String command, Document query) {
		return super.handleCommand(channel, databaseName, command, query);
	}

	/**
	 * Retain this backend for one server and return the view that server should use: its
	 * {@code close()} releases this backend once, however often the server calls it.
	 * @return the view for one server
	 */
	MongoBackend lease() {
		retain();
		return new BackendLease(this);
	}

	/**
	 * Tells both the change log and the transactions of every change.
	 */
	private record Listeners(StorageListener first, StorageListener second) implements StorageListener {

		@Override
		public void inserted(String namespace, Document after) {
			this.first.inserted(namespace, after);
			this.second.inserted(namespace, after);
		}

		@Override
		public void updated(String namespace, Document before, Document after) {
			this.first.updated(namespace, before, after);
			this.second.updated(namespace, before, after);
		}

		@Override
		public void removed(String namespace, Document before) {
			this.first.removed(namespace, before);
			this.second.removed(namespace, before);
		}

		@Override
		public void created(String namespace) {
			this.first.created(namespace);
			this.second.created(namespace);
		}

	}

}
