package io.connectplatform.mongodb.embedded;

import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.message.ClientRequest;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * mongo-java-server's wire decoder, taught two {@code OP_MSG} flags it refuses: the
 * streaming monitor's {@code exhaustAllowed} (answered without streaming) and a client's
 * {@code moreToCome} (an unacknowledged write, which gets no reply).
 *
 * @author Connect MongoDB team
 */
final class WireDecoder extends MongoWireProtocolHandler {

	private static final int OP_MSG = 2013;

	private static final int MORE_TO_COME = 1 << 1;

	private static final int EXHAUST_ALLOWED = 1 << 16;

	private static final int HEADER_LENGTH = 16;

	@Override
	protected ClientRequest decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
		boolean moreToCome = false;
		int start = in.readerIndex();
		if (in.readableBytes() >= HEADER_LENGTH + 4 && in.readableBytes() >= in.getIntLE(start)
				&& in.getIntLE(start + 12) == OP_MSG) {
			int flags = in.getIntLE(start + HEADER_LENGTH);
			moreToCome = (flags & MORE_TO_COME) != 0;
			int accepted = flags & ~(MORE_TO_COME | EXHAUST_ALLOWED);
			if (accepted != flags) {
				in.setIntLE(start + HEADER_LENGTH, accepted);
			}
		}
		ClientRequest request = super.decode(ctx, in);
		if (moreToCome && request instanceof MongoMessage message) {
			return new UnacknowledgedMessage(message);
		}
		return request;
	}

	/**
	 * A message whose sender expects no reply.
	 */
	static final class UnacknowledgedMessage extends MongoMessage {

		UnacknowledgedMessage(MongoMessage message) {
			super(message.getChannel(), message.getHeader(), message.getDocument());
		}

	}

}
