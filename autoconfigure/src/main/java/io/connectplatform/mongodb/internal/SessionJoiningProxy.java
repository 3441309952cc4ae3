package io.connectplatform.mongodb.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import org.jspecify.annotations.Nullable;

/**
 * Makes driver calls join a transaction: a {@link MongoDatabase}, a {@link MongoCollection} or
 * a {@link GridFSBucket} whose CRUD, aggregation and file methods ({@code insertOne},
 * {@code find}, {@code updateMany}, {@code bulkWrite}, {@code countDocuments},
 * {@code aggregate}, {@code openUploadStream}, {@code openDownloadStream}, {@code delete}, …)
 * call their {@link ClientSession} overload with the session a {@link MongoSessionLookup}
 * finds, and whose derived databases and collections join too. With no session found, and for
 * every other method, the call goes straight through.
 * <p>
 * Index, collection and database management, commands, {@code estimatedDocumentCount},
 * dropping a bucket and change streams never join: MongoDB refuses most of them inside a
 * transaction. A call that already passes a session is left as it is.
 * <p>
 * {@link SessionBinding} uses it to bind one operation's collection or bucket to the current
 * session; the auto-configuration uses it for the {@code MongoDatabase} bean it creates, so
 * that raw driver calls on that bean join as the templates do.
 *
 * @author Connect MongoDB team
 */
public final class SessionJoiningProxy {

	private static final Set<String> CRUD = Set.of("insertOne", "insertMany", "find", "findOneAndUpdate",
			"findOneAndReplace", "findOneAndDelete", "updateOne", "updateMany", "replaceOne", "deleteOne", "deleteMany",
			"bulkWrite", "countDocuments", "distinct", "aggregate");

	private static final Set<String> FILES = Set.of("openUploadStream", "uploadFromStream", "openDownloadStream",
			"downloadToStream", "find", "delete", "rename");

	private static final Map<Method, Optional<Method>> SESSION_OVERLOADS = new ConcurrentHashMap<>();

	private SessionJoiningProxy() {
	}

	/**
	 * Return a database whose collections join the current transaction.
	 * @param database the database
	 * @param sessions the lookup of the current transaction's session
	 * @return the joining database; {@code database} itself if it already joins
	 */
	public static MongoDatabase database(MongoDatabase database, MongoSessionLookup sessions) {
		if (database == null || sessions == null) {
			throw new IllegalArgumentException("database and sessions must not be null");
		}
		return isProxy(database) ? database : proxy(MongoDatabase.class, database, sessions, CRUD);
	}

	/**
	 * Return a collection that joins the current transaction.
	 * @param <T> the document type
	 * @param collection the collection
	 * @param sessions the lookup of the current transaction's session
	 * @return the joining collection; {@code collection} itself if it already joins
	 */
	@SuppressWarnings("unchecked")
	public static <T> MongoCollection<T> collection(MongoCollection<T> collection, MongoSessionLookup sessions) {
		if (collection == null || sessions == null) {
			throw new IllegalArgumentException("collection and sessions must not be null");
		}
		return isProxy(collection) ? collection : proxy(MongoCollection.class, collection, sessions, CRUD);
	}

	/**
	 * Return a GridFS bucket that joins the current transaction. Dropping the bucket never
	 * joins.
	 * @param bucket the bucket
	 * @param sessions the lookup of the current transaction's session
	 * @return the joining bucket; {@code bucket} itself if it already joins
	 */
	public static GridFSBucket bucket(GridFSBucket bucket, MongoSessionLookup sessions) {
		if (bucket == null || sessions == null) {
			throw new IllegalArgumentException("bucket and sessions must not be null");
		}
		return isProxy(bucket) ? bucket : proxy(GridFSBucket.class, bucket, sessions, FILES);
	}

	private static boolean isProxy(Object candidate) {
		return Proxy.isProxyClass(candidate.getClass()) && Proxy.getInvocationHandler(candidate) instanceof Handler;
	}

	@SuppressWarnings("unchecked")
	private static <P> P proxy(Class<P> type, Object target, MongoSessionLookup sessions, Set<String> joining) {
		return (P) Proxy.newProxyInstance(SessionJoiningProxy.class.getClassLoader(), new Class<?>[] { type },
				new Handler(target, sessions, joining));
	}

	private static @Nullable Method sessionOverload(Method method) {
		return SESSION_OVERLOADS.computeIfAbsent(method, (key) -> {
			Class<?>[] parameters = key.getParameterTypes();
			Class<?>[] withSession = new Class<?>[parameters.length + 1];
			withSession[0] = ClientSession.class;
			System.arraycopy(parameters, 0, withSession, 1, parameters.length);
			try {
				return Optional.of(key.getDeclaringClass().getMethod(key.getName(), withSession));
			}
			catch (NoSuchMethodException ex) {
				return Optional.empty();
			}
		}).orElse(null);
	}

	/**
	 * Routes each call.
	 */
	private static final class Handler implements InvocationHandler {

		private final Object target;

		private final MongoSessionLookup sessions;

		private final Set<String> joining;

		Handler(Object target, MongoSessionLookup sessions, Set<String> joining) {
			this.target = target;
			this.sessions = sessions;
			this.joining = joining;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
			if (method.getDeclaringClass() == Object.class) {
				return switch (method.getName()) {
					case "equals" -> proxy == args[0];
					case "hashCode" -> System.identityHashCode(proxy);
					default -> "SessionJoiningProxy[" + this.target + "]";
				};
			}
			if (this.joining.contains(method.getName()) && !startsWithSession(args)) {
				ClientSession session = this.sessions.currentSession();
				Method overload = (session != null) ? sessionOverload(method) : null;
				if (overload != null) {
					return call(overload, withSession(session, args));
				}
			}
			Object result = call(method, args);
			if (result instanceof MongoCollection<?> collection && method.getReturnType() == MongoCollection.class) {
				return proxy(MongoCollection.class, collection, this.sessions, CRUD);
			}
			if (result instanceof MongoDatabase database && method.getReturnType() == MongoDatabase.class) {
				return proxy(MongoDatabase.class, database, this.sessions, CRUD);
			}
			if (result instanceof GridFSBucket bucket && method.getReturnType() == GridFSBucket.class) {
				return proxy(GridFSBucket.class, bucket, this.sessions, FILES);
			}
			return result;
		}

		private @Nullable Object call(Method method, @Nullable Object[] args) throws Throwable {
			try {
				return method.invoke(this.target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

		private static boolean startsWithSession(@Nullable Object[] args) {
			return args != null && args.length > 0 && args[0] instanceof ClientSession;
		}

		private static Object[] withSession(ClientSession session, @Nullable Object[] args) {
			int length = (args != null) ? args.length : 0;
			Object[] result = new Object[length + 1];
			result[0] = session;
			if (args != null) {
				System.arraycopy(args, 0, result, 1, length);
			}
			return result;
		}

	}

}
