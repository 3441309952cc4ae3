package io.connectplatform.mongodb.embedded;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

import org.springframework.util.Assert;

/**
 * A memory backend (with the oplog enabled) that several servers can share, so that they
 * all serve the same data, and that only really closes when its last user closes it.
 * <p>
 * A {@link #router() router} backend presents every server that uses it as a
 * {@code mongos} router: the driver then sees a sharded cluster of those servers.
 *
 * @author Connect MongoDB team
 * @see EmbeddedMongoServer#start(String, int, SharedMemoryBackend)
 */
public final class SharedMemoryBackend extends MemoryBackend {

	private static final String IS_MASTER = "ismaster";

	private final boolean router;

	private final Object monitor = new Object();

	private int users;

	private boolean closed;

	private SharedMemoryBackend(boolean router) {
		this.router = router;
		enableOplog();
	}

	/**
	 * Create a backend whose servers present themselves as standalone servers.
	 * @return a new backend without users
	 */
	public static SharedMemoryBackend standalone() {
		return new SharedMemoryBackend(false);
	}

	/**
	 * Create a backend whose servers present themselves as {@code mongos} routers of a
	 * sharded cluster.
	 * @return a new backend without users
	 */
	public static SharedMemoryBackend router() {
		return new SharedMemoryBackend(true);
	}

	/**
	 * Return whether servers using this backend present themselves as {@code mongos}
	 * routers.
	 * @return {@code true} for a router backend
	 */
	public boolean isRouter() {
		return this.router;
	}

	/**
	 * Register one more user of this backend. Every user calls {@link #close()} once when
	 * it is done with the backend.
	 * @throws IllegalStateException if the backend has already been closed
	 */
	public void retain() {
		synchronized (this.monitor) {
			Assert.state(!this.closed, "Backend has been closed and cannot be used again");
			this.users++;
		}
	}

	/**
	 * Return the number of users that have retained this backend and not closed it yet.
	 * @return the number of users
	 */
	public int getUsers() {
		synchronized (this.monitor) {
			return this.users;
		}
	}

	/**
	 * Return whether the last user has closed this backend and its data is gone.
	 * @return {@code true} once the backend has really been closed
	 */
	public boolean isClosed() {
		synchronized (this.monitor) {
			return this.closed;
		}
	}

	/**
	 * Release one user of this backend. Only when no user is left is the backend really
	 * closed, dropping all of its data. Closing a backend without users closes it at once;
	 * closing a closed backend does nothing.
	 */
	@Override
	public void close() {
		synchronized (this.monitor) {
			if (this.closed) {
				return;
			}
			if (this.users > 0) {
				this.users--;
			}
			if (this.users > 0) {
				return;
			}
			this.closed = true;
		}
		super.close();
	}

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		Document response = super.handleCommand(channel, databaseName, command, query);
		if (this.router && IS_MASTER.equalsIgnoreCase(command)) {
			response.put("msg", "isdbgrid");
		}
		return response;
	}

	@Override
	public String toString() {
		return "SharedMemoryBackend(router: " + this.router + ", users: " + getUsers() + ")";
	}

	/**
	 * Retain this backend for one server and return the view that server should use: its
	 * {@code close()} releases this backend once, however often the server calls it.
	 * @return the view for one server
	 */
	MongoBackend lease() {
		retain();
		return new Lease(this);
	}

	/**
	 * One server's view of a {@link SharedMemoryBackend}.
	 */
	private static final class Lease implements MongoBackend {

		private final SharedMemoryBackend backend;

		private final AtomicBoolean released = new AtomicBoolean();

		Lease(SharedMemoryBackend backend) {
			this.backend = backend;
		}

		@Override
		public void handleClose(Channel channel) {
			this.backend.handleClose(channel);
		}

		@Override
		public Document handleCommand(Channel channel, String database, String command, Document query) {
			return this.backend.handleCommand(channel, database, command, query);
		}

		@Override
		public QueryResult handleQuery(MongoQuery query) {
			return this.backend.handleQuery(query);
		}

		@Override
		public Document handleMessage(MongoMessage message) {
			return this.backend.handleMessage(message);
		}

		@Override
		public void dropDatabase(String database) {
			this.backend.dropDatabase(database);
		}

		@Override
		public Collection<Document> getCurrentOperations(MongoQuery query) {
			return this.backend.getCurrentOperations(query);
		}

		@Override
		public Document getServerStatus() {
			return this.backend.getServerStatus();
		}

		@Override
		public void close() {
			if (this.released.compareAndSet(false, true)) {
				this.backend.close();
			}
		}

		@Override
		public void closeCursors(List<Long> cursorIds) {
			this.backend.closeCursors(cursorIds);
		}

		@Override
		public Clock getClock() {
			return this.backend.getClock();
		}

		@Override
		public void enableOplog() {
			this.backend.enableOplog();
		}

		@Override
		public void disableOplog() {
			this.backend.disableOplog();
		}

		@Override
		public MongoDatabase resolveDatabase(String database) {
			return this.backend.resolveDatabase(database);
		}

		@Override
		public MongoBackend version(MongoVersion version) {
			this.backend.version(version);
			return this;
		}

	}

}
