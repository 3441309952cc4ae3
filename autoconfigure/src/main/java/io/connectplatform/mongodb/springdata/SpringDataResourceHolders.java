package io.connectplatform.mongodb.springdata;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

import com.mongodb.client.ClientSession;

import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.transaction.support.ResourceHolderSupport;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Creates Spring Data's {@code MongoResourceHolder}, the holder its {@code MongoTemplate}
 * looks up under its {@code MongoDatabaseFactory}. Spring Data keeps that class and its
 * constructor package-private (only its own {@code MongoTransactionManager} creates one), so
 * the constructor is found reflectively, once, and its absence is reported at start-up.
 *
 * @author Connect MongoDB team
 */
final class SpringDataResourceHolders {

	/**
	 * The class of Spring Data's holder.
	 */
	static final String HOLDER_CLASS = "org.springframework.data.mongodb.MongoResourceHolder";

	private final Constructor<?> constructor;

	private SpringDataResourceHolders(Constructor<?> constructor) {
		this.constructor = constructor;
	}

	/**
	 * Find the constructor of Spring Data's holder.
	 * @param classLoader the class loader of Spring Data
	 * @return the factory of holders
	 * @throws IllegalStateException if this version of Spring Data has no such holder
	 */
	static SpringDataResourceHolders load(ClassLoader classLoader) {
		try {
			Class<?> holderClass = ClassUtils.forName(HOLDER_CLASS, classLoader);
			if (!ResourceHolderSupport.class.isAssignableFrom(holderClass)) {
				throw new IllegalStateException(HOLDER_CLASS + " is not a ResourceHolderSupport");
			}
			Constructor<?> constructor = holderClass.getDeclaredConstructor(ClientSession.class,
					MongoDatabaseFactory.class);
			ReflectionUtils.makeAccessible(constructor);
			return new SpringDataResourceHolders(constructor);
		}
		catch (ClassNotFoundException | NoSuchMethodException | RuntimeException ex) {
			throw new IllegalStateException("Spring Data MongoDB " + version()
					+ " has no constructor MongoResourceHolder(ClientSession, MongoDatabaseFactory), through which"
					+ " its MongoTemplate joins the transactions of Connect MongoDB (Spring Data MongoDB 4 and 5 have"
					+ " one). Use such a version of Spring Data MongoDB.", ex);
		}
	}

	private static String version() {
		String version = MongoDatabaseFactory.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "(version unknown)";
	}

	/**
	 * Create a holder of a session for a factory.
	 * @param session the session
	 * @param factory the factory
	 * @return the holder, not yet synchronized with the transaction
	 */
	ResourceHolderSupport create(ClientSession session, MongoDatabaseFactory factory) {
		try {
			return (ResourceHolderSupport) this.constructor.newInstance(session, factory);
		}
		catch (InvocationTargetException ex) {
			ReflectionUtils.rethrowRuntimeException(ex.getTargetException());
			throw new IllegalStateException(ex);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not create a " + HOLDER_CLASS, ex);
		}
	}

}
