package io.connectplatform.mongodb.embedded;

import java.util.List;
import java.util.Set;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.exception.MongoServerException;
import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;

/**
 * Decides where each command goes: {@code hello}, fail points, the session and transaction
 * commands, the commands of a transaction, retryable writes (answered once, however often
 * they are sent), change streams, and everything else to mongo-java-server. Failures
 * become error replies with the labels MongoDB gives them. Runs under the server's command
 * lock.
 *
 * @author Connect MongoDB team
 */
final class CommandRouter {

	private static final Set<String> SESSION_FIELDS = Set.of("lsid", "txnNumber", "autocommit", "startTransaction",
			"$clusterTime", "stmtId", "stmtIds");

	private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");

	private final ServerIdentity identity;

	private final FailPoints failPoints;

	private final boolean testCommands;

	private final TransactionCoordinator coordinator;

	private final TransactionalCommands transactional;

	private final TransactionCommitter committer;

	private final ChangeStreams changeStreams;

	private final ChangeLog log;

	private final Commands commands;

	CommandRouter(ServerIdentity identity, FailPoints failPoints, boolean testCommands,
			TransactionCoordinator coordinator, TransactionalCommands transactional, TransactionCommitter committer,
			ChangeStreams changeStreams, ChangeLog log, Commands commands) {
		this.identity = identity;
		this.failPoints = failPoints;
		this.testCommands = testCommands;
		this.coordinator = coordinator;
		this.transactional = transactional;
		this.committer = committer;
		this.changeStreams = changeStreams;
		this.log = log;
		this.commands = commands;
	}

	/**
	 * Run a command.
	 * @param channel the connection
	 * @param database the database
	 * @param command the command name
	 * @param query the command
	 * @return the reply
	 */
	Document handle(Channel channel, String database, String command, Document query) {
		this.coordinator.expireOverdue();
		if ("hello".equalsIgnoreCase(command) || "isMaster".equalsIgnoreCase(command)) {
			return this.identity.hello(channel, query, !"hello".equalsIgnoreCase(command), this.log.lastTime());
		}
		Document session = (query.get("lsid") instanceof Document lsid) ? lsid : null;
		Number txnNumber = (query.get("txnNumber") instanceof Number number) ? number : null;
		boolean inTransaction = Boolean.FALSE.equals(query.get("autocommit"));
		Document stripped = withoutSessionFields(query);
		try {
			switch (command) {
				case "configureFailPoint":
					return configureFailPoint(database, stripped);
				case "commitTransaction":
				case "abortTransaction":
					return endTransaction(command, session, txnNumber);
				case "endSessions":
					this.coordinator.endSessions((List<?>) query.get(command));
					return new Document("ok", 1.0);
				default:
					break;
			}
			if (inTransaction) {
				return inTransaction(channel, database, command, session, txnNumber, query, stripped);
			}
			if (txnNumber != null && session != null && WRITES.contains(command)) {
				return retryableWrite(channel, database, command, session, txnNumber.longValue(), stripped);
			}
			if ("aggregate".equals(command) && ChangeStreams.isChangeStream(stripped)) {
				return this.changeStreams.open(database, stripped);
			}
			return run(channel, database, command, stripped);
		}
		catch (MongoServerException ex) {
			boolean commitOrAbort = "commitTransaction".equals(command) || "abortTransaction".equals(command);
			boolean retryableWrite = !inTransaction && txnNumber != null && WRITES.contains(command);
			return ServerErrors.reply(ex,
					ServerErrors.labels(ServerErrors.code(ex), inTransaction, commitOrAbort, retryableWrite));
		}
	}

	private Document configureFailPoint(String database, Document query) {
		if (!this.testCommands) {
			throw ServerErrors.error(ServerErrors.COMMAND_NOT_FOUND, "no such command: 'configureFailPoint'; set"
					+ " connect.mongodb.embedded.test-commands=true to enable the test commands");
		}
		if (!"admin".equals(database)) {
			throw ServerErrors.error(13, "configureFailPoint may only be run against the admin database.");
		}
		return this.failPoints.configure(query);
	}

