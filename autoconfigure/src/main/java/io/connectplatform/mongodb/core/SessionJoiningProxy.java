package io.connectplatform.mongodb.core;

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
import org.jspecify.annotations.Nullable;

/**
 * Makes raw driver calls join the transaction bound to the current thread: a
 * {@link MongoDatabase}, and every {@link MongoCollection} it returns, whose CRUD and
 * aggregation methods ({@code insertOne}, {@code find}, {@code updateMany},
 * {@code bulkWrite}, {@code countDocuments}, {@code aggregate}, …) call their
 * {@link ClientSession} overload with the session a {@link MongoSessionLookup} finds. With
 * no session bound, and for every other method, the call goes straight through.
 * <p>
 * Index, collection and database management, commands, {@code estimatedDocumentCount} and
 * change streams never join, as with the templates: MongoDB refuses most of them inside a
 * transaction. A call that already passes a session is left as it is.
 *
 * @author Connect MongoDB team
 */
public final class SessionJoiningProxy {

	private static final Set<String> JOINING = Set.of("insertOne", "insertMany", "find", "findOneAndUpdate",
			"findOneAndReplace", "findOneAndDelete", "updateOne", "updateMany", "replaceOne", "deleteOne", "deleteMany",
			"bulkWrite", "countDocuments", "distinct", "aggregate");

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
		return isProxy(database) ? database : proxy(MongoDatabase.class, database, sessions);
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
		return isProxy(collection) ? collection : proxy(MongoCollection.class, collection, sessions);
	}

	/**
	 * Return the database behind a joining database.
	 * @param database a database, joining or not
	 * @return the plain database
	 */
	public static MongoDatabase unwrap(MongoDatabase database) {
		return isProxy(database) ? (MongoDatabase) ((Handler) Proxy.getInvocationHandler(database)).target : database;
	}

	private static boolean isProxy(Object candidate) {
		return Proxy.isProxyClass(candidate.getClass()) && Proxy.getInvocationHandler(candidate) instanceof Handler;
	}

	@SuppressWarnings("unchecked")
	private static <P> P proxy(Class<P> type, Object target, MongoSessionLookup sessions) {
		return (P) Proxy.newProxyInstance(SessionJoiningProxy.class.getClassLoader(), new Class<?>[] { type },
				new Handler(target, sessions));
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

		Handler(Object target, MongoSessionLookup sessions) {
			this.target = target;
			this.sessions = sessions;
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
			if (JOINING.contains(method.getName()) && !startsWithSession(args)) {
				ClientSession session = this.sessions.currentSession();
				Method overload = (session != null) ? sessionOverload(method) : null;
				if (overload != null) {
					return call(overload, withSession(session, args));
				}
			}
			Object result = call(method, args);
			if (result instanceof MongoCollection<?> collection && method.getReturnType() == MongoCollection.class) {
				return proxy(MongoCollection.class, collection, this.sessions);
			}
			if (result instanceof MongoDatabase database && method.getReturnType() == MongoDatabase.class) {
				return proxy(MongoDatabase.class, database, this.sessions);
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
