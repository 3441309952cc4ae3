package io.connectplatform.mongodb.embedded;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

/**
 * One server's view of a {@link SharedMemoryBackend}: it hands everything to the backend,
 * except that closing it releases the backend once, however often the server closes it.
 *
 * @author Connect MongoDB team
 * @see SharedMemoryBackend#lease()
 */
final class BackendLease implements MongoBackend {

	private final SharedMemoryBackend backend;

	private final AtomicBoolean released = new AtomicBoolean();

	BackendLease(SharedMemoryBackend backend) {
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
