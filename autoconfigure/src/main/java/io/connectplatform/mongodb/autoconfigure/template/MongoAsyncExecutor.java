package io.connectplatform.mongodb.autoconfigure.template;

import java.util.concurrent.Executor;

import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The executor of async template operations: virtual threads when the JVM has them (Java 21+),
 * else a bounded pool of platform threads. Either rejects work beyond its limit at once
 * instead of blocking. Deliberately not an {@link Executor} bean, so it never stands in for
 * the application's task executor.
 *
 * @author Connect MongoDB team
 */
public final class MongoAsyncExecutor implements DisposableBean {

	private static final String PREFIX = ConnectMongoTemplatesProperties.PREFIX + ".async.";

	/**
	 * How long {@link #destroy()} lets running operations finish, before the client closes.
	 */
	private static final int AWAIT_TERMINATION_SECONDS = 10;

	private final Executor executor;

	private final boolean virtualThreads;

	private final Executor guarded = this::execute;

	private volatile boolean closed;

	private MongoAsyncExecutor(Executor executor, boolean virtualThreads) {
		this.executor = executor;
		this.virtualThreads = virtualThreads;
	}

	static MongoAsyncExecutor create(ConnectMongoTemplatesProperties.AsyncExecution properties) {
		boolean available = Runtime.version().feature() >= 21;
		Boolean requested = properties.getVirtualThreads();
		if (Boolean.TRUE.equals(requested) && !available) {
			throw new InvalidMongoPropertyException(PREFIX + "virtual-threads", "true",
					"virtual threads need Java 21 or later, and this JVM is Java " + Runtime.version().feature(),
					"Run on Java 21 or later, or remove the property to use a pool of platform threads.");
		}
		atLeast("max-concurrency", properties.getMaxConcurrency(), 1);
		atLeast("pool-size", properties.getPoolSize(), 1);
		atLeast("queue-capacity", properties.getQueueCapacity(), 0);
		if ((requested != null) ? requested : available) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(properties.getThreadNamePrefix());
			executor.setVirtualThreads(true);
			executor.setConcurrencyLimit(properties.getMaxConcurrency());
			executor.setRejectTasksWhenLimitReached(true);
			executor.setTaskTerminationTimeout(AWAIT_TERMINATION_SECONDS * 1000L);
			return new MongoAsyncExecutor(executor, true);
		}
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(properties.getPoolSize());
		executor.setMaxPoolSize(properties.getPoolSize());
		executor.setQueueCapacity(properties.getQueueCapacity());
		executor.setThreadNamePrefix(properties.getThreadNamePrefix());
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationSeconds(AWAIT_TERMINATION_SECONDS);
		executor.initialize();
		return new MongoAsyncExecutor(executor, false);
	}

	private static void atLeast(String property, int value, int minimum) {
		if (value < minimum) {
			throw new InvalidMongoPropertyException(PREFIX + property, value,
					"it must be " + minimum + " or more", "Set " + PREFIX + property + " to " + minimum + " or more.");
		}
	}

	/**
	 * Return the executor.
	 * @return the executor
	 */
	public Executor getExecutor() {
		return this.guarded;
	}

	Executor delegate() {
		return this.executor;
	}

	private void execute(Runnable task) {
		if (this.closed) {
			throw new IllegalStateException(
					"The MongoDB async executor has been shut down: the application is stopping");
		}
		this.executor.execute(task);
	}

	/**
	 * Return whether async operations run on virtual threads.
	 * @return whether on virtual threads
	 */
	public boolean isVirtualThreads() {
		return this.virtualThreads;
	}

	@Override
	public void destroy() {
		this.closed = true;
		if (this.executor instanceof ThreadPoolTaskExecutor pool) {
			pool.shutdown();
		}
		else if (this.executor instanceof SimpleAsyncTaskExecutor simple) {
			simple.close();
		}
	}

}
