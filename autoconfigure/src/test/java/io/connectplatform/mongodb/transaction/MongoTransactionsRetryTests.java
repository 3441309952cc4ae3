package io.connectplatform.mongodb.transaction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.TransactionOptions;
import com.mongodb.WriteConcern;
import com.mongodb.client.ClientSession;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.metrics.TransactionMetrics;
import io.connectplatform.mongodb.transaction.MongoTransactionObserver.Outcome;
import io.connectplatform.mongodb.transaction.MongoTransactionObserver.RetryReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.codecs.pojo.annotations.BsonId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import static io.connectplatform.mongodb.transaction.ScriptedMongo.serverError;
import static io.connectplatform.mongodb.transaction.ScriptedMongo.unknownCommitResult;
import static io.connectplatform.mongodb.transaction.ScriptedMongo.writeConflict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for the retry loop of {@link MongoTransactions} and the commit retries, options,
 * propagation and read-only flag of the {@link MongoClientTransactionManager}, against failures
 * scripted below our code.
 * <p>
 * The client, its sessions and the collections are a {@link ScriptedMongo} double rather
 * than a server: a replica set, embedded or real, cannot make a given commit or write fail
 * at an exact point with a given label and code as many times as a test needs (its
 * {@code failCommand} fail point is covered by {@code MongoTransactionsScenarios}, against
 * the embedded replica set in every build and against MongoDB where Docker runs). The
 * double throws the driver's own exception types carrying the driver's real labels, and
 * keeps the driver's session states, so the code under test sees what the driver would
 * give it. A {@link FakeRetryClock} records every back-off instead of sleeping.
 */
class MongoTransactionsRetryTests {

	private final ScriptedMongo mongo = new ScriptedMongo();

	private final FakeRetryClock clock = new FakeRetryClock();

	private final RecordingObserver observer = new RecordingObserver();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final TransactionalSessionLookup lookup = new TransactionalSessionLookup(this.mongo.client());

	private MongoClientTransactionManager manager;

	private MongoTransactions transactions;

	private CollectionTemplate<Item> items;

	@BeforeEach
	void setUp() {
		use(policy(5));
		this.items = MongoTemplates.builder(this.mongo.client(), this.mongo.database())
			.sessionLookup(this.lookup)
			.build()
			.of(Item.class);
	}

	@AfterEach
	void everySessionIsClosedAndNothingStaysBoundToTheThread() {
		boolean interrupted = Thread.interrupted();
		assertThat(this.mongo.sessions()).allSatisfy((session) -> assertThat(session.isClosed()).as("%s closed", session)
			.isTrue());
		assertThat(TransactionSynchronizationManager.getResourceMap()).isEmpty();
		assertThat(TransactionSynchronizationManager.isSynchronizationActive()).isFalse();
		assertThat(interrupted).as("the test left the interrupt flag set").isFalse();
	}

	/**
	 * A policy with up to the given attempts within 2 minutes, waiting 10 ms, 20 ms, 40 ms,
	 * … up to 1 s, without jitter.
	 */
	private static TransactionRetryPolicy policy(int maxAttempts) {
		return new TransactionRetryPolicy(maxAttempts, Duration.ofMinutes(2), TransactionRetryPolicy
			.exponentialBackOff(Duration.ofMillis(10), 2.0, Duration.ofSeconds(1), Duration.ZERO));
	}

	private void use(TransactionRetryPolicy policy) {
		use(MongoClientTransactionManager.builder(this.mongo.client()).retryPolicy(policy));
	}

	private void use(MongoClientTransactionManager.Builder builder) {
		this.manager = builder
			.observer(MongoTransactionObserver.of(List.of(this.observer, new TransactionMetrics(this.registry))))
			.clock(this.clock)
			.build();
		this.transactions = new MongoTransactions(this.manager);
	}

	/**
	 * Check what the observer was told, and that the metrics counted the same.
	 */
	private void assertObserved(List<Outcome> outcomes, List<RetryReason> retries) {
		assertThat(this.observer.outcomes).as("outcomes").containsExactlyElementsOf(outcomes);
		assertThat(this.observer.retries).as("retries").containsExactlyElementsOf(retries);
		for (Outcome outcome : Outcome.values()) {
			assertThat(this.registry.get(TransactionMetrics.TIMER_NAME).tag("outcome", outcome.tagValue()).timer().count())
				.as("timer of %s", outcome)
				.isEqualTo(Collections.frequency(outcomes, outcome));
		}
		for (RetryReason reason : RetryReason.values()) {
			assertThat(this.registry.get(TransactionMetrics.RETRIES_NAME).tag("reason", reason.tagValue()).counter().count())
				.as("retries for %s", reason)
				.isEqualTo(Collections.frequency(retries, reason));
		}
	}

	private static Supplier<RuntimeException> conflict(String message) {
		return () -> writeConflict(message);
	}

	private static Supplier<RuntimeException> unknown(String message) {
		return () -> unknownCommitResult(message);
	}

	private static List<Throwable> causesAndSuppressed(Throwable ex) {
		List<Throwable> all = new ArrayList<>();
		for (Throwable current = ex; current != null && !all.contains(current); current = current.getCause()) {
			all.add(current);
			Collections.addAll(all, current.getSuppressed());
		}
		return all;
	}

	@Nested
	class BodyRetries {

		@Test
		void aBodyFailingWithTheTransientLabelRunsAgainInANewTransaction() {
			List<Integer> attempts = new ArrayList<>();
			List<ClientSession> sessions = new ArrayList<>();
			String result = MongoTransactionsRetryTests.this.transactions.execute((tx) -> {
				attempts.add(tx.attempt());
				sessions.add(tx.session());
				assertThat(tx.isNewTransaction()).isTrue();
				if (tx.attempt() < 3) {
					throw writeConflict("conflict #" + tx.attempt());
				}
				return "done";
			});
			assertThat(result).isEqualTo("done");
			assertThat(attempts).containsExactly(1, 2, 3);
			assertThat(sessions).containsExactly(MongoTransactionsRetryTests.this.mongo.session(1).driverSession(),
					MongoTransactionsRetryTests.this.mongo.session(2).driverSession(),
					MongoTransactionsRetryTests.this.mongo.session(3).driverSession());
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "1:abort", "1:close",
					"2:start", "2:abort", "2:close", "3:start", "3:commit", "3:close");
			assertThat(MongoTransactionsRetryTests.this.clock.sleeps()).containsExactly(10L, 20L);
			assertObserved(List.of(Outcome.ABORTED, Outcome.ABORTED, Outcome.COMMITTED),
					List.of(RetryReason.TRANSIENT, RetryReason.TRANSIENT));
		}

