package io.connectplatform.mongodb.embedded;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.wire.message.ClientRequest;
import de.bwaldvogel.mongo.wire.message.MessageHeader;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import de.bwaldvogel.mongo.wire.message.MongoReply;
import io.connectplatform.mongodb.embedded.FailPoints.FailAction;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Hands each request of a connection to the backend and writes the reply, in place of
 * mongo-java-server's handler: it applies the {@code failCommand} fail point (an error,
 * a closed connection, a stall) and holds the streaming monitor's awaitable {@code hello}
 * for its {@code maxAwaitTimeMS}, both by scheduling on the connection's event loop, never
 * by blocking a thread that other connections share. The reply is encoded under the
 * backend's command lock, so that no other command changes a document while it is being
 * written out.
 *
 * @author Connect MongoDB team
 */
final class CommandDispatcher extends SimpleChannelInboundHandler<ClientRequest> {

	private static final Log logger = LogFactory.getLog(CommandDispatcher.class);

	private final MongoBackend backend;

	private final SharedMemoryBackend shared;

	private final ChannelGroup channels;

	private final AtomicInteger replyIds = new AtomicInteger();

	/**
	 * Create the handler of one connection.
	 * @param backend the backend as this server uses it
	 * @param shared the shared backend behind it
	 * @param channels the server's open connections
	 */
	CommandDispatcher(MongoBackend backend, SharedMemoryBackend shared, ChannelGroup channels) {
		this.backend = backend;
		this.shared = shared;
		this.channels = channels;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		this.channels.add(ctx.channel());
		super.channelActive(ctx);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		this.channels.remove(ctx.channel());
		this.backend.handleClose(ctx.channel());
		super.channelInactive(ctx);
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, ClientRequest request) {
		if (request instanceof MongoQuery query) {
			answer(ctx, query);
			return;
		}
		MongoMessage message = (MongoMessage) request;
		Document body = message.getDocument();
		String command = body.keySet().iterator().next();
		FailAction action = this.shared.failPoints().decide(ctx.channel(), command, body);
		if (action != null && action.closeConnection()) {
			ctx.channel().close();
			return;
		}
		long delay = (action != null) ? action.blockMillis() : awaitMillis(command, body);
		if (delay > 0) {
			ctx.executor().schedule(() -> answer(ctx, message, action), delay, TimeUnit.MILLISECONDS);
		}
		else {
			answer(ctx, message, action);
		}
	}

	private long awaitMillis(String command, Document body) {
		boolean hello = "hello".equalsIgnoreCase(command) || "isMaster".equalsIgnoreCase(command);
		return hello ? this.shared.identity().awaitMillis(body) : 0;
	}

	private void answer(ChannelHandlerContext ctx, MongoMessage message, @Nullable FailAction action) {
		if (!ctx.channel().isActive()) {
			return;
		}
		ReentrantLock lock = this.shared.lock();
		lock.lock();
		try {
			Document reply;
			if (action != null && action.error() != null) {
				reply = action.error().clone();
				if (reply.get("code") instanceof Integer code && ServerErrors.isStateChangeCode(code)) {
					// as MongoDB 4.4+ does: the driver then sees that the server has not changed
					reply.put("topologyVersion", this.shared.identity().topologyVersion());
				}
			}
			else {
				reply = handle(message);
				if (action != null) {
					action.decorate(reply);
				}
			}
			if (!(message instanceof WireDecoder.UnacknowledgedMessage)) {
				ctx.channel().writeAndFlush(new MongoMessage(ctx.channel(), header(message), reply));
			}
		}
		finally {
			lock.unlock();
		}
	}

	private Document handle(MongoMessage message) {
		try {
			return this.backend.handleMessage(message);
		}
		catch (MongoServerException ex) {
			return ServerErrors.reply(ex, List.of());
		}
		catch (RuntimeException ex) {
			logger.warn("Unexpected failure of " + message.getDocument().keySet().iterator().next(), ex);
			return ServerErrors.reply(null, "Unknown error: " + ex, List.of());
		}
	}

	/**
	 * Answer a legacy {@code OP_QUERY}: the driver's first handshake, or a query.
	 */
	private void answer(ChannelHandlerContext ctx, MongoQuery query) {
		ReentrantLock lock = this.shared.lock();
		lock.lock();
		try {
			MongoReply reply;
			if (query.getCollectionName().startsWith("$cmd")) {
				Document command = query.getQuery();
				String name = command.keySet().iterator().next();
				if ("$query".equals(name)) {
					command = (Document) command.get(name);
					name = command.keySet().iterator().next();
				}
				Document document;
				try {
					document = this.backend.handleCommand(ctx.channel(), query.getDatabaseName(), name, command);
				}
				catch (MongoServerException ex) {
					document = ServerErrors.reply(ex, List.of());
				}
				reply = new MongoReply(header(query), List.of(document), 0);
			}
			else {
				QueryResult result = this.backend.handleQuery(query);
				reply = new MongoReply(header(query),
						(result != null) ? result.collectDocuments() : Collections.emptyList(),
						(result != null) ? result.getCursorId() : 0);
			}
			ctx.channel().writeAndFlush(reply);
		}
		finally {
			lock.unlock();
		}
	}

	private MessageHeader header(ClientRequest request) {
		return new MessageHeader(this.replyIds.incrementAndGet(), request.getHeader().getRequestID());
	}

}
