package io.connectplatform.mongodb.transaction;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.ServerAddress;
import com.mongodb.TransactionOptions;
import com.mongodb.WriteConcern;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.result.InsertOneResult;
import com.mongodb.connection.ClusterConnectionMode;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerConnectionState;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerType;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.codecs.configuration.CodecRegistry;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MongoClient}, its {@link ClientSession}s and one database's collections, made with
 * {@link Proxy java.lang.reflect.Proxy}, whose commits and collection writes fail with
 * scripted driver exceptions that carry the driver's real error labels.
 * <p>
 * The client reports a replica set, so the transaction manager starts real-looking
 * transactions. Each session keeps the driver's transaction state
 * ({@code ClientSessionImpl}): {@link ClientSession#hasActiveTransaction()} is {@code true}
 * from {@code startTransaction} until {@code commitTransaction} or {@code abortTransaction},
 * a commit leaves the session in the committed state even when it fails (so that a second
 * {@code commitTransaction} is what the driver sends as a retry, with a majority write
 * concern), and misuse throws the driver's {@link IllegalStateException}s. Every call is
 * recorded, in order, as {@code "<session number>:<call>"}; an abort by {@code close()} is
 * recorded as {@code "abort on close"}, apart from an explicit abort.
 * <p>
 * Only the calls the transaction code and {@code CollectionTemplate.insert} make are
 * implemented; any other throws {@link UnsupportedOperationException}, so an unexpected call
 * fails the test.
 */
final class ScriptedMongo {

	/**
	 * The address of the only server of the replica set.
	 */
	static final ServerAddress ADDRESS = new ServerAddress("rs0.example.test", 27017);

	private final Deque<Supplier<? extends RuntimeException>> commitFailures = new ConcurrentLinkedDeque<>();

	private final Deque<Supplier<? extends RuntimeException>> writeFailures = new ConcurrentLinkedDeque<>();

	private final List<Session> sessions = new CopyOnWriteArrayList<>();

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final List<Write> writes = new CopyOnWriteArrayList<>();

	private final MongoClient client;

	private final MongoDatabase database;

	private volatile ClusterDescription cluster = cluster(ClusterType.REPLICA_SET, ServerType.REPLICA_SET_PRIMARY);

	private volatile CodecRegistry codecRegistry = MongoClientSettings.getDefaultCodecRegistry();

	ScriptedMongo() {
		this.client = proxy(MongoClient.class, "ScriptedMongoClient", this::onClient);
		this.database = proxy(MongoDatabase.class, "ScriptedMongoDatabase", this::onDatabase);
	}

	/**
	 * Return the client.
	 * @return the client
	 */
	MongoClient client() {
		return this.client;
	}

	/**
	 * Return the database whose collections record writes and fail as scripted.
	 * @return the database
	 */
	MongoDatabase database() {
		return this.database;
	}

	/**
	 * Make the client report another kind of deployment.
	 * @param type the cluster type
	 * @param serverType the type of its only server
	 */
	void deployment(ClusterType type, ServerType serverType) {
		this.cluster = cluster(type, serverType);
	}

	/**
	 * Make the next commits, in any session, fail with these exceptions, one each.
	 * @param failures the exceptions, created when thrown
	 */
	@SafeVarargs
	final void failCommits(Supplier<? extends RuntimeException>... failures) {
		this.commitFailures.addAll(Arrays.asList(failures));
	}

	/**
	 * Make the next collection writes fail with these exceptions, one each.
	 * @param failures the exceptions, created when thrown
	 */
	@SafeVarargs
	final void failWrites(Supplier<? extends RuntimeException>... failures) {
		this.writeFailures.addAll(Arrays.asList(failures));
	}

	/**
	 * Return the sessions started so far, in order.
	 * @return the sessions
	 */
	List<Session> sessions() {
		return List.copyOf(this.sessions);
	}

	/**
	 * Return a session by its number, from 1.
	 * @param number the number
	 * @return the session
	 */
	Session session(int number) {
		return this.sessions.get(number - 1);
	}

	/**
	 * Return every call recorded so far, such as {@code "1:start"}, {@code "1:commit"},
	 * {@code "1:close"}.
	 * @return the calls, in order
	 */
	List<String> events() {
		return List.copyOf(this.events);
	}

	/**
	 * Return the collection writes attempted so far, including the failed ones.
	 * @return the writes
	 */
	List<Write> writes() {
		return List.copyOf(this.writes);
	}

	/**
	 * Create a server error as the driver creates it from a command reply.
	 * @param code the error code
	 * @param codeName the code name
	 * @param message the error message
	 * @param labels the error labels of the reply
	 * @return the exception
	 */
	static MongoCommandException serverError(int code, String codeName, String message, String... labels) {
		BsonArray errorLabels = new BsonArray();
		for (String label : labels) {
			errorLabels.add(new BsonString(label));
		}
		BsonDocument reply = new BsonDocument("ok", new BsonInt32(0)).append("errmsg", new BsonString(message))
			.append("code", new BsonInt32(code))
			.append("codeName", new BsonString(codeName));
		if (labels.length > 0) {
			reply.append("errorLabels", errorLabels);
		}
		return new MongoCommandException(reply, ADDRESS);
	}

	/**
	 * A write conflict (code 112) labelled {@code TransientTransactionError}, as a server
	 * reports it inside a transaction.
	 * @param message the error message, to tell attempts apart
	 * @return the exception
	 */
	static MongoCommandException writeConflict(String message) {
		return serverError(112, "WriteConflict", message, MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);
	}

	/**
	 * A commit whose result is unknown: the connection closed while waiting for the reply,
	 * which the driver labels {@code UnknownTransactionCommitResult}.
	 * @param message the error message, to tell attempts apart
	 * @return the exception
	 */
	static MongoException unknownCommitResult(String message) {
		MongoSocketReadException ex = new MongoSocketReadException(message, ADDRESS);
		ex.addLabel(MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL);
		return ex;
	}

	private static ClusterDescription cluster(ClusterType type, ServerType serverType) {
		ServerDescription server = ServerDescription.builder()
			.address(ADDRESS)
			.state(ServerConnectionState.CONNECTED)
			.type(serverType)
			.ok(true)
			.maxWireVersion(25)
			.logicalSessionTimeoutMinutes(30)
			.build();
		ClusterConnectionMode mode = (type == ClusterType.STANDALONE) ? ClusterConnectionMode.SINGLE
				: ClusterConnectionMode.MULTIPLE;
		return new ClusterDescription(mode, type, List.of(server));
	}

	private @Nullable Object onClient(Method method, @Nullable Object[] args) {
		return switch (method.getName()) {
			case "getClusterDescription" -> this.cluster;
			case "startSession" -> startSession();
			case "getDatabase" -> this.database;
			case "close" -> null;
			default -> throw unsupported(method);
		};
	}

	private ClientSession startSession() {
		Session session = new Session(this.sessions.size() + 1);
		this.sessions.add(session);
		return session.proxy;
	}

	private @Nullable Object onDatabase(Method method, @Nullable Object[] args) {
		return switch (method.getName()) {
			case "getName" -> "scripted";
			case "getCodecRegistry" -> this.codecRegistry;
			case "withCodecRegistry" -> {
				this.codecRegistry = (CodecRegistry) args[0];
				yield this.database;
			}
			case "getCollection" -> collection((String) args[0]);
			case "getReadPreference" -> ReadPreference.primary();
			case "getReadConcern" -> ReadConcern.DEFAULT;
			case "getWriteConcern" -> WriteConcern.ACKNOWLEDGED;
			case "getTimeout" -> null;
			case "withReadPreference", "withReadConcern", "withWriteConcern", "withTimeout" -> this.database;
			default -> throw unsupported(method);
		};
	}

	private MongoCollection<?> collection(String name) {
		return proxy(MongoCollection.class, "ScriptedMongoCollection[" + name + "]", (method, args) -> {
			if (!method.getName().equals("insertOne")) {
				throw unsupported(method);
			}
			boolean withSession = args[0] instanceof ClientSession;
			ClientSession session = withSession ? (ClientSession) args[0] : null;
			this.writes.add(new Write(name, "insertOne", session, withSession ? args[1] : args[0]));
			Supplier<? extends RuntimeException> failure = this.writeFailures.poll();
			if (failure != null) {
				throw failure.get();
			}
			return InsertOneResult.acknowledged(null);
		});
	}

	private static UnsupportedOperationException unsupported(Method method) {
		return new UnsupportedOperationException("Not scripted: " + method);
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, String name, Handler handler) {
		InvocationHandler invocationHandler = (proxy, method, args) -> {
			if (method.getDeclaringClass() == Object.class) {
				return switch (method.getName()) {
					case "equals" -> proxy == args[0];
					case "hashCode" -> System.identityHashCode(proxy);
					case "toString" -> name;
					default -> throw unsupported(method);
				};
			}
			return handler.handle(method, args);
		};
		return (T) Proxy.newProxyInstance(ScriptedMongo.class.getClassLoader(), new Class<?>[] { type },
				invocationHandler);
	}

	@FunctionalInterface
	private interface Handler {

		@Nullable Object handle(Method method, @Nullable Object[] args) throws Throwable;

	}

	/**
	 * One collection write.
	 *
	 * @param collection the collection name
	 * @param operation the driver method
	 * @param session the session passed to the driver, {@code null} for none
	 * @param document the document
	 */
	record Write(String collection, String operation, @Nullable ClientSession session, Object document) {
	}

	/**
	 * One scripted session, with the driver's transaction states.
	 */
	final class Session {

		private final int number;

		private final ClientSession proxy;

		private final List<TransactionOptions> startedWith = new ArrayList<>();

		private final List<Boolean> commitRetries = new ArrayList<>();

		private State state = State.NONE;

		private boolean closed;

		Session(int number) {
			this.number = number;
			this.proxy = ScriptedMongo.proxy(ClientSession.class, "ScriptedSession#" + number, this::on);
		}

		/**
		 * Return the session as the code under test sees it.
		 * @return the driver session
		 */
		ClientSession driverSession() {
			return this.proxy;
		}

		/**
		 * Return the options each {@code startTransaction} was given.
		 * @return the options
		 */
		List<TransactionOptions> startedWith() {
			return List.copyOf(this.startedWith);
		}

		/**
		 * Return, for each {@code commitTransaction}, whether the driver would send it as a
		 * retry (the session already in the committed state), which it does with a majority
		 * write concern.
		 * @return one entry per commit
		 */
		List<Boolean> commitRetries() {
			return List.copyOf(this.commitRetries);
		}

		boolean isClosed() {
			return this.closed;
		}

		private @Nullable Object on(Method method, @Nullable Object[] args) {
			return switch (method.getName()) {
				case "startTransaction" -> {
					startTransaction((args != null) ? (TransactionOptions) args[0] : TransactionOptions.builder().build());
					yield null;
				}
				case "commitTransaction" -> {
					commitTransaction();
					yield null;
				}
				case "abortTransaction" -> {
					abortTransaction();
					yield null;
				}
				case "hasActiveTransaction" -> this.state == State.IN;
				case "getTransactionOptions" -> {
					checkState(this.state == State.IN || this.state == State.COMMITTED, "in transaction");
					yield this.startedWith.get(this.startedWith.size() - 1);
				}
				case "close" -> {
					close();
					yield null;
				}
				default -> throw unsupported(method);
			};
		}

		private void startTransaction(TransactionOptions options) {
			checkOpen();
			checkState(this.state != State.IN, "Transaction already in progress");
			record("start");
			this.startedWith.add(options);
			this.state = State.IN;
		}

		private void commitTransaction() {
			checkOpen();
			checkState(this.state != State.ABORTED, "Cannot call commitTransaction after calling abortTransaction");
			checkState(this.state != State.NONE, "There is no transaction started");
			record("commit");
			this.commitRetries.add(this.state == State.COMMITTED);
			this.state = State.COMMITTED;
			Supplier<? extends RuntimeException> failure = ScriptedMongo.this.commitFailures.poll();
			if (failure != null) {
				throw failure.get();
			}
		}

		private void abortTransaction() {
			checkOpen();
			checkState(this.state != State.ABORTED, "Cannot call abortTransaction twice");
			checkState(this.state != State.COMMITTED, "Cannot call abortTransaction after calling commitTransaction");
			checkState(this.state != State.NONE, "There is no transaction started");
			record("abort");
			this.state = State.ABORTED;
		}

		private void close() {
			if (this.closed) {
				return;
			}
			if (this.state == State.IN) {
				// The driver aborts on close; recorded apart from an explicit abort.
				record("abort on close");
				this.state = State.ABORTED;
			}
			record("close");
			this.closed = true;
		}

		private void checkOpen() {
			checkState(!this.closed, "state should be: open");
		}

		private void record(String call) {
			ScriptedMongo.this.events.add(this.number + ":" + call);
		}

		private static void checkState(boolean condition, String message) {
			if (!condition) {
				throw new IllegalStateException(message);
			}
		}

		@Override
		public String toString() {
			return "Session#" + this.number + "[" + this.state + (this.closed ? ", closed" : "") + "]";
		}

	}

	private enum State {

		NONE, IN, COMMITTED, ABORTED

	}

}
