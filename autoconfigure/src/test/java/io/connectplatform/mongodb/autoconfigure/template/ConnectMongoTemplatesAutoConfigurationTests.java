package io.connectplatform.mongodb.autoconfigure.template;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;
import io.connectplatform.mongodb.autoconfigure.embedded.ConnectMongoEmbeddedAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.template.entities.Customer;
import io.connectplatform.mongodb.autoconfigure.template.entities.Note;
import io.connectplatform.mongodb.autoconfigure.template.entities.Order;
import io.connectplatform.mongodb.core.CollectionOperations;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.CollectionEntity;
import io.connectplatform.mongodb.core.CollectionRepository;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.core.validation.MongoValidator;
import io.connectplatform.mongodb.core.validation.ValidationRejectionListener;
import io.connectplatform.mongodb.core.validation.ValidationSettings;
import org.bson.BsonReader;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecProvider;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.ResolvableType;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectMongoTemplatesAutoConfiguration} and
 * {@link CollectionEntityRegistrar}, over TCP against the embedded server (one per
 * context, so each test starts with no data).
 *
 * @author Connect MongoDB team
 */
class ConnectMongoTemplatesAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConnectMongoEmbeddedAutoConfiguration.class,
				ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class,
				ConnectMongoTemplatesAutoConfiguration.class))
		.withPropertyValues("connect.mongodb.embedded.enabled=true", "connect.mongodb.embedded.port=0");

	@Test
	void createsTheTemplatesTheValidatorAndTheAsyncExecutor() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MongoTemplates.class);
			assertThat(context).hasSingleBean(MongoValidator.class);
			assertThat(context).hasSingleBean(MongoAsyncExecutor.class);
		});
	}

	@Test
	void isListedAsAnAutoConfiguration() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
			.contains(ConnectMongoTemplatesAutoConfiguration.class.getName());
	}

	@Test
	void keepsTheAsyncExecutorOutOfTheExecutorBeans() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MongoAsyncExecutor.class);
			assertThat(context).doesNotHaveBean(Executor.class);
		});
	}

	@Test
	void templatesUseTheDatabaseOfTheMongoDatabaseBean() {
		this.contextRunner.withPropertyValues("spring.mongodb.database=shop").run((context) -> {
			MongoTemplates templates = context.getBean(MongoTemplates.class);
			assertThat(templates.getDatabase().getName()).isEqualTo("shop");
			templates.of(Note.class).insert(new Note(null, "hello"));
			assertThat(context.getBean(MongoClient.class).getDatabase("shop").getCollection("note").countDocuments())
				.isOne();
		});
	}

	@Test
	void backsOffWithoutAMongoClient() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ConnectMongoTemplatesAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MongoTemplates.class);
				assertThat(context).doesNotHaveBean(MongoValidator.class);
				assertThat(context).doesNotHaveBean(MongoAsyncExecutor.class);
				assertThat(context).doesNotHaveBean(ConnectMongoTemplatesProperties.class);
			});
	}

	@Test
	void backsOffWithoutTheDriverOnTheClassPath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MongoClient.class))
			.withUserConfiguration(EntitiesPackageConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MongoTemplates.class);
				assertThat(context.getBeanNamesForType(CollectionTemplate.class)).isEmpty();
			});
	}

	@Test
	void backsOffFromTheTemplatesWhenTheUserDefinesThem() {
		this.contextRunner.withUserConfiguration(UserTemplatesConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(MongoTemplates.class);
			assertThat(context.getBean(MongoTemplates.class)).isSameAs(context.getBean("userTemplates"));
		});
	}

	@Test
	void backsOffFromTheValidatorWhenTheUserDefinesOne() {
		this.contextRunner.withUserConfiguration(UserValidatorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(MongoValidator.class);
			assertThat(context.getBean(MongoValidator.class)).isSameAs(context.getBean("userValidator"));
			assertThat(context).hasSingleBean(MongoTemplates.class);
		});
	}

	@Test
	void backsOffFromTheAsyncExecutorWhenTheUserDefinesOneAndRunsAsyncOperationsOnIt() {
		this.contextRunner.withUserConfiguration(UserAsyncExecutorConfiguration.class, ThreadRecordingConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(MongoAsyncExecutor.class);
				assertThat(context.getBean(MongoAsyncExecutor.class)).isSameAs(context.getBean("userAsyncExecutor"));
				context.getBean(MongoTemplates.class).of(Note.class).async().insert(new Note(null, "later")).join();
				assertThat(context.getBean(ThreadRecordingSessionLookup.class).threads).anyMatch(
						(thread) -> thread.startsWith("user-async-"));
			});
	}

	@Test
	void runsAsyncOperationsOnThreadsNamedWithTheConfiguredPrefix() {
		this.contextRunner.withUserConfiguration(ThreadRecordingConfiguration.class)
			.withPropertyValues("connect.mongodb.async.thread-name-prefix=orders-async-")
			.run((context) -> {
				CollectionTemplate<Note> notes = context.getBean(MongoTemplates.class).of(Note.class);
				Note stored = notes.async().insert(new Note(null, "later")).join();
				assertThat(notes.async().findById(stored.id()).join()).contains(stored);
				assertThat(context.getBean(ThreadRecordingSessionLookup.class).threads)
					.anyMatch((thread) -> thread.startsWith("orders-async-"))
					.noneMatch((thread) -> thread.startsWith("connect-mongodb-async-"));
			});
	}

	@Test
	void closingTheContextLetsInFlightAsyncOperationsFinishBeforeTheClientCloses() {
		this.contextRunner.withUserConfiguration(BlockingSessionLookupConfiguration.class).run((context) -> {
			BlockingSessionLookup lookup = context.getBean(BlockingSessionLookup.class);
			CollectionTemplate<Note> notes = context.getBean(MongoTemplates.class).of(Note.class);
			CompletableFuture<Note> inFlight = notes.async().insert(new Note(null, "in flight"));
			assertThat(lookup.entered.await(10, TimeUnit.SECONDS)).isTrue();
			Thread releaser = new Thread(() -> {
				sleep(300);
				lookup.release.countDown();
			});
			releaser.start();
			context.close();
			releaser.join();
			assertThat(inFlight).succeedsWithin(Duration.ofSeconds(10));
		});
	}

	@Test
	void injectsTheTemplateOperationsAndRepositoryOfACollectionEntityTypeByGenericType() {
		this.contextRunner.withUserConfiguration(EntitiesPackageConfiguration.class, OrderServiceConfiguration.class)
			.run((context) -> {
				OrderService service = context.getBean(OrderService.class);
				assertThat(service.template().getCollectionName()).isEqualTo("orders");
				assertThat(service.template().getEntityType()).isEqualTo(Order.class);
				assertThat(service.operations()).isSameAs(service.template());
				assertThat(service.template()).isSameAs(context.getBean(MongoTemplates.class).of(Order.class));
				assertThat(service.repository()).isNotNull();
			});
	}

	@Test
	void injectsADistinctTemplateForEachCollectionEntityType() {
		this.contextRunner.withUserConfiguration(EntitiesPackageConfiguration.class, OrderServiceConfiguration.class)
			.run((context) -> {
				OrderService service = context.getBean(OrderService.class);
				assertThat(service.customers().getCollectionName()).isEqualTo("customer");
				assertThat(service.customers().getEntityType()).isEqualTo(Customer.class);
				assertThat((Object) service.customers()).isNotSameAs(service.template());
			});
	}

	@Test
	void registersTheRepositoryWithTheIdTypeOfTheEntity() {
		this.contextRunner.withUserConfiguration(EntitiesPackageConfiguration.class).run((context) -> {
			assertThat(beanNames(context, CollectionRepository.class, Customer.class, String.class)).hasSize(1);
			assertThat(beanNames(context, CollectionRepository.class, Customer.class, ObjectId.class)).isEmpty();
			assertThat(beanNames(context, CollectionRepository.class, Order.class, ObjectId.class)).hasSize(1);
			assertThat(beanNames(context, CollectionRepository.class, Order.class, String.class)).isEmpty();
		});
	}

	@Test
	void injectedTemplateAndRepositoryWorkEndToEnd() {
		this.contextRunner.withUserConfiguration(EntitiesPackageConfiguration.class, OrderServiceConfiguration.class)
			.run((context) -> {
				OrderService service = context.getBean(OrderService.class);
				Order stored = service.template().insert(new Order(null, "A-1", "ada"));
				assertThat(stored.id()).isNotNull();
				assertThat(service.repository().findById(stored.id())).contains(stored);
				assertThat(service.repository().count()).isOne();
				Document raw = context.getBean(MongoDatabase.class).getCollection("orders").find().first();
				assertThat(raw).containsEntry("_id", stored.id()).containsEntry("number", "A-1");
				assertThat(service.repository().removeById(stored.id())).isTrue();
				assertThat(service.operations().count()).isZero();
			});
	}

	@Test
	void aRepositoryOfTheUserWinsOverTheFallbackRepository() {
		this.contextRunner
			.withUserConfiguration(EntitiesPackageConfiguration.class, OrderServiceConfiguration.class,
					OrderRepositoryConfiguration.class)
			.run((context) -> {
				OrderService service = context.getBean(OrderService.class);
				assertThat(service.repository()).isInstanceOf(OrderRepository.class)
					.isSameAs(context.getBean(OrderRepository.class));
				Order stored = service.template().insert(new Order(null, "A-2", "grace"));
				assertThat(context.getBean(OrderRepository.class).findByCustomer("grace")).containsExactly(stored);
			});
	}

	@Test
	void aTemplateOfTheUserWinsOverTheFallbackTemplate() {
		this.contextRunner
			.withUserConfiguration(EntitiesPackageConfiguration.class, OrderServiceConfiguration.class,
					ArchivedOrdersConfiguration.class)
			.run((context) -> {
				OrderService service = context.getBean(OrderService.class);
				assertThat(service.template().getCollectionName()).isEqualTo("archived_orders");
				assertThat(service.operations().getCollectionName()).isEqualTo("archived_orders");
				assertThat(service.customers().getCollectionName()).isEqualTo("customer");
			});
	}

	@Test
	void registersNoTemplateForCollectionEntityTypesOutsideTheAutoConfigurationPackages() {
		this.contextRunner.withUserConfiguration(EntitiesPackageConfiguration.class).run((context) -> {
			assertThat(beanNames(context, CollectionTemplate.class, Order.class)).hasSize(1);
			assertThat(beanNames(context, CollectionTemplate.class, Outside.class)).isEmpty();
			assertThat(beanNames(context, CollectionRepository.class, Outside.class, ObjectId.class)).isEmpty();
		});
	}

	@Test
	void registersNoTemplateForTypesWithoutCollectionEntity() {
		this.contextRunner.withUserConfiguration(EntitiesPackageConfiguration.class).run((context) -> {
			assertThat(beanNames(context, CollectionTemplate.class, Note.class)).isEmpty();
			assertThat(beanNames(context, CollectionRepository.class, Note.class, ObjectId.class)).isEmpty();
			assertThat(context.getBeanNamesForType(CollectionTemplate.class)).hasSize(2);
			assertThat(context.getBeanNamesForType(CollectionRepository.class)).hasSize(2);
		});
	}

	@Test
	void registersNoTemplateWithoutAutoConfigurationPackages() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MongoTemplates.class);
			assertThat(context.getBeanNamesForType(CollectionTemplate.class)).isEmpty();
			assertThat(context.getBeanNamesForType(CollectionRepository.class)).isEmpty();
		});
	}

	@Test
	void createsTheAnnotatedIndexesAtStartupWhenAutoIndexCreationIsOn() {
		this.contextRunner.withUserConfiguration(EntitiesPackageConfiguration.class)
			.withPropertyValues("connect.mongodb.templates.auto-index-creation=true")
			.run((context) -> {
				Map<String, Document> indexes = indexes(context, "orders");
				assertThat(indexes).containsKey("number_unique");
				assertThat(indexes.get("number_unique").get("key", Document.class)).containsEntry("number", 1);
				assertThat(indexes.get("number_unique").getBoolean("unique")).isTrue();
			});
	}

	@Test
	void createsNoIndexesWhenAutoIndexCreationIsOffByDefault() {
		this.contextRunner.withUserConfiguration(EntitiesPackageConfiguration.class, OrderServiceConfiguration.class)
			.run((context) -> {
				context.getBean(OrderService.class).template().insert(new Order(null, "A-3", "alan"));
				assertThat(indexes(context, "orders")).containsOnlyKeys("_id_");
			});
	}

	@Test
	void usesCodecBeansInTheTemplates() {
		this.contextRunner.withUserConfiguration(MoneyCodecConfiguration.class).run((context) -> {
			assertMoneyIsStoredAsAString(context);
		});
	}

	@Test
	void usesCodecProviderBeansInTheTemplates() {
		this.contextRunner.withUserConfiguration(MoneyCodecProviderConfiguration.class).run((context) -> {
			assertMoneyIsStoredAsAString(context);
		});
	}

	private void assertMoneyIsStoredAsAString(AssertableApplicationContext context) {
		CollectionTemplate<Invoice> invoices = context.getBean(MongoTemplates.class).of(Invoice.class);
		Invoice stored = invoices.insert(new Invoice(null, new Money(1250, "EUR")));
		Document raw = context.getBean(MongoDatabase.class).getCollection("invoice").find().first();
		assertThat(raw).containsEntry("total", "1250 EUR");
		assertThat(invoices.findById(stored.id())).contains(stored);
	}

	@Test
	void asksTheSessionLookupBeanForTheSessionOfEachOperation() {
		this.contextRunner.withUserConfiguration(CountingSessionLookupConfiguration.class).run((context) -> {
			AtomicInteger calls = context.getBean(CountingSessionLookup.class).calls;
			CollectionTemplate<Note> notes = context.getBean(MongoTemplates.class).of(Note.class);
			int before = calls.get();
			Note stored = notes.insert(new Note(null, "counted"));
			int afterInsert = calls.get();
			assertThat(afterInsert).isGreaterThan(before);
			assertThat(notes.findById(stored.id())).contains(stored);
			assertThat(calls.get()).isGreaterThan(afterInsert);
		});
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			connect.mongodb.validation.max-nesting-depth | 0   | 0           | it must be 1 or more
			connect.mongodb.validation.max-document-size | 0B  | 0B          | it must be between 1B and 2GB
			connect.mongodb.validation.max-document-size | 3GB | 3221225472B | it must be between 1B and 2GB
			connect.mongodb.async.pool-size              | 0   | 0           | it must be 1 or more
			connect.mongodb.async.queue-capacity         | -1  | -1          | it must be 0 or more
			connect.mongodb.async.max-concurrency        | 0   | 0           | it must be 1 or more
			""")
	void failsToStartNamingAnInvalidProperty(String property, String value, String shown, String reason) {
		this.contextRunner.withPropertyValues(property + "=" + value).run((context) -> {
			InvalidMongoPropertyException failure = startupFailure(context);
			assertThat(failure.getProperty()).isEqualTo(property);
			assertThat(failure.getValue()).isEqualTo(shown);
			assertThat(failure.getMessage()).contains(property).contains(reason);
			assertThat(failure.getAction()).contains(property);
		});
	}

	@Test
	void startsWithAnEmptyQueue() {
		this.contextRunner.withPropertyValues("connect.mongodb.async.queue-capacity=0")
			.run((context) -> assertThat(context).hasSingleBean(MongoAsyncExecutor.class));
	}

	// Virtual threads exist from Java 21 on; asking for them on an older JVM must fail at
	// startup rather than fall back silently, and the build also runs on Java 17.
	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void failsToStartWhenVirtualThreadsAreRequestedBeforeJava21() {
		this.contextRunner.withPropertyValues("connect.mongodb.async.virtual-threads=true").run((context) -> {
			InvalidMongoPropertyException failure = startupFailure(context);
			assertThat(failure.getProperty()).isEqualTo("connect.mongodb.async.virtual-threads");
			assertThat(failure.getMessage()).contains("Java 21");
			assertThat(failure.getAction()).contains("Java 21");
		});
	}

	// The counterpart of the test above, for the JVMs that have virtual threads.
	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void runsOnVirtualThreadsWhenRequestedOnJava21AndLater() {
		this.contextRunner.withPropertyValues("connect.mongodb.async.virtual-threads=true")
			.run((context) -> assertThat(context.getBean(MongoAsyncExecutor.class).isVirtualThreads()).isTrue());
	}

	@Test
	void runsOnPlatformThreadsWhenVirtualThreadsAreSwitchedOff() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.async.virtual-threads=false", "connect.mongodb.async.pool-size=3",
					"connect.mongodb.async.queue-capacity=7")
			.run((context) -> {
				MongoAsyncExecutor executor = context.getBean(MongoAsyncExecutor.class);
				assertThat(executor.isVirtualThreads()).isFalse();
				assertThat(executor.delegate()).isInstanceOfSatisfying(ThreadPoolTaskExecutor.class, (pool) -> {
							assertThat(pool.getCorePoolSize()).isEqualTo(3);
							assertThat(pool.getMaxPoolSize()).isEqualTo(3);
							assertThat(pool.getQueueCapacity()).isEqualTo(7);
						});
			});
	}

	private static InvalidMongoPropertyException startupFailure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable root = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
		assertThat(root).isInstanceOf(InvalidMongoPropertyException.class);
		return (InvalidMongoPropertyException) root;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String[] beanNames(AssertableApplicationContext context, Class<?> type, Class<?>... generics) {
		return context.getBeanNamesForType(ResolvableType.forClassWithGenerics(type, generics));
	}

	private static Map<String, Document> indexes(AssertableApplicationContext context, String collection) {
		Iterable<Document> indexes = context.getBean(MongoDatabase.class).getCollection(collection).listIndexes();
		return StreamSupport.stream(indexes.spliterator(), false)
			.collect(Collectors.toMap((index) -> index.getString("name"), (index) -> index));
	}

	/**
	 * A {@link CollectionEntity @CollectionEntity} type outside the auto-configuration package
	 * of {@link EntitiesPackageConfiguration}.
	 *
	 * @param id the id
	 */
	@CollectionEntity("outside")
	public record Outside(@BsonId ObjectId id) {

	}

	/**
	 * A value type with a codec of its own, stored as a string such as {@code "1250 EUR"}.
	 *
	 * @param cents the amount in cents
	 * @param currency the currency
	 */
	public record Money(long cents, String currency) {

	}

	/**
	 * An entity holding a {@link Money}.
	 *
	 * @param id the id
	 * @param total the total
	 */
	public record Invoice(@BsonId ObjectId id, Money total) {

	}

	static final class MoneyCodec implements Codec<Money> {

		@Override
		public void encode(BsonWriter writer, Money value, EncoderContext encoderContext) {
			writer.writeString(value.cents() + " " + value.currency());
		}

		@Override
		public Money decode(BsonReader reader, DecoderContext decoderContext) {
			String[] parts = reader.readString().split(" ");
			return new Money(Long.parseLong(parts[0]), parts[1]);
		}

		@Override
		public Class<Money> getEncoderClass() {
			return Money.class;
		}

	}

	record OrderService(CollectionTemplate<Order> template, CollectionOperations<Order> operations,
			CollectionRepository<Order, ObjectId> repository, CollectionTemplate<Customer> customers) {

	}

	static class OrderRepository extends CollectionRepository<Order, ObjectId> {

		OrderRepository(CollectionOperations<Order> orders) {
			super(orders);
		}

		List<Order> findByCustomer(String customer) {
			return operations().findBy("customer", customer);
		}

	}

	static class CountingSessionLookup implements MongoSessionLookup {

		final AtomicInteger calls = new AtomicInteger();

		// The embedded server cannot start sessions: count the lookups, find no session.
		@Override
		public @Nullable ClientSession currentSession() {
			this.calls.incrementAndGet();
			return null;
		}

	}

	static class ThreadRecordingSessionLookup implements MongoSessionLookup {

		final List<String> threads = new CopyOnWriteArrayList<>();

		@Override
		public @Nullable ClientSession currentSession() {
			this.threads.add(Thread.currentThread().getName());
			return null;
		}

	}

	/**
	 * Holds the first operation that runs on an async thread until released.
	 */
	static class BlockingSessionLookup implements MongoSessionLookup {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public @Nullable ClientSession currentSession() {
			if (Thread.currentThread().getName().startsWith("connect-mongodb-async-") && this.entered.getCount() > 0) {
				this.entered.countDown();
				try {
					this.release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BlockingSessionLookupConfiguration {

		@Bean
		BlockingSessionLookup blockingSessionLookup() {
			return new BlockingSessionLookup();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = Order.class)
	static class EntitiesPackageConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderServiceConfiguration {

		@Bean
		OrderService orderService(CollectionTemplate<Order> template, CollectionOperations<Order> operations,
				CollectionRepository<Order, ObjectId> repository, CollectionTemplate<Customer> customers) {
			return new OrderService(template, operations, repository, customers);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderRepositoryConfiguration {

		@Bean
		OrderRepository orderRepository(CollectionTemplate<Order> orders) {
			return new OrderRepository(orders);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ArchivedOrdersConfiguration {

		@Bean
		CollectionTemplate<Order> archivedOrders(MongoTemplates templates) {
			return templates.of("archived_orders", Order.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTemplatesConfiguration {

		@Bean
		MongoTemplates userTemplates(MongoClient client) {
			return MongoTemplates.builder(client, "user").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserValidatorConfiguration {

		@Bean
		MongoValidator userValidator() {
			return new MongoValidator(new ValidationSettings(true, 10, false, null), ValidationRejectionListener.NONE);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserAsyncExecutorConfiguration {

		@Bean
		MongoAsyncExecutor userAsyncExecutor() {
			ConnectMongoTemplatesProperties.AsyncExecution async = new ConnectMongoTemplatesProperties.AsyncExecution();
			async.setThreadNamePrefix("user-async-");
			return MongoAsyncExecutor.create(async);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ThreadRecordingConfiguration {

		@Bean
		ThreadRecordingSessionLookup threadRecordingSessionLookup() {
			return new ThreadRecordingSessionLookup();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CountingSessionLookupConfiguration {

		@Bean
		CountingSessionLookup countingSessionLookup() {
			return new CountingSessionLookup();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MoneyCodecConfiguration {

		@Bean
		Codec<Money> moneyCodec() {
			return new MoneyCodec();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MoneyCodecProviderConfiguration {

		@Bean
		CodecProvider moneyCodecProvider() {
			return new CodecProvider() {

				@Override
				@SuppressWarnings("unchecked")
				public <T> @Nullable Codec<T> get(Class<T> type, CodecRegistry registry) {
					return (type == Money.class) ? (Codec<T>) new MoneyCodec() : null;
				}

			};
		}

	}

}
