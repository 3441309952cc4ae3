package io.connectplatform.mongodb.embedded;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Answers {@code hello} and {@code isMaster} as a member of the configured topology would,
 * remembers the application name each connection announced in its handshake, and says
 * how long an awaitable {@code hello} of the streaming monitor should wait.
 *
 * @author Connect MongoDB team
 */
final class ServerIdentity {

	static final AttributeKey<String> APPLICATION_NAME = AttributeKey.valueOf("connect.mongodb.appName");

	private static final AttributeKey<Integer> CONNECTION_ID = AttributeKey.valueOf("connect.mongodb.connectionId");

	/**
	 * MongoDB 5.0's wire version, the version mongo-java-server reports.
	 */
	private static final int MAX_WIRE_VERSION = 13;

	private static final int LOGICAL_SESSION_TIMEOUT_MINUTES = 30;

	private final EmbeddedTopology topology;

	private final ObjectId processId = new ObjectId();

	private final ObjectId electionId = new ObjectId("7fffffff0000000000000001");

	private final Map<Integer, String> advertised = new ConcurrentHashMap<>();

	private final AtomicInteger connectionIds = new AtomicInteger();

	ServerIdentity(EmbeddedTopology topology) {
		this.topology = topology;
	}

	EmbeddedTopology topology() {
		return this.topology;
	}

	/**
	 * Say under which address the server listening on a port is known to clients (its own
	 * host and port, or those of a proxy in front of it).
	 * @param localPort the port the server listens on
	 * @param hostAndPort the address clients use, such as {@code localhost:27017}
	 */
	void advertise(int localPort, String hostAndPort) {
		this.advertised.put(localPort, hostAndPort);
	}

	/**
	 * Answer {@code hello} or {@code isMaster}.
	 * @param channel the connection
	 * @param query the command
	 * @param legacy whether the command was {@code isMaster}
	 * @param lastWrite the time of the last write
	 * @return the reply
	 */
	Document hello(Channel channel, Document query, boolean legacy, BsonTimestamp lastWrite) {
		rememberApplicationName(channel, query);
		Document reply = new Document();
		if (query.containsKey("helloOk")) {
			reply.put("helloOk", true);
		}
		reply.put(legacy ? "ismaster" : "isWritablePrimary", true);
		reply.put("topologyVersion", topologyVersion());
		if (this.topology == EmbeddedTopology.REPLICA_SET) {
			String me = me(channel);
			reply.put("hosts", List.of(me));
			reply.put("setName", EmbeddedMongoSettings.REPLICA_SET_NAME);
			reply.put("setVersion", 1);
			reply.put("secondary", false);
			reply.put("primary", me);
			reply.put("me", me);
			reply.put("electionId", this.electionId);
			Document opTime = new Document("ts", lastWrite).append("t", 1L);
			Instant writeDate = Instant.ofEpochSecond(lastWrite.getTime());
			reply.put("lastWrite", new Document("opTime", opTime).append("lastWriteDate", writeDate)
				.append("majorityOpTime", opTime)
				.append("majorityWriteDate", writeDate));
		}
		else if (this.topology == EmbeddedTopology.SHARDED) {
			reply.put("msg", "isdbgrid");
		}
		reply.put("maxBsonObjectSize", 16 * 1024 * 1024);
		reply.put("maxMessageSizeBytes", MongoWireProtocolHandler.MAX_MESSAGE_SIZE_BYTES);
		reply.put("maxWriteBatchSize", MongoWireProtocolHandler.MAX_WRITE_BATCH_SIZE);
		reply.put("localTime", Instant.now());
		reply.put("logicalSessionTimeoutMinutes", LOGICAL_SESSION_TIMEOUT_MINUTES);
		reply.put("connectionId", connectionId(channel));
		reply.put("minWireVersion", 0);
		reply.put("maxWireVersion", MAX_WIRE_VERSION);
		reply.put("readOnly", false);
		reply.put("ok", 1.0);
		return reply;
	}

	/**
	 * Return the topology version, which never changes while the server runs.
	 * @return the version, as {@code hello} and state-change errors report it
	 */
	Document topologyVersion() {
		return new Document("processId", this.processId).append("counter", 0L);
	}

	/**
	 * Return how long the streaming monitor's awaitable {@code hello} waits before it is
	 * answered: its {@code maxAwaitTimeMS} when it knows the current topology version,
	 * since this server's never changes.
	 * @param query the command
	 * @return the wait in milliseconds, {@code 0} to answer at once
	 */
	long awaitMillis(Document query) {
		if (query.get("topologyVersion") instanceof Document version && this.processId.equals(version.get("processId"))
				&& query.get("maxAwaitTimeMS") instanceof Number wait) {
			return wait.longValue();
		}
		return 0;
	}

	private void rememberApplicationName(Channel channel, Document query) {
		if (query.get("client") instanceof Document client && client.get("application") instanceof Document application
				&& application.get("name") instanceof String name) {
			channel.attr(APPLICATION_NAME).set(name);
		}
	}

	private int connectionId(Channel channel) {
		Integer id = channel.attr(CONNECTION_ID).get();
		if (id == null) {
			id = this.connectionIds.incrementAndGet();
			channel.attr(CONNECTION_ID).set(id);
		}
		return id;
	}

	private String me(Channel channel) {
		InetSocketAddress local = (InetSocketAddress) channel.localAddress();
		String advertised = this.advertised.get(local.getPort());
		return (advertised != null) ? advertised : local.getHostString() + ":" + local.getPort();
	}

}
