package io.connectplatform.mongodb.autoconfigure.template;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link MongoAsyncExecutor}. Virtual threads exist from Java 21 on and the build
 * runs on Java 17 too, so the tests that depend on the JVM are enabled for one JRE range or
 * the other; run the module once on each to cover both.
 *
 * @author Connect MongoDB team
 */
class MongoAsyncExecutorTests {

	private final ConnectMongoTemplatesProperties.AsyncExecution properties = new ConnectMongoTemplatesProperties.AsyncExecution();

	private MongoAsyncExecutor executor;

	@AfterEach
	void destroy() {
		if (this.executor != null) {
			this.executor.destroy();
		}
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void runsOnVirtualThreadsByDefaultOnJava21AndLater() throws Exception {
		this.executor = MongoAsyncExecutor.create(this.properties);
		assertThat(this.executor.isVirtualThreads()).isTrue();
		assertThat(this.executor.delegate()).isInstanceOfSatisfying(SimpleAsyncTaskExecutor.class,
				(simple) -> assertThat(simple.getConcurrencyLimit()).isEqualTo(1000));
		Thread thread = threadOf(this.executor.getExecutor());
		assertThat(Thread.class.getMethod("isVirtual").invoke(thread)).isEqualTo(true);
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void runsOnAPoolOfPlatformThreadsByDefaultBeforeJava21() {
		this.executor = MongoAsyncExecutor.create(this.properties);
		assertThat(this.executor.isVirtualThreads()).isFalse();
		assertThat(this.executor.delegate()).isInstanceOfSatisfying(ThreadPoolTaskExecutor.class, (pool) -> {
			assertThat(pool.getCorePoolSize()).isEqualTo(16);
			assertThat(pool.getMaxPoolSize()).isEqualTo(16);
			assertThat(pool.getQueueCapacity()).isEqualTo(1000);
		});
	}

	@Test
	void runsOnAPoolOfPlatformThreadsWhenVirtualThreadsAreSwitchedOff() throws Exception {
		this.properties.setVirtualThreads(false);
		this.properties.setPoolSize(2);
		this.properties.setQueueCapacity(3);
		this.executor = MongoAsyncExecutor.create(this.properties);
		assertThat(this.executor.isVirtualThreads()).isFalse();
		assertThat(this.executor.delegate()).isInstanceOfSatisfying(ThreadPoolTaskExecutor.class, (pool) -> {
			assertThat(pool.getCorePoolSize()).isEqualTo(2);
			assertThat(pool.getMaxPoolSize()).isEqualTo(2);
			assertThat(pool.getQueueCapacity()).isEqualTo(3);
		});
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void refusesVirtualThreadsBeforeJava21() {
		this.properties.setVirtualThreads(true);
		assertThatExceptionOfType(InvalidMongoPropertyException.class)
			.isThrownBy(() -> MongoAsyncExecutor.create(this.properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("connect.mongodb.async.virtual-threads"))
			.withMessageContaining("Java 21")
			.withMessageContaining("Java " + Runtime.version().feature());
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void limitsTheConcurrencyOfVirtualThreads() {
		this.properties.setMaxConcurrency(5);
		this.executor = MongoAsyncExecutor.create(this.properties);
		assertThat(this.executor.delegate()).isInstanceOfSatisfying(SimpleAsyncTaskExecutor.class,
				(simple) -> assertThat(simple.getConcurrencyLimit()).isEqualTo(5));
	}

	@Test
	void namesPlatformThreadsWithThePrefix() throws Exception {
		this.properties.setVirtualThreads(false);
		this.properties.setThreadNamePrefix("orders-");
		this.executor = MongoAsyncExecutor.create(this.properties);
		assertThat(threadOf(this.executor.getExecutor()).getName()).startsWith("orders-");
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void namesVirtualThreadsWithThePrefix() throws Exception {
		this.properties.setThreadNamePrefix("orders-");
		this.executor = MongoAsyncExecutor.create(this.properties);
		assertThat(threadOf(this.executor.getExecutor()).getName()).startsWith("orders-");
	}

	@Test
	void usesTheDefaultPrefix() throws Exception {
		this.executor = MongoAsyncExecutor.create(this.properties);
		assertThat(threadOf(this.executor.getExecutor()).getName()).startsWith("connect-mongodb-async-");
	}

	@Test
	void rejectsWorkBeyondThePoolAndQueueAtOnce() throws Exception {
		this.properties.setVirtualThreads(false);
		this.properties.setPoolSize(1);
		this.properties.setQueueCapacity(0);
		this.executor = MongoAsyncExecutor.create(this.properties);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		this.executor.getExecutor().execute(() -> block(started, release));
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		assertThatExceptionOfType(TaskRejectedException.class)
			.isThrownBy(() -> this.executor.getExecutor().execute(() -> { }));
		release.countDown();
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void rejectsWorkBeyondTheMaxConcurrencyOfVirtualThreadsAtOnce() throws Exception {
		this.properties.setMaxConcurrency(1);
		this.executor = MongoAsyncExecutor.create(this.properties);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		this.executor.getExecutor().execute(() -> block(started, release));
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		assertThatExceptionOfType(TaskRejectedException.class)
			.isThrownBy(() -> this.executor.getExecutor().execute(() -> { }));
		release.countDown();
	}

	@Test
	void checksEveryLimitWhicheverThreadsAreUsed() {
		this.properties.setVirtualThreads(false);
		this.properties.setMaxConcurrency(0);
		assertThatExceptionOfType(InvalidMongoPropertyException.class)
			.isThrownBy(() -> MongoAsyncExecutor.create(this.properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("connect.mongodb.async.max-concurrency"));
	}

	@Test
	void destroyShutsThePoolDown() {
		this.properties.setVirtualThreads(false);
		MongoAsyncExecutor created = MongoAsyncExecutor.create(this.properties);
		created.destroy();
		ThreadPoolTaskExecutor pool = (ThreadPoolTaskExecutor) created.delegate();
		assertThat(pool.getThreadPoolExecutor().isShutdown()).isTrue();
		assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> pool.execute(() -> { }));
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void destroyClosesTheVirtualThreadExecutor() {
		MongoAsyncExecutor created = MongoAsyncExecutor.create(this.properties);
		created.destroy();
		SimpleAsyncTaskExecutor simple = (SimpleAsyncTaskExecutor) created.delegate();
		assertThat(simple.isActive()).isFalse();
		assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> simple.execute(() -> { }));
	}

	@Test
	void afterDestroyTheExecutorSaysItWasShutDownRatherThanFull() {
		MongoAsyncExecutor created = MongoAsyncExecutor.create(this.properties);
		created.destroy();
		assertThatIllegalStateException().isThrownBy(() -> created.getExecutor().execute(() -> { }))
			.withMessageContaining("shut down");
	}

	@Test
	void destroyLetsRunningPlatformThreadTasksFinish() throws Exception {
		this.properties.setVirtualThreads(false);
		assertDestroyLetsRunningTasksFinish(MongoAsyncExecutor.create(this.properties));
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void destroyLetsRunningVirtualThreadTasksFinish() throws Exception {
		assertDestroyLetsRunningTasksFinish(MongoAsyncExecutor.create(this.properties));
	}

	private void assertDestroyLetsRunningTasksFinish(MongoAsyncExecutor created) throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<String> task = CompletableFuture.supplyAsync(() -> {
			started.countDown();
			sleep(300);
			return "done";
		}, created.getExecutor());
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		created.destroy();
		assertThat(task).isCompletedWithValue("done");
	}

	private static Thread threadOf(Executor executor) throws Exception {
		return CompletableFuture.supplyAsync(Thread::currentThread, executor).get(10, TimeUnit.SECONDS);
	}

	private static void block(CountDownLatch started, CountDownLatch release) {
		started.countDown();
		try {
			release.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
