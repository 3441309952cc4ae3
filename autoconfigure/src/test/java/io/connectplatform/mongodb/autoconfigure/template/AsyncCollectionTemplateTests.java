package io.connectplatform.mongodb.autoconfigure.template;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import io.connectplatform.mongodb.core.AsyncCollectionOperations;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.Mockito.mock;

/**
 * Tests for the async operations of a template ({@code CollectionTemplate.async()}) on the
 * executors that {@link MongoAsyncExecutor} creates, over TCP against the embedded server.
 *
 * @author Connect MongoDB team
 */
class AsyncCollectionTemplateTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final AtomicInteger databases = new AtomicInteger();

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private final ThreadLocal<ClientSession> boundSession = new ThreadLocal<>();

	private MongoClient client;

	private MongoAsyncExecutor asyncExecutor;

	private ThreadPoolTaskExecutor pool;

	@BeforeEach
	void connect() {
		this.client = MongoClients.create(mongo.getConnectionString());
	}

	@AfterEach
	void close() {
		if (this.asyncExecutor != null) {
			this.asyncExecutor.destroy();
		}
		if (this.pool != null) {
			this.pool.shutdown();
		}
		this.client.close();
	}

	@Test
	void insertThenFindByIdCompleteWithTheEntity() {
		CollectionTemplate<Parcel> parcels = parcels(defaultExecutor());
		CompletableFuture<Parcel> inserted = parcels.async().insert(new Parcel(null, "books"));
		assertThat(inserted).succeedsWithin(TIMEOUT).satisfies((parcel) -> {
			assertThat(parcel.id()).isNotNull();
			assertThat(parcel.label()).isEqualTo("books");
		});
		Parcel stored = inserted.join();
		assertThat(parcels.async().findById(stored.id())).succeedsWithin(TIMEOUT).isEqualTo(Optional.of(stored));
		assertThat(parcels.findById(stored.id())).contains(stored);
	}

	@Test
	void queriesAndWritesCompleteWithTheResultsOfTheSyncMethods() {
		CollectionTemplate<Parcel> parcels = parcels(defaultExecutor());
		AsyncCollectionOperations<Parcel> async = parcels.async();
		List<Parcel> stored = async.insertAll(List.of(new Parcel(null, "a"), new Parcel(null, "b"))).join();
		assertThat(async.count(Filters.empty())).succeedsWithin(TIMEOUT).isEqualTo(2L);
		assertThat(async.findBy("label", "b")).succeedsWithin(TIMEOUT).isEqualTo(List.of(stored.get(1)));
		assertThat(async.deleteById(stored.get(0).id())).succeedsWithin(TIMEOUT).isEqualTo(true);
		assertThat(parcels.findAll()).containsExactly(stored.get(1));
	}

	@Test
	void pageAndScrollCompleteWithSpringDataPagesAndWindows() {
		CollectionTemplate<Parcel> parcels = parcels(defaultExecutor());
		AsyncCollectionOperations<Parcel> async = parcels.async();
		async.insertAll(List.of(new Parcel(null, "a"), new Parcel(null, "b"), new Parcel(null, "c"))).join();
		assertThat(async.page(Filters.empty(), PageRequest.of(0, 2, Sort.by("label")))).succeedsWithin(TIMEOUT)
			.satisfies((page) -> {
				assertThat(page.getContent()).extracting(Parcel::label).containsExactly("a", "b");
				assertThat(page.getTotalElements()).isEqualTo(3);
			});
		Window<Parcel> first = async.scroll(Filters.empty(), Sort.by("label"), 2, ScrollPosition.keyset()).join();
		assertThat(first.hasNext()).isTrue();
		assertThat(async.scroll(Filters.empty(), Sort.by("label"), 2, first.positionAt(1)))
			.succeedsWithin(TIMEOUT)
			.satisfies((window) -> assertThat(window.getContent()).extracting(Parcel::label).containsExactly("c"));
		assertThat(async.page(Filters.empty(), PageRequest.of(0, 2, Sort.by("$where")))).failsWithin(TIMEOUT)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(IllegalArgumentException.class)
			.withMessageContaining("'sort' property '$where'");
	}

	@Test
	void anInvalidArgumentFailsTheFutureWithTheExceptionOfTheSyncMethod() {
		CollectionTemplate<Parcel> parcels = parcels(defaultExecutor());
		Throwable sync = catchThrowable(() -> parcels.findById(null));
		assertThat(sync).isInstanceOf(IllegalArgumentException.class);
		CompletableFuture<?> future = parcels.async().findById(null);
		assertThat(future).failsWithin(TIMEOUT)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isExactlyInstanceOf(sync.getClass())
			.withMessage(sync.getMessage());
	}

	@Test
	void aServerErrorFailsTheFutureWithTheExceptionOfTheSyncMethod() {
		CollectionTemplate<Parcel> parcels = parcels(defaultExecutor());
		Parcel parcel = parcels.insert(new Parcel(new ObjectId(), "once"));
		Throwable sync = catchThrowable(() -> parcels.insert(parcel));
		assertThat(sync).isNotNull();
		CompletableFuture<Parcel> future = parcels.async().insert(parcel);
		assertThat(future).failsWithin(TIMEOUT)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isExactlyInstanceOf(sync.getClass());
		assertThat(parcels.count()).isOne();
	}

	@Test
	void rejectsAtOnceWhenEveryPlatformThreadIsBusyAndTheQueueIsFull() throws Exception {
		this.pool = new ThreadPoolTaskExecutor();
		this.pool.setCorePoolSize(1);
		this.pool.setMaxPoolSize(1);
		this.pool.setQueueCapacity(1);
		this.pool.initialize();
		CollectionTemplate<Parcel> parcels = parcels(this.pool);
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.pool.execute(() -> block(started, release));
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Parcel> queued = parcels.async().insert(new Parcel(null, "queued"));
		assertThatExceptionOfType(TaskRejectedException.class)
			.isThrownBy(() -> parcels.async().insert(new Parcel(null, "rejected")))
			.withMessageContaining("connect.mongodb.async")
			.withMessageContaining("'parcel'")
			.withMessageContaining("insert")
			.withCauseInstanceOf(RejectedExecutionException.class);
		release.countDown();
		assertThat(queued).succeedsWithin(TIMEOUT);
		assertThat(parcels.findAll()).extracting(Parcel::label).containsExactly("queued");
	}

	// Virtual threads exist from Java 21 on; the build also runs on Java 17.
	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void rejectsAtOnceWhenTheMaxConcurrencyOfVirtualThreadsIsReached() throws Exception {
		ConnectMongoTemplatesProperties.AsyncExecution properties = new ConnectMongoTemplatesProperties.AsyncExecution();
		properties.setMaxConcurrency(1);
		this.asyncExecutor = MongoAsyncExecutor.create(properties);
		assertThat(this.asyncExecutor.isVirtualThreads()).isTrue();
		CollectionTemplate<Parcel> parcels = parcels(this.asyncExecutor.getExecutor());
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.asyncExecutor.getExecutor().execute(() -> block(started, release));
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		assertThatExceptionOfType(TaskRejectedException.class)
			.isThrownBy(() -> parcels.async().insert(new Parcel(null, "rejected")))
			.withMessageContaining("connect.mongodb.async")
			.withMessageContaining("'parcel'");
		release.countDown();
		assertThat(parcels.count()).isZero();
	}

	@Test
	void failsAtOnceWithoutAnExecutor() {
		CollectionTemplate<Parcel> parcels = MongoTemplates.builder(this.client, nextDatabase())
			.build()
			.of(Parcel.class);
		assertThatIllegalStateException().isThrownBy(() -> parcels.async().insert(new Parcel(null, "nowhere")))
			.withMessageContaining("asyncExecutor");
		assertThat(parcels.count()).isZero();
	}

	@Test
	void refusesToRunWhileATransactionIsBoundToTheCallingThread() {
		AtomicInteger submitted = new AtomicInteger();
		Executor executor = defaultExecutor();
		CollectionTemplate<Parcel> parcels = parcels((task) -> {
			submitted.incrementAndGet();
			executor.execute(task);
		});
		// The embedded server cannot start sessions, so a mock stands in for the session of
		// a transaction; the async call must refuse before anything uses it.
		this.boundSession.set(mock(ClientSession.class));
		try {
			assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
				.isThrownBy(() -> parcels.async().insert(new Parcel(null, "in a transaction")))
				.withMessageContaining("insert")
				.withMessageContaining("'parcel'")
				.withMessageContaining("transaction");
		}
		finally {
			this.boundSession.remove();
		}
		assertThat(submitted).hasValue(0);
		assertThat(parcels.async().insert(new Parcel(null, "after"))).succeedsWithin(TIMEOUT);
		assertThat(submitted).hasValue(1);
	}

	private Executor defaultExecutor() {
		this.asyncExecutor = MongoAsyncExecutor.create(new ConnectMongoTemplatesProperties.AsyncExecution());
		return this.asyncExecutor.getExecutor();
	}

	private CollectionTemplate<Parcel> parcels(Executor executor) {
		MongoSessionLookup sessions = this.boundSession::get;
		return MongoTemplates.builder(this.client, nextDatabase())
			.asyncExecutor(executor)
			.sessionLookup(sessions)
			.build()
			.of(Parcel.class);
	}

	private static String nextDatabase() {
		return "async" + databases.incrementAndGet();
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

	/**
	 * An entity; public, as the driver's record codec requires.
	 *
	 * @param id the id
	 * @param label the label
	 */
	public record Parcel(@BsonId ObjectId id, String label) {

	}

}
