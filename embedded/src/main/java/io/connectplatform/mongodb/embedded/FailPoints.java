package io.connectplatform.mongodb.embedded;

import java.util.List;
import java.util.Set;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;

/**
 * MongoDB's {@code failCommand} fail point, set with {@code configureFailPoint}: makes the
 * next commands of the given names (from the given application, if one is named) fail
 * with an error code and labels, close the connection, stall, or report a write concern
 * error. Modes are {@code alwaysOn}, {@code {times: n}}, {@code {skip: n}} and
 * {@code off}. Thread-safe.
 *
 * @author Connect MongoDB team
 */
final class FailPoints {

	private static final String FAIL_COMMAND = "failCommand";

	private static final Set<String> RETRYABLE_WRITES = Set.of("insert", "update", "delete", "findAndModify");

	private final Object monitor = new Object();

	private @Nullable Document data;

	private long skip;

	private long remaining;

	/**
	 * Configure the fail point.
	 * @param command the {@code configureFailPoint} command
	 * @return the reply
	 */
	Document configure(Document command) {
		Object name = command.get("configureFailPoint");
		if (!FAIL_COMMAND.equals(name)) {
			throw ServerErrors.error(2, "Unknown fail point '" + name + "': only 'failCommand' is supported");
		}
		Object mode = command.get("mode");
		synchronized (this.monitor) {
			if ("off".equals(mode)) {
				this.data = null;
				return ok();
			}
			Document data = (command.get("data") instanceof Document document) ? document : null;
			if (data == null || !(data.get("failCommands") instanceof List<?> commands) || commands.isEmpty()) {
				throw ServerErrors.error(2, "'data.failCommands' must be a non-empty array of command names");
			}
			if ("alwaysOn".equals(mode)) {
				this.skip = 0;
				this.remaining = Long.MAX_VALUE;
			}
			else if (mode instanceof Document counted && counted.get("times") instanceof Number times) {
				this.skip = 0;
				this.remaining = times.longValue();
			}
			else if (mode instanceof Document counted && counted.get("skip") instanceof Number skip) {
				this.skip = skip.longValue();
				this.remaining = Long.MAX_VALUE;
			}
			else {
				throw ServerErrors.error(2, "Unsupported fail point mode " + mode
						+ ": use 'alwaysOn', 'off', {times: n} or {skip: n}");
			}
			this.data = data;
			return ok();
		}
	}

	/**
	 * Decide what happens to a command.
	 * @param channel the connection it came on
	 * @param command the command name
	 * @param body the command
	 * @return what the fail point does to it, or {@code null} to run it normally
	 */
	@Nullable FailAction decide(Channel channel, String command, Document body) {
		Document data;
		synchronized (this.monitor) {
			data = this.data;
			if (data == null || !((List<?>) data.get("failCommands")).contains(command)
					|| !appliesTo(data, channel)) {
				return null;
			}
			if (this.skip > 0) {
				this.skip--;
				return null;
			}
			if (--this.remaining <= 0) {
				this.data = null;
			}
		}
		long block = Utils.isTrue(data.get("blockConnection")) && data.get("blockTimeMS") instanceof Number time
				? time.longValue() : 0;
		Document error = null;
		if (data.get("errorCode") instanceof Number code) {
			error = ServerErrors.reply(code.intValue(), "Failing command via 'failCommand' failpoint",
					labels(data, command, body, code.intValue()));
		}
		Document writeConcernError = null;
		List<String> writeConcernLabels = List.of();
		if (data.get("writeConcernError") instanceof Document concernError) {
			writeConcernError = concernError;
			int code = (concernError.get("code") instanceof Number number) ? number.intValue() : 64;
			writeConcernLabels = labels(data, command, body, code);
		}
		return new FailAction(block, Utils.isTrue(data.get("closeConnection")), error, writeConcernError,
				writeConcernLabels);
	}

	private static boolean appliesTo(Document data, Channel channel) {
		Object application = data.get("appName");
		return application == null || application.equals(channel.attr(ServerIdentity.APPLICATION_NAME).get());
	}

	@SuppressWarnings("unchecked")
	private static List<String> labels(Document data, String command, Document body, int code) {
		if (data.get("errorLabels") instanceof List<?> labels) {
			return (List<String>) labels;
		}
		boolean inTransaction = Boolean.FALSE.equals(body.get("autocommit"));
		boolean commitOrAbort = "commitTransaction".equals(command) || "abortTransaction".equals(command);
		boolean retryableWrite = !inTransaction && body.containsKey("txnNumber") && RETRYABLE_WRITES.contains(command);
		return ServerErrors.labels(code, inTransaction, commitOrAbort, retryableWrite);
	}

	private static Document ok() {
		return new Document("ok", 1.0);
	}

	/**
	 * What the fail point does to one command.
	 *
	 * @param blockMillis how long to stall before answering
	 * @param closeConnection whether to close the connection instead of answering
	 * @param error the error reply, or {@code null} to run the command
	 * @param writeConcernError the write concern error to add to the reply, or {@code null}
	 * @param writeConcernLabels the labels that go with the write concern error
	 */
	record FailAction(long blockMillis, boolean closeConnection, @Nullable Document error,
			@Nullable Document writeConcernError, List<String> writeConcernLabels) {

		/**
		 * Add the write concern error, if any, to the reply of the command.
		 * @param reply the reply
		 */
		void decorate(Document reply) {
			if (this.writeConcernError != null && !reply.containsKey("errmsg")) {
				reply.put("writeConcernError", this.writeConcernError);
				if (!this.writeConcernLabels.isEmpty()) {
					reply.put("errorLabels", this.writeConcernLabels);
				}
			}
		}

	}

}