	private Document endTransaction(String command, @Nullable Document session, @Nullable Number txnNumber) {
		requireTransactions();
		if (session == null || txnNumber == null) {
			throw ServerErrors.error(ServerErrors.NO_SUCH_TRANSACTION, command + " needs an lsid and a txnNumber");
		}
		if ("commitTransaction".equals(command)) {
			this.coordinator.commit(session, txnNumber.longValue(), this.committer);
		}
		else {
			this.coordinator.abort(session, txnNumber.longValue());
		}
		return new Document("ok", 1.0);
	}

	private Document inTransaction(Channel channel, String database, String command, @Nullable Document session,
			@Nullable Number txnNumber, Document query, Document stripped) {
		requireTransactions();
		if (session == null || txnNumber == null) {
			throw ServerErrors.error(ServerErrors.NO_SUCH_TRANSACTION,
					"A command with autocommit: false needs an lsid and a txnNumber");
		}
		Transaction transaction = this.coordinator.transaction(session, txnNumber.longValue(),
				Utils.isTrue(query.get("startTransaction")));
		try {
			Document reply = this.transactional.execute(transaction, channel, database, command, stripped);
			if (reply == null) {
				reply = this.coordinator.runDirectly(transaction, () -> run(channel, database, command, stripped));
			}
			if (failed(reply)) {
				this.coordinator.abort(transaction);
			}
			return reply;
		}
		catch (RuntimeException ex) {
			this.coordinator.abort(transaction);
			throw ex;
		}
	}

	private Document retryableWrite(Channel channel, String database, String command, Document session,
			long txnNumber, Document stripped) {
		requireTransactions();
		Document previous = this.coordinator.retriedWrite(session, txnNumber);
		if (previous != null) {
			return previous;
		}
		Document reply = run(channel, database, command, stripped);
		if (!failed(reply)) {
			this.coordinator.rememberWrite(session, txnNumber, reply);
		}
		return reply;
	}

	private Document run(Channel channel, String database, String command, Document query) {
		this.log.replacing(isReplacement(command, query));
		try {
			return this.commands.run(channel, database, command, query);
		}
		finally {
			this.log.replacing(false);
		}
	}

	private void requireTransactions() {
		if (this.identity.topology() == EmbeddedTopology.STANDALONE) {
			throw ServerErrors.error(ServerErrors.ILLEGAL_OPERATION,
					"Transaction numbers are only allowed on a replica set member or mongos");
		}
	}

	private static boolean failed(Document reply) {
		return reply.get("writeErrors") instanceof List<?> errors && !errors.isEmpty()
				|| (reply.get("ok") instanceof Number ok && ok.doubleValue() == 0);
	}

	private static boolean isReplacement(String command, Document query) {
		if ("update".equals(command) && query.get("updates") instanceof List<?> updates && !updates.isEmpty()) {
			return updates.stream()
				.allMatch((update) -> update instanceof Document statement && isReplacement(statement.get("u")));
		}
		return "findAndModify".equals(command) && isReplacement(query.get("update"));
	}

	private static boolean isReplacement(@Nullable Object update) {
		return update instanceof Document document && !document.isEmpty()
				&& document.keySet().stream().noneMatch((key) -> key.startsWith("$"));
	}

	private static Document withoutSessionFields(Document query) {
		if (query.keySet().stream().noneMatch(SESSION_FIELDS::contains)) {
			return query;
		}
		Document stripped = new Document(query);
		SESSION_FIELDS.forEach(stripped::remove);
		return stripped;
	}

	/**
	 * Runs a command as mongo-java-server does.
	 */
	@FunctionalInterface
	interface Commands {

		/**
		 * Run a command.
		 * @param channel the connection
		 * @param database the database
		 * @param command the command name
		 * @param query the command
		 * @return the reply
		 * @throws MongoServerError if the command fails
		 */
		Document run(Channel channel, String database, String command, Document query);

	}

}