		@Test
		void aTemplateWriteConflictArrivesAsTheCauseOfATranslatedExceptionAndIsRetried() {
			MongoTransactionsRetryTests.this.mongo.failWrites(conflict("conflict #1"), conflict("conflict #2"));
			List<Throwable> seenByBody = new ArrayList<>();
			Item inserted = MongoTransactionsRetryTests.this.transactions.execute((tx) -> {
				try {
					return MongoTransactionsRetryTests.this.items.insert(new Item("sku-1", 3));
				}
				catch (DataAccessException ex) {
					seenByBody.add(ex);
					throw ex;
				}
			});
			assertThat(inserted).isEqualTo(new Item("sku-1", 3));
			assertThat(seenByBody).hasSize(2)
				.allSatisfy((ex) -> assertThat(ex).isInstanceOf(ConcurrencyFailureException.class)
					.cause()
					.isInstanceOf(MongoException.class));
			assertThat(MongoTransactionsRetryTests.this.mongo.writes()).hasSize(3);
			for (int attempt = 1; attempt <= 3; attempt++) {
				assertThat(MongoTransactionsRetryTests.this.mongo.writes().get(attempt - 1).session())
					.as("the template joined the transaction of attempt %d", attempt)
					.isSameAs(MongoTransactionsRetryTests.this.mongo.session(attempt).driverSession());
			}
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "1:abort", "1:close",
					"2:start", "2:abort", "2:close", "3:start", "3:commit", "3:close");
			assertObserved(List.of(Outcome.ABORTED, Outcome.ABORTED, Outcome.COMMITTED),
					List.of(RetryReason.TRANSIENT, RetryReason.TRANSIENT));
		}

		static Stream<Arguments> transientErrors() {
			return Stream.of(Arguments.of("a write conflict", (Supplier<RuntimeException>) () -> writeConflict("conflict")),
					Arguments.of("a network error inside the transaction", (Supplier<RuntimeException>) () -> {
						MongoSocketReadException ex = new MongoSocketReadException("Prematurely reached end of stream",
								ScriptedMongo.ADDRESS);
						ex.addLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);
						return ex;
					}), Arguments.of("a primary step-down",
							(Supplier<RuntimeException>) () -> serverError(10107, "NotWritablePrimary", "not primary",
									MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)),
					Arguments.of("a translated error with the labelled one as its cause",
							(Supplier<RuntimeException>) () -> new TransientDataAccessResourceException("wrapped",
									serverError(251, "NoSuchTransaction", "no such transaction",
											MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL))));
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("transientErrors")
		void everyErrorCarryingTheTransientLabelIsRetried(String description, Supplier<RuntimeException> error) {
			AtomicInteger runs = new AtomicInteger();
			int result = MongoTransactionsRetryTests.this.transactions.execute((tx) -> {
				if (runs.incrementAndGet() == 1) {
					throw error.get();
				}
				return tx.attempt();
			});
			assertThat(result).isEqualTo(2);
			assertThat(runs).hasValue(2);
			assertObserved(List.of(Outcome.ABORTED, Outcome.COMMITTED), List.of(RetryReason.TRANSIENT));
		}

		@Test
		void aCommitFailingWithTheTransientLabelRunsTheWholeBodyAgain() {
			MongoTransactionsRetryTests.this.mongo.failCommits(() -> serverError(251, "NoSuchTransaction",
					"transaction aborted by the server", MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL));
			AtomicInteger runs = new AtomicInteger();
			int result = MongoTransactionsRetryTests.this.transactions.execute((tx) -> {
				runs.incrementAndGet();
				return tx.attempt();
			});
			assertThat(result).isEqualTo(2);
			assertThat(runs).hasValue(2);
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "1:commit", "1:close",
					"2:start", "2:commit", "2:close");
			assertThat(MongoTransactionsRetryTests.this.clock.sleeps()).containsExactly(10L);
			assertObserved(List.of(Outcome.FAILED, Outcome.COMMITTED), List.of(RetryReason.TRANSIENT));
		}

	}

	@Nested
	class CommitRetries {

		@Test
		void aCommitWithAnUnknownResultIsSentAgainAloneInTheSameSession() {
			MongoTransactionsRetryTests.this.mongo.failCommits(unknown("connection closed #1"),
					unknown("connection closed #2"));
			AtomicInteger runs = new AtomicInteger();
			String result = MongoTransactionsRetryTests.this.transactions.execute((tx) -> {
				runs.incrementAndGet();
				return "committed";
			});
			assertThat(result).isEqualTo("committed");
			assertThat(runs).as("the body runs once").hasValue(1);
			assertThat(MongoTransactionsRetryTests.this.mongo.sessions()).hasSize(1);
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "1:commit", "1:commit",
					"1:commit", "1:close");
			assertThat(MongoTransactionsRetryTests.this.mongo.session(1).commitRetries())
				.as("the driver sends the second and third commits as retries, with w: majority")
				.containsExactly(false, true, true);
			assertThat(MongoTransactionsRetryTests.this.clock.sleeps()).containsExactly(10L, 20L);
			assertObserved(List.of(Outcome.COMMITTED),
					List.of(RetryReason.UNKNOWN_COMMIT_RESULT, RetryReason.UNKNOWN_COMMIT_RESULT));
		}

		@Test
		void theManagerAloneRetriesACommitWithAnUnknownResultUnderATransactionTemplate() {
			MongoTransactionsRetryTests.this.mongo.failCommits(unknown("connection closed"));
			AtomicInteger runs = new AtomicInteger();
			new TransactionTemplate(MongoTransactionsRetryTests.this.manager).executeWithoutResult((status) -> {
				runs.incrementAndGet();
				MongoTransactionsRetryTests.this.items.insert(new Item("a", 1));
			});
			assertThat(runs).hasValue(1);
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "1:commit", "1:commit",
					"1:close");
			assertObserved(List.of(Outcome.COMMITTED), List.of(RetryReason.UNKNOWN_COMMIT_RESULT));
		}

		@Test
		void aCommitWhoseResultStaysUnknownThrowsATransactionSystemExceptionSayingSo() {
			use(policy(3));
			MongoTransactionsRetryTests.this.mongo.failCommits(unknown("closed #1"), unknown("closed #2"),
					unknown("closed #3"), unknown("closed #4"));
			AtomicInteger runs = new AtomicInteger();
			assertThatExceptionOfType(TransactionSystemException.class)
				.isThrownBy(() -> MongoTransactionsRetryTests.this.transactions.execute((tx) -> runs.incrementAndGet()))
				.withMessageContaining("commit result unknown")
				.withMessageContaining("gave up after 3 attempts")
				.withMessageContaining("may or may not have been committed")
				.havingCause()
				.isInstanceOf(DataAccessException.class)
				.withMessageContaining("closed #3");
			assertThat(runs).as("the body is not run again when the commit result is unknown").hasValue(1);
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "1:commit", "1:commit",
					"1:commit", "1:close");
			assertObserved(List.of(Outcome.FAILED),
					List.of(RetryReason.UNKNOWN_COMMIT_RESULT, RetryReason.UNKNOWN_COMMIT_RESULT));
		}

		@Test
		void commitRetriesStopAtTheDeadlineOfTheWholeExecute() {
			use(new TransactionRetryPolicy(100, Duration.ofMillis(25), new FixedBackOff(10)));
			MongoTransactionsRetryTests.this.mongo.failCommits(unknown("#1"), unknown("#2"), unknown("#3"),
					unknown("#4"));
			assertThatExceptionOfType(TransactionSystemException.class)
				.isThrownBy(() -> MongoTransactionsRetryTests.this.transactions.execute((tx) -> "x"))
				.withMessageContaining("gave up after 3 attempts in 20 ms");
			assertThat(MongoTransactionsRetryTests.this.clock.sleeps()).containsExactly(10L, 10L);
		}

		static Stream<Arguments> serverTimeLimits() {
			BsonDocument reply = new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(50))
				.append("codeName", new BsonString("MaxTimeMSExpired"))
				.append("errorLabels",
						new BsonArray(List.of(new BsonString(MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL))));
			return Stream.of(
					Arguments.of("MaxTimeMSExpired as a command error",
							(Supplier<RuntimeException>) () -> serverError(50, "MaxTimeMSExpired", "operation exceeded time limit",
									MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL)),
					Arguments.of("MongoExecutionTimeoutException",
							(Supplier<RuntimeException>) () -> new MongoExecutionTimeoutException(50,
									"operation exceeded time limit", reply)),
					Arguments.of("MongoOperationTimeoutException (timeoutMS)", (Supplier<RuntimeException>) () -> {
						MongoOperationTimeoutException ex = new MongoOperationTimeoutException("timeoutMS expired");
						ex.addLabel(MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL);
						return ex;
					}));
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("serverTimeLimits")
		void aCommitThatRanOutOfItsTimeLimitIsNotRetriedDespiteTheUnknownResultLabel(String description,
				Supplier<RuntimeException> error) {
			assertThat(((MongoException) error.get()).hasErrorLabel(MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL))
				.isTrue();
			MongoTransactionsRetryTests.this.mongo.failCommits(error);
			assertThatExceptionOfType(QueryTimeoutException.class)
				.isThrownBy(() -> MongoTransactionsRetryTests.this.transactions.execute((tx) -> "x"));
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "1:commit", "1:close");
			assertThat(MongoTransactionsRetryTests.this.clock.sleeps()).isEmpty();
			assertObserved(List.of(Outcome.FAILED), List.of());
		}

		@Test
		void anUnlabelledCommitFailureIsThrownTranslatedWithoutRetry() {
			MongoTransactionsRetryTests.this.mongo.failCommits(() -> serverError(11000, "DuplicateKey", "E11000 duplicate key"));
			assertThatExceptionOfType(DuplicateKeyException.class)
				.isThrownBy(() -> MongoTransactionsRetryTests.this.transactions.execute((tx) -> "x"))
				.withMessageNotContaining("gave up");
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "1:commit", "1:close");
			assertObserved(List.of(Outcome.FAILED), List.of());
		}

		@Test
		void anInterruptDuringTheCommitBackOffStopsRetryingAndKeepsTheInterruptFlag() {
			MongoTransactionsRetryTests.this.mongo.failCommits(unknown("closed"), unknown("closed"));
			MongoTransactionsRetryTests.this.clock.interruptSleeps();
			assertThatExceptionOfType(TransactionSystemException.class)
				.isThrownBy(() -> MongoTransactionsRetryTests.this.transactions.execute((tx) -> "x"))
				.withMessageContaining("commit result unknown, gave up after 1 attempt ");
			assertThat(Thread.interrupted()).as("interrupt flag restored").isTrue();
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "1:commit", "1:close");
			assertObserved(List.of(Outcome.FAILED), List.of());
		}

	}

	@Nested
	class BackOffAndBudget {

		@Test
		void theBackOffGrowsByItsMultiplierUpToItsMaximum() {
			use(new TransactionRetryPolicy(9, Duration.ofMinutes(2),
					TransactionRetryPolicy.exponentialBackOff(Duration.ofMillis(10), 2.0, Duration.ofMillis(200),
							Duration.ZERO)));
			assertThatExceptionOfType(ConcurrencyFailureException.class).isThrownBy(
					() -> MongoTransactionsRetryTests.this.transactions.execute((tx) -> {
						throw writeConflict("conflict #" + tx.attempt());
					}));
			assertThat(MongoTransactionsRetryTests.this.clock.sleeps()).containsExactly(10L, 20L, 40L, 80L, 160L, 200L,
					200L, 200L);
		}

		@Test
		void theBackOffWithJitterGrowsAndStaysWithinItsBounds() {
			long initial = 10;
			double multiplier = 2.0;
			long max = 200;
			long jitter = 2;
			ExponentialBackOff backOff = TransactionRetryPolicy.exponentialBackOff(Duration.ofMillis(initial), multiplier,
					Duration.ofMillis(max), Duration.ofMillis(jitter));
			assertThat(backOff.getInitialInterval()).isEqualTo(initial);
			assertThat(backOff.getMultiplier()).isEqualTo(multiplier);
			assertThat(backOff.getMaxInterval()).isEqualTo(max);
			assertThat(backOff.getJitter()).isEqualTo(jitter);
			int waits = 8;
			use(new TransactionRetryPolicy(waits + 1, Duration.ofMinutes(2), backOff));
			Set<Long> fifthWaits = new HashSet<>();
			for (int run = 0; run < 30; run++) {
				List<Long> before = MongoTransactionsRetryTests.this.clock.sleeps();
				assertThatExceptionOfType(ConcurrencyFailureException.class).isThrownBy(
						() -> MongoTransactionsRetryTests.this.transactions.execute((tx) -> {
							throw writeConflict("conflict");
						}));
				List<Long> sleeps = MongoTransactionsRetryTests.this.clock.sleeps().subList(before.size(),
						before.size() + waits);
				long nominal = initial;
				long previousUpper = 0;
				for (int index = 0; index < waits; index++) {
					long spread = jitter * (nominal / initial);
					long lower = Math.max(nominal - spread, initial);
					long upper = Math.min(nominal + spread, max);
					assertThat(sleeps.get(index)).as("wait %d of %s", index + 1, sleeps).isBetween(lower, upper);
					if (index > 0 && nominal < max) {
						assertThat(lower).as("wait %d is longer than wait %d whatever the jitter", index + 1, index)
							.isGreaterThan(previousUpper);
					}
					previousUpper = upper;
					nominal = Math.min((long) (nominal * multiplier), max);
				}
				fifthWaits.add(sleeps.get(4));
			}
			assertThat(fifthWaits).as("the jitter randomises the waits").hasSizeGreaterThan(1);
		}

		@Test
		void theDefaultPolicyFollowsTheSpecificationsTimeLimitWithAShortGrowingBackOff() {
			TransactionRetryPolicy policy = TransactionRetryPolicy.DEFAULT;
			assertThat(policy.maxAttempts()).isEqualTo(10);
			assertThat(policy.maxRetryTime()).isEqualTo(Duration.ofSeconds(120));
			assertThat(policy.backOff()).isInstanceOfSatisfying(ExponentialBackOff.class, (backOff) -> {
				assertThat(backOff.getInitialInterval()).isEqualTo(10);
				assertThat(backOff.getMultiplier()).isEqualTo(2.0);
				assertThat(backOff.getMaxInterval()).isEqualTo(1000);
				assertThat(backOff.getJitter()).isEqualTo(5);
			});
		}

		@Test
		void whenTheAttemptsRunOutTheLastErrorIsThrownTranslatedWithTheAttemptCount() {
			use(policy(3));
			AtomicInteger runs = new AtomicInteger();
			assertThatExceptionOfType(ConcurrencyFailureException.class)
				.isThrownBy(() -> MongoTransactionsRetryTests.this.transactions.execute((tx) -> {
					runs.incrementAndGet();
					throw writeConflict("conflict #" + tx.attempt());
				}))
				.withMessageStartingWith("Write conflict, gave up after 3 attempts in 30 ms (max-attempts 3, max-retry-time PT2M)")
				.withMessageContaining("conflict #3")
				.havingCause()
				.isInstanceOf(MongoException.class)
				.withMessageContaining("conflict #3");
			assertThat(runs).hasValue(3);
			assertThat(MongoTransactionsRetryTests.this.clock.sleeps()).containsExactly(10L, 20L);
			assertObserved(List.of(Outcome.ABORTED, Outcome.ABORTED, Outcome.ABORTED),
					List.of(RetryReason.TRANSIENT, RetryReason.TRANSIENT));
		}

		@Test
		void whenTheAttemptsRunOutAWrappedErrorIsReportedThroughItsLabelledCause() {
			use(policy(2));
			MongoTransactionsRetryTests.this.mongo.failWrites(conflict("conflict #1"), conflict("conflict #2"));
			Throwable thrown = catchThrowable(() -> MongoTransactionsRetryTests.this.transactions
				.execute((tx) -> MongoTransactionsRetryTests.this.items.insert(new Item("a", 1))));
			assertThat(thrown).isInstanceOf(ConcurrencyFailureException.class)
				.hasMessageContaining("gave up after 2 attempts")
				.hasMessageContaining("conflict #2");
			assertThat(thrown.getSuppressed()).as("the template's own translation is kept")
				.singleElement()
				.isInstanceOf(ConcurrencyFailureException.class);
		}

		@Test
		void whenTheRetryTimeRunsOutTheLastErrorIsThrownTranslatedWithTheAttemptCount() {
			use(new TransactionRetryPolicy(100, Duration.ofMillis(100), new FixedBackOff(30)));
			AtomicInteger runs = new AtomicInteger();
			assertThatExceptionOfType(ConcurrencyFailureException.class)
				.isThrownBy(() -> MongoTransactionsRetryTests.this.transactions.execute((tx) -> {
					runs.incrementAndGet();
					MongoTransactionsRetryTests.this.clock.advance(Duration.ofMillis(5));
					throw writeConflict("conflict #" + tx.attempt());
				}))
				.withMessageContaining("gave up after 3 attempts in 75 ms (max-attempts 100, max-retry-time PT0.1S)")
				.withMessageContaining("conflict #3");
			assertThat(runs).as("a fourth attempt would start after the 100 ms").hasValue(3);
			assertThat(MongoTransactionsRetryTests.this.clock.sleeps()).containsExactly(30L, 30L);
			assertObserved(List.of(Outcome.ABORTED, Outcome.ABORTED, Outcome.ABORTED),
					List.of(RetryReason.TRANSIENT, RetryReason.TRANSIENT));
		}

		@Test
		void aSingleAttemptPolicyNeverRetries() {
			use(policy(1));
			assertThatExceptionOfType(ConcurrencyFailureException.class)
				.isThrownBy(() -> MongoTransactionsRetryTests.this.transactions.execute((tx) -> {
					throw writeConflict("conflict");
				}))
				.withMessageContaining("gave up after 1 attempt in 0 ms");
			assertThat(MongoTransactionsRetryTests.this.mongo.sessions()).hasSize(1);
			assertObserved(List.of(Outcome.ABORTED), List.of());
		}

		@Test
		void anInterruptDuringTheBackOffStopsRetryingAndKeepsTheInterruptFlag() {
			MongoTransactionsRetryTests.this.clock.interruptSleeps();
			AtomicInteger runs = new AtomicInteger();
			Throwable thrown = catchThrowable(() -> MongoTransactionsRetryTests.this.transactions.execute((tx) -> {
				runs.incrementAndGet();
				throw writeConflict("conflict");
			}));
			assertThat(Thread.interrupted()).as("interrupt flag restored").isTrue();
			assertThat(thrown).isInstanceOf(ConcurrencyFailureException.class)
				.hasMessageContaining("gave up after 1 attempt ");
			assertThat(causesAndSuppressed(thrown)).anySatisfy(
					(ex) -> assertThat(ex).isInstanceOf(InterruptedException.class));
			assertThat(runs).hasValue(1);
			assertThat(MongoTransactionsRetryTests.this.mongo.sessions()).hasSize(1);
			assertObserved(List.of(Outcome.ABORTED), List.of());
		}

		@Test
		void theTimerRecordsTheDurationOfEachTransaction() {
			long start = MongoTransactionsRetryTests.this.clock.nanoTime();
			MongoTransactionsRetryTests.this.transactions.execute((tx) -> {
				MongoTransactionsRetryTests.this.clock.advance(Duration.ofMillis(7));
				if (tx.attempt() == 1) {
					throw writeConflict("conflict");
				}
				return null;
			});
			assertThat(MongoTransactionsRetryTests.this.clock.millisSince(start)).isEqualTo(7 + 10 + 7);
			assertThat(MongoTransactionsRetryTests.this.observer.durations)
				.containsExactly(TimeUnit.MILLISECONDS.toNanos(7), TimeUnit.MILLISECONDS.toNanos(7));
			assertThat(MongoTransactionsRetryTests.this.registry.get(TransactionMetrics.TIMER_NAME)
				.tag("outcome", "committed")
				.timer()
				.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7.0);
		}

	}

	@Nested
	class NoRetry {

		static Stream<Arguments> unlabelledErrors() {
			IllegalStateException illegalState = new IllegalStateException("a bug in the body");
			AssertionError assertionError = new AssertionError("an error");
			return Stream.of(
					Arguments.of("a server error without a label",
							(Supplier<Throwable>) () -> serverError(2, "BadValue", "bad value"),
							(Consumer<Throwable>) (ex) -> assertThat(ex)
								.isInstanceOf(DataAccessException.class)
								.hasMessageContaining("MongoDB server error 2 (BadValue)")
								.hasMessageNotContaining("gave up")),
					Arguments.of("a duplicate key", (Supplier<Throwable>) () -> serverError(11000, "DuplicateKey", "E11000"),
							(Consumer<Throwable>) (ex) -> assertThat(ex)
								.isInstanceOf(DuplicateKeyException.class)),
					Arguments.of("an exception of the body", (Supplier<Throwable>) () -> illegalState,
							(Consumer<Throwable>) (ex) -> assertThat(ex).isSameAs(illegalState)),
					Arguments.of("an error", (Supplier<Throwable>) () -> assertionError,
							(Consumer<Throwable>) (ex) -> assertThat(ex).isSameAs(assertionError)));
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("unlabelledErrors")
		void anErrorWithoutTheTransientLabelIsThrownAtOnceAfterTheTransactionIsAborted(String description,
				Supplier<Throwable> error, Consumer<Throwable> expectation) {
			AtomicInteger runs = new AtomicInteger();
			Throwable thrown = catchThrowable(() -> MongoTransactionsRetryTests.this.transactions.execute((tx) -> {
				runs.incrementAndGet();
				Throwable ex = error.get();
				if (ex instanceof Error err) {
					throw err;
				}
				throw (RuntimeException) ex;
			}));
			expectation.accept(thrown);
			assertThat(runs).hasValue(1);
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "1:abort", "1:close");
			assertThat(MongoTransactionsRetryTests.this.clock.sleeps()).isEmpty();
			assertObserved(List.of(Outcome.ABORTED), List.of());
		}

		@Test
		void aJoinedExecuteIsNotRetriedOnItsOwnAndTheOuterOneRetriesTheWholeBody() {
			AtomicInteger outerRuns = new AtomicInteger();
			AtomicInteger innerRuns = new AtomicInteger();
			MongoTransactions transactions = MongoTransactionsRetryTests.this.transactions;
			String result = transactions.execute((outer) -> {
				outerRuns.incrementAndGet();
				return transactions.execute((inner) -> {
					innerRuns.incrementAndGet();
					assertThat(inner.isNewTransaction()).isFalse();
					assertThat(inner.attempt()).isEqualTo(1);
					assertThat(inner.session()).isSameAs(outer.session());
					assertThat(transactions.isTransactionActive()).isTrue();
					if (outer.attempt() == 1) {
						throw writeConflict("conflict in the joined body");
					}
					return "attempt " + outer.attempt();
				});
			});
			assertThat(result).isEqualTo("attempt 2");
			assertThat(outerRuns).hasValue(2);
			assertThat(innerRuns).as("once per outer attempt, never on its own").hasValue(2);
			assertThat(MongoTransactionsRetryTests.this.mongo.sessions()).as("the inner execute starts no session")
				.hasSize(2);
			assertThat(MongoTransactionsRetryTests.this.clock.sleeps()).containsExactly(10L);
			assertObserved(List.of(Outcome.ABORTED, Outcome.COMMITTED), List.of(RetryReason.TRANSIENT));
		}

		@Test
		void aJoinedFailureThatTheOuterBodyCatchesStillRollsTheOuterTransactionBack() {
			AtomicInteger outerRuns = new AtomicInteger();
			AtomicReference<Throwable> caught = new AtomicReference<>();
			MongoTransactions transactions = MongoTransactionsRetryTests.this.transactions;
			assertThatExceptionOfType(UnexpectedRollbackException.class).isThrownBy(() -> transactions.execute((outer) -> {
				outerRuns.incrementAndGet();
				try {
					transactions.execute((inner) -> {
						throw writeConflict("conflict in the joined body");
					});
				}
				catch (RuntimeException ex) {
					caught.set(ex);
					assertThat(outer.isRollbackOnly()).as("the inner failure marked the transaction rollback-only")
						.isTrue();
				}
				return "ignored";
			}));
			assertThat(caught.get()).as("the joined failure propagates once, translated, without the attempt count")
				.isInstanceOf(ConcurrencyFailureException.class)
				.hasMessageNotContaining("gave up");
			assertThat(outerRuns).hasValue(1);
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "1:abort", "1:close");
			assertObserved(List.of(Outcome.ABORTED), List.of());
		}

		@Test
		void anExecuteJoiningATransactionTemplateIsNotRetriedAndTheTemplateRollsBack() {
			AtomicInteger innerRuns = new AtomicInteger();
			MongoTransactions transactions = MongoTransactionsRetryTests.this.transactions;
			assertThatExceptionOfType(ConcurrencyFailureException.class)
				.isThrownBy(() -> new TransactionTemplate(MongoTransactionsRetryTests.this.manager).execute((status) -> {
					assertThat(status.isNewTransaction()).isTrue();
					return transactions.execute((tx) -> {
						innerRuns.incrementAndGet();
						assertThat(tx.isNewTransaction()).isFalse();
						throw writeConflict("conflict");
					});
				}))
				.withMessageNotContaining("gave up");
			assertThat(innerRuns).hasValue(1);
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "1:abort", "1:close");
			assertThat(MongoTransactionsRetryTests.this.clock.sleeps()).isEmpty();
			assertObserved(List.of(Outcome.ABORTED), List.of());
		}

		@Test
		void theManagerDoesNotRunATransactionTemplateBodyAgain() {
			AtomicInteger runs = new AtomicInteger();
			assertThatExceptionOfType(MongoException.class)
				.isThrownBy(() -> new TransactionTemplate(MongoTransactionsRetryTests.this.manager).execute((status) -> {
					runs.incrementAndGet();
					throw writeConflict("conflict");
				}));
			assertThat(runs).hasValue(1);
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "1:abort", "1:close");
			assertObserved(List.of(Outcome.ABORTED), List.of());
		}

	}

	@Nested
	class TransactionApi {

		@Test
		void rollbackOnlyAbortsAndReturnsTheResult() {
			String result = MongoTransactionsRetryTests.this.transactions.execute((tx) -> {
				assertThat(tx.isRollbackOnly()).isFalse();
				tx.setRollbackOnly();
				assertThat(tx.isRollbackOnly()).isTrue();
				return "dry run";
			});
			assertThat(result).isEqualTo("dry run");
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "1:abort", "1:close");
			assertObserved(List.of(Outcome.ABORTED), List.of());
		}

		@Test
		void executeWithoutResultRunsTheBodyInATransaction() {
			AtomicReference<ClientSession> session = new AtomicReference<>();
			MongoTransactionsRetryTests.this.transactions.executeWithoutResult((tx) -> session.set(tx.session()));
			assertThat(session.get()).isSameAs(MongoTransactionsRetryTests.this.mongo.session(1).driverSession());
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "1:commit", "1:close");
		}

		@Test
		void theSessionIsBoundToTheThreadOnlyDuringTheBody() {
			MongoTransactions transactions = MongoTransactionsRetryTests.this.transactions;
			assertThat(transactions.isTransactionActive()).isFalse();
			assertThat(MongoTransactionsRetryTests.this.lookup.currentSession()).isNull();
			assertThat(MongoTransactionsRetryTests.this.lookup.isTransactionScopeBound()).isFalse();
			transactions.execute((tx) -> {
				assertThat(tx.session()).isNotNull();
				assertThat(transactions.isTransactionActive()).isTrue();
				assertThat(MongoTransactionsRetryTests.this.lookup.currentSession()).isSameAs(tx.session());
				assertThat(MongoTransactionsRetryTests.this.lookup.isTransactionScopeBound()).isTrue();
				return null;
			});
			assertThat(transactions.isTransactionActive()).isFalse();
			assertThat(MongoTransactionsRetryTests.this.lookup.currentSession()).isNull();
			assertThat(MongoTransactionsRetryTests.this.lookup.isTransactionScopeBound()).isFalse();
		}

		@Test
		void requiresNewSuspendsTheTransactionAndStartsASecondSessionThenResumes() {
			TransactionTemplate requiresNew = new TransactionTemplate(MongoTransactionsRetryTests.this.manager);
			requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
			TransactionalSessionLookup lookup = MongoTransactionsRetryTests.this.lookup;
			MongoTransactionsRetryTests.this.transactions.execute((tx) -> {
				ClientSession outer = lookup.currentSession();
				assertThat(outer).isSameAs(tx.session());
				requiresNew.executeWithoutResult((status) -> {
					assertThat(status.isNewTransaction()).isTrue();
					assertThat(lookup.currentSession()).isNotSameAs(outer)
						.isSameAs(MongoTransactionsRetryTests.this.mongo.session(2).driverSession());
					MongoTransactionsRetryTests.this.items.insert(new Item("inner", 1));
				});
				assertThat(lookup.currentSession()).as("resumed").isSameAs(outer);
				MongoTransactionsRetryTests.this.items.insert(new Item("outer", 1));
				return null;
			});
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "2:start", "2:commit",
					"2:close", "1:commit", "1:close");
			assertThat(MongoTransactionsRetryTests.this.mongo.writes()).extracting(ScriptedMongo.Write::session)
				.containsExactly(MongoTransactionsRetryTests.this.mongo.session(2).driverSession(),
						MongoTransactionsRetryTests.this.mongo.session(1).driverSession());
			assertObserved(List.of(Outcome.COMMITTED, Outcome.COMMITTED), List.of());
		}

		@Test
		void aFailedRequiresNewTransactionRollsBackAloneAndTheOuterOneCommits() {
			TransactionTemplate requiresNew = new TransactionTemplate(MongoTransactionsRetryTests.this.manager);
			requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
			MongoTransactionsRetryTests.this.transactions.execute((tx) -> {
				assertThatExceptionOfType(IllegalStateException.class)
					.isThrownBy(() -> requiresNew.executeWithoutResult((status) -> {
						throw new IllegalStateException("inner failure");
					}));
				assertThat(tx.isRollbackOnly()).isFalse();
				return null;
			});
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "2:start", "2:abort",
					"2:close", "1:commit", "1:close");
			assertObserved(List.of(Outcome.ABORTED, Outcome.COMMITTED), List.of());
		}

		@Test
		void aFailedParticipatingTransactionMarksTheOuterOneRollbackOnly() {
			TransactionTemplate template = new TransactionTemplate(MongoTransactionsRetryTests.this.manager);
			assertThatExceptionOfType(UnexpectedRollbackException.class).isThrownBy(() -> template.executeWithoutResult(
					(outer) -> {
						assertThatExceptionOfType(IllegalStateException.class)
							.isThrownBy(() -> template.executeWithoutResult((inner) -> {
								assertThat(inner.isNewTransaction()).isFalse();
								throw new IllegalStateException("inner failure");
							}));
						assertThat(outer.isRollbackOnly()).isTrue();
					}));
			assertThat(MongoTransactionsRetryTests.this.mongo.events()).containsExactly("1:start", "1:abort", "1:close");
			assertObserved(List.of(Outcome.ABORTED), List.of());
		}

	}

	@Nested
	class Options {

		@Test
		void theBuiltInDefaultsReachStartTransaction() {
			MongoTransactionsRetryTests.this.transactions.execute((tx) -> null);
			TransactionOptions options = MongoTransactionsRetryTests.this.mongo.session(1).startedWith().get(0);
			assertThat(options.getReadConcern()).isEqualTo(ReadConcern.SNAPSHOT);
			assertThat(options.getWriteConcern()).isEqualTo(WriteConcern.MAJORITY);
			assertThat(options.getReadPreference()).isEqualTo(ReadPreference.primary());
			assertThat(options.getMaxCommitTime(TimeUnit.MILLISECONDS)).isNull();
			assertThat(options.getTimeout(TimeUnit.MILLISECONDS)).isNull();
		}

		@Test
		void optionsOfOneCallAreMergedWithTheDefaults() {
			MongoTransactionsRetryTests.this.transactions.execute(MongoTransactionSettings.builder()
				.writeConcern(WriteConcern.W1)
				.maxCommitTime(Duration.ofSeconds(2))
				.build(), (tx) -> null);
			TransactionOptions options = MongoTransactionsRetryTests.this.mongo.session(1).startedWith().get(0);
			assertThat(options.getReadConcern()).isEqualTo(ReadConcern.SNAPSHOT);
			assertThat(options.getWriteConcern()).isEqualTo(WriteConcern.W1);
			assertThat(options.getReadPreference()).isEqualTo(ReadPreference.primary());
			assertThat(options.getMaxCommitTime(TimeUnit.MILLISECONDS)).isEqualTo(2000);
		}

		@Test
		void theManagersDefaultsReplaceOnlyTheBuiltInDefaultsTheySet() {
			use(MongoClientTransactionManager.builder(MongoTransactionsRetryTests.this.mongo.client())
				.defaults(MongoTransactionSettings.builder()
					.readConcern(ReadConcern.MAJORITY)
					.maxCommitTime(Duration.ofMillis(1500))
					.build()));
			assertThat(MongoTransactionsRetryTests.this.manager.getDefaultOptions()).isEqualTo(MongoTransactionSettings
				.builder()
				.readConcern(ReadConcern.MAJORITY)
				.writeConcern(WriteConcern.MAJORITY)
				.readPreference(ReadPreference.primary())
				.maxCommitTime(Duration.ofMillis(1500))
				.readOnly(false)
				.build());
			MongoTransactionsRetryTests.this.transactions
				.execute(MongoTransactionSettings.builder().readConcern(ReadConcern.LOCAL).build(), (tx) -> null);
			TransactionOptions options = MongoTransactionsRetryTests.this.mongo.session(1).startedWith().get(0);
			assertThat(options.getReadConcern()).isEqualTo(ReadConcern.LOCAL);
			assertThat(options.getWriteConcern()).isEqualTo(WriteConcern.MAJORITY);
			assertThat(options.getMaxCommitTime(TimeUnit.MILLISECONDS)).isEqualTo(1500);
		}

		@Test
		void aMongoTransactionDefinitionGivenToTheManagerCarriesItsOptions() {
			MongoTransactionDefinition definition = new MongoTransactionDefinition(MongoTransactionSettings.builder()
				.readPreference(ReadPreference.primaryPreferred())
				.readOnly(true)
				.build());
			TransactionStatus status = MongoTransactionsRetryTests.this.manager.getTransaction(definition);
			assertThat(MongoTransactionsRetryTests.this.lookup.isReadOnly()).isTrue();
			MongoTransactionsRetryTests.this.manager.commit(status);
			TransactionOptions options = MongoTransactionsRetryTests.this.mongo.session(1).startedWith().get(0);
			assertThat(options.getReadPreference()).isEqualTo(ReadPreference.primaryPreferred());
			assertThat(options.getReadConcern()).isEqualTo(ReadConcern.SNAPSHOT);
		}

		/**
		 * Spring's {@code TransactionTemplate(manager, definition)} copies the standard
		 * attributes of a definition into itself and passes itself to the manager, so the
		 * Mongo options of a {@link MongoTransactionDefinition} are lost on the way; only
		 * its read-only flag, a standard attribute, arrives.
		 */
		@Test
		void aTransactionTemplateKeepsOnlyTheStandardAttributesOfAMongoTransactionDefinition() {
			MongoTransactionDefinition definition = new MongoTransactionDefinition(MongoTransactionSettings.builder()
				.readPreference(ReadPreference.primaryPreferred())
				.readOnly(true)
				.build());
			new TransactionTemplate(MongoTransactionsRetryTests.this.manager, definition).executeWithoutResult(
					(status) -> assertThat(MongoTransactionsRetryTests.this.lookup.isReadOnly()).isTrue());
			TransactionOptions options = MongoTransactionsRetryTests.this.mongo.session(1).startedWith().get(0);
			assertThat(options.getReadPreference()).isEqualTo(ReadPreference.primary());
		}

		@Test
		void aTransactionTimeoutBecomesTheTimeoutOfTheDriversTransaction() {
			TransactionTemplate template = new TransactionTemplate(MongoTransactionsRetryTests.this.manager);
			template.setTimeout(7);
			template.executeWithoutResult((status) -> {
			});
			TransactionOptions options = MongoTransactionsRetryTests.this.mongo.session(1).startedWith().get(0);
			assertThat(options.getTimeout(TimeUnit.MILLISECONDS)).isEqualTo(7000);
			assertThat(options.getReadConcern()).as("the defaults are kept").isEqualTo(ReadConcern.SNAPSHOT);
			assertThat(options.getWriteConcern()).isEqualTo(WriteConcern.MAJORITY);
		}

		@Test
		void theOptionsBuilderRefusesAnUnacknowledgedWriteConcern() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> MongoTransactionSettings.builder().writeConcern(WriteConcern.UNACKNOWLEDGED))
				.withMessageContaining("writeConcern must be acknowledged");
		}

		@Test
		void theOptionsBuilderRefusesAMaxCommitTimeBelowOneMillisecond() {
			for (Duration invalid : List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofNanos(999_999))) {
				assertThatIllegalArgumentException()
					.isThrownBy(() -> MongoTransactionSettings.builder().maxCommitTime(invalid))
					.withMessageContaining("maxCommitTime must be at least 1ms")
					.withMessageContaining(invalid.toString());
			}
			assertThat(MongoTransactionSettings.builder().maxCommitTime(Duration.ofMillis(1)).build().getMaxCommitTime())
				.isEqualTo(Duration.ofMillis(1));
		}

		@Test
		void theOptionsBuilderRefusesNullsNamingTheArgument() {
			MongoTransactionSettings.Builder builder = MongoTransactionSettings.builder();
			assertThatIllegalArgumentException().isThrownBy(() -> builder.readConcern(null))
				.withMessage("readConcern must not be null");
			assertThatIllegalArgumentException().isThrownBy(() -> builder.writeConcern(null))
				.withMessage("writeConcern must not be null");
			assertThatIllegalArgumentException().isThrownBy(() -> builder.readPreference(null))
				.withMessage("readPreference must not be null");
			assertThatIllegalArgumentException().isThrownBy(() -> builder.maxCommitTime(null))
				.withMessage("maxCommitTime must not be null");
		}

	}

	@Nested
	class ReadOnly {

		@Test
		void theLookupSaysAReadOnlyTransactionIsReadOnlyAndATemplateRefusesToWriteBeforeSending() {
			MongoTransactionsRetryTests.this.transactions.execute(MongoTransactionSettings.builder().readOnly(true).build(),
					(tx) -> {
						assertThat(MongoTransactionsRetryTests.this.lookup.isReadOnly()).isTrue();
						assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
							.isThrownBy(() -> MongoTransactionsRetryTests.this.items.insert(new Item("a", 1)))
							.withMessageContaining("read-only");
						return null;
					});
			assertThat(MongoTransactionsRetryTests.this.mongo.writes()).isEmpty();
		}

		@Test
		void aReadOnlyTransactionTemplateIsReadOnlyToo() {
			TransactionTemplate template = new TransactionTemplate(MongoTransactionsRetryTests.this.manager);
			template.setReadOnly(true);
			template.executeWithoutResult((status) -> assertThat(MongoTransactionsRetryTests.this.lookup.isReadOnly())
				.isTrue());
		}

		@Test
		void anOrdinaryTransactionIsNotReadOnlyAndItsTemplateWritesJoinIt() {
			assertThat(MongoTransactionsRetryTests.this.lookup.isReadOnly()).isFalse();
			MongoTransactionsRetryTests.this.transactions.execute((tx) -> {
				assertThat(MongoTransactionsRetryTests.this.lookup.isReadOnly()).isFalse();
				return MongoTransactionsRetryTests.this.items.insert(new Item("a", 1));
			});
			assertThat(MongoTransactionsRetryTests.this.mongo.writes()).singleElement()
				.satisfies((write) -> assertThat(write.session())
					.isSameAs(MongoTransactionsRetryTests.this.mongo.session(1).driverSession()));
		}

	}

	@Nested
	class Validation {

		@Test
		void executeRefusesNullArgumentsNamingThem() {
			MongoTransactions transactions = MongoTransactionsRetryTests.this.transactions;
			assertThatIllegalArgumentException()
				.isThrownBy(() -> transactions.execute(null, (tx) -> "x"))
				.withMessage("options must not be null");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> transactions.execute(MongoTransactionSettings.defaults(), null))
				.withMessage("callback must not be null");
			assertThatIllegalArgumentException().isThrownBy(() -> transactions.execute(null))
				.withMessage("callback must not be null");
			assertThatIllegalArgumentException().isThrownBy(() -> transactions.executeWithoutResult(null))
				.withMessage("body must not be null");
			assertThat(MongoTransactionsRetryTests.this.mongo.sessions()).isEmpty();
		}

		@Test
		void constructorsAndBuildersRefuseNullsNamingThem() {
			assertThatIllegalArgumentException().isThrownBy(() -> new MongoTransactions(null))
				.withMessage("manager must not be null");
			assertThatIllegalArgumentException().isThrownBy(() -> MongoClientTransactionManager.builder(null))
				.withMessage("client must not be null");
			MongoClientTransactionManager.Builder builder = MongoClientTransactionManager
				.builder(MongoTransactionsRetryTests.this.mongo.client());
			assertThatIllegalArgumentException().isThrownBy(() -> builder.defaults(null))
				.withMessage("defaults must not be null");
			assertThatIllegalArgumentException().isThrownBy(() -> builder.retryPolicy(null))
				.withMessage("retryPolicy must not be null");
			assertThatIllegalArgumentException().isThrownBy(() -> builder.onStandalone(null))
				.withMessage("onStandalone must not be null");
			assertThatIllegalArgumentException().isThrownBy(() -> builder.translator(null))
				.withMessage("translator must not be null");
			assertThatIllegalArgumentException().isThrownBy(() -> builder.observer(null))
				.withMessage("observer must not be null");
			assertThatIllegalArgumentException().isThrownBy(() -> new MongoTransactionDefinition(null))
				.withMessage("options must not be null");
		}

		@Test
		void theRetryPolicyRefusesInvalidValues() {
			FixedBackOff backOff = new FixedBackOff(10);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new TransactionRetryPolicy(0, Duration.ofSeconds(1), backOff))
				.withMessage("maxAttempts must be at least 1, got 0");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new TransactionRetryPolicy(1, Duration.ZERO, backOff))
				.withMessageStartingWith("maxRetryTime must be positive");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new TransactionRetryPolicy(1, Duration.ofSeconds(-1), backOff))
				.withMessageStartingWith("maxRetryTime must be positive");
			assertThatIllegalArgumentException().isThrownBy(() -> new TransactionRetryPolicy(1, null, backOff))
				.withMessageStartingWith("maxRetryTime must be positive");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new TransactionRetryPolicy(1, Duration.ofSeconds(1), null))
				.withMessage("backOff must not be null");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> TransactionRetryPolicy.exponentialBackOff(Duration.ZERO, 2, Duration.ofSeconds(1),
						Duration.ZERO))
				.withMessageStartingWith("initialInterval must be at least 1ms");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> TransactionRetryPolicy.exponentialBackOff(Duration.ofMillis(10), 0.5,
						Duration.ofSeconds(1), Duration.ZERO))
				.withMessageStartingWith("multiplier must be at least 1");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> TransactionRetryPolicy.exponentialBackOff(Duration.ofMillis(10), Double.NaN,
						Duration.ofSeconds(1), Duration.ZERO))
				.withMessageStartingWith("multiplier must be at least 1");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> TransactionRetryPolicy.exponentialBackOff(Duration.ofMillis(10), 2,
						Duration.ofMillis(5), Duration.ZERO))
				.withMessageStartingWith("maxInterval must be at least initialInterval");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> TransactionRetryPolicy.exponentialBackOff(Duration.ofMillis(10), 2,
						Duration.ofSeconds(1), Duration.ofMillis(-1)))
				.withMessageStartingWith("jitter must not be negative");
		}

	}

	/**
	 * An entity for the template.
	 *
	 * @param id the id
	 * @param quantity a quantity
	 */
	public record Item(@BsonId String id, int quantity) {
	}

	/**
	 * Records what it is told.
	 */
	static final class RecordingObserver implements MongoTransactionObserver {

		final List<Outcome> outcomes = new ArrayList<>();

		final List<Long> durations = new ArrayList<>();

		final List<RetryReason> retries = new ArrayList<>();

		@Override
		public void completed(Outcome outcome, long durationNanos) {
			this.outcomes.add(outcome);
			this.durations.add(durationNanos);
		}

		@Override
		public void retried(RetryReason reason) {
			this.retries.add(reason);
		}

	}

}
