package io.connectplatform.mongodb.core;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.BsonField;
import com.mongodb.client.model.Field;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import io.connectplatform.mongodb.core.validation.MongoValidationException;
import io.connectplatform.mongodb.core.validation.MongoValidator;
import io.connectplatform.mongodb.core.validation.ValidationRejectionListener;
import io.connectplatform.mongodb.core.validation.ValidationRule;
import io.connectplatform.mongodb.core.validation.ValidationSettings;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import io.connectplatform.mongodb.test.FaultInjectingProxy;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for the input validation ({@link MongoValidator}) and exception translation
 * ({@link MongoDriverExceptionTranslator}) that {@link CollectionTemplate} applies to every
 * operation, against an embedded server behind a {@link FaultInjectingProxy}.
 *
 * @author Connect MongoDB team
 */
class CollectionTemplateValidationAndTranslationTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create().withProxies();

	private static final int SEVENTEEN_MIB = 17 * 1024 * 1024;

	private final RecordedCommands commands = new RecordedCommands();

	private MongoClient client;

	private String databaseName;

	private MongoTemplates templates;

	private CollectionTemplate<Order> orders;

	@BeforeEach
	void createTemplates() {
		this.client = this.commands.createClient(mongo.getConnectionString());
		this.databaseName = "checks_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		this.templates = MongoTemplates.builder(this.client, this.databaseName).build();
		this.orders = this.templates.of(Order.class);
	}

	@AfterEach
	void closeClientAndRestoreTheProxy() {
		this.client.close();
		FaultInjectingProxy proxy = mongo.proxy(0);
		if (!proxy.isAcceptingConnections()) {
			proxy.acceptConnections();
		}
	}

	@Test
	void documentOverSixteenMebibytesIsRejectedAndNothingIsInserted() {
		CollectionTemplate<Blob> blobs = this.templates.of(Blob.class);
		Blob blob = new Blob(null, "secret-" + "x".repeat(SEVENTEEN_MIB));
		this.commands.clear();
		MongoValidationException ex = rejected(ValidationRule.DOCUMENT_SIZE, () -> blobs.insert(blob));
		assertThat(ex.getCollection()).isEqualTo("blob");
		assertThat(ex.getMessage()).contains("blob").doesNotContain("secret-");
		rejected(ValidationRule.DOCUMENT_SIZE, () -> blobs.insertAll(List.of(new Blob(null, "small"), blob)));
		rejected(ValidationRule.DOCUMENT_SIZE, () -> blobs.save(blob));
		rejected(ValidationRule.DOCUMENT_SIZE, () -> blobs.bulk().insert(blob));
		assertThat(this.commands.names()).doesNotContain("insert", "update");
		assertThat(blobs.count()).isZero();
	}

	@Test
	void documentOverTheConfiguredSizeIsRejected() {
		MongoTemplates small = MongoTemplates.builder(this.client, this.databaseName)
			.validator(new MongoValidator(new ValidationSettings(true, 100, false, 1024), ValidationRejectionListener.NONE))
			.build();
		CollectionTemplate<Blob> blobs = small.of(Blob.class);
		blobs.insert(new Blob(null, "x".repeat(900)));
		rejected(ValidationRule.DOCUMENT_SIZE, () -> blobs.insert(new Blob(null, "x".repeat(2000))));
		assertThat(blobs.count()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "$set", "$where", "" })
	void mapKeyThatIsNotAValidFieldNameIsRejected(String key) {
		CollectionTemplate<Profile> profiles = this.templates.of(Profile.class);
		Profile profile = new Profile(null, Map.of("lang", "en", key, "secret-value"));
		MongoValidationException ex = rejected(ValidationRule.FIELD_NAME, () -> profiles.insert(profile));
		assertThat(ex.getCollection()).isEqualTo("profile");
		assertThat(ex.getMessage()).doesNotContain("secret-value");
		rejected(ValidationRule.FIELD_NAME, () -> profiles.save(profile));
		assertThat(profiles.count()).isZero();
	}

	@Test
	void mapKeyWithANulCharacterIsRejected() {
		CollectionTemplate<Profile> profiles = this.templates.of(Profile.class);
		rejected(ValidationRule.FIELD_NAME, () -> profiles.insert(new Profile(null, Map.of("la\0ng", "en"))));
		assertThat(profiles.count()).isZero();
	}

	@Test
	void documentNestedDeeperThanOneHundredLevelsIsRejected() {
		CollectionTemplate<Tree> trees = this.templates.of(Tree.class);
		rejected(ValidationRule.NESTING_DEPTH, () -> trees.insert(tree(101)));
		assertThat(trees.count()).isZero();
		Tree deepest = trees.insert(tree(100));
		assertThat(trees.findById(deepest.id())).isPresent();
	}

	@Test
	void nestingLimitComesFromTheSettings() {
		MongoTemplates shallow = MongoTemplates.builder(this.client, this.databaseName)
			.validator(new MongoValidator(new ValidationSettings(true, 3, false, null), ValidationRejectionListener.NONE))
			.build();
		CollectionTemplate<Tree> trees = shallow.of(Tree.class);
		trees.insert(tree(3));
		rejected(ValidationRule.NESTING_DEPTH, () -> trees.insert(tree(4)));
		assertThat(trees.count()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "a$b", "system.x", "a\0b", "$cmd" })
	void invalidCollectionNameIsRejected(String name) {
		MongoValidationException ex = rejected(ValidationRule.COLLECTION_NAME,
				() -> this.templates.of(name, Document.class));
		assertThat(ex.getCollection()).isNull();
	}

	@Test
	void invalidCollectionNameFromTheAnnotationIsRejected() {
		rejected(ValidationRule.COLLECTION_NAME, () -> this.templates.of(BadName.class));
	}

	@Test
	void collectionNamesAreCheckedEvenWhenValidationIsDisabled() {
		MongoTemplates unchecked = MongoTemplates.builder(this.client, this.databaseName)
			.validator(new MongoValidator(new ValidationSettings(false, 100, false, null), ValidationRejectionListener.NONE))
			.build();
		rejected(ValidationRule.COLLECTION_NAME, () -> unchecked.of("system.users", Document.class));
		// Sent, so not rejected: whether the server then runs it does not matter here
		catchThrowable(() -> unchecked.of(Order.class).find(Filters.where("this.total > 1")));
		assertThat(this.commands.named("find")).anySatisfy((find) -> assertThat(find.toJson()).contains("$where"));
	}

	@Test
	void whereFilterIsRejectedByEveryOperationBeforeAnythingIsSent() {
		Bson where = Filters.where("this.total > 1");
		this.commands.clear();
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.find(where));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.findOne(where));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.find(FindQuery.where(where).limit(1)));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.stream(FindQuery.where(where)));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.count(where));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.exists(where));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.distinct("customer", where, String.class));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.page(where, PageRequest.of(0, 5)));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.scroll(where, Sort.by("total"), 5, ScrollPosition.keyset()));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.updateOne(where, Updates.set("total", 1)));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.updateMany(where, Updates.set("total", 1)));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT,
				() -> this.orders.findOneAndUpdate(where, Updates.set("total", 1), ReturnDocument.AFTER));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.findOneAndDelete(where));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.deleteOne(where));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.deleteMany(where));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.bulk().deleteMany(where));
		assertThat(this.commands.names()).isEmpty();
	}

	@Test
	void whereNestedInALogicalOperatorIsRejected() {
		Bson where = Filters.where("this.total > 1");
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT,
				() -> this.orders.find(Filters.and(Filters.eq("customer", "ada"), where)));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT,
				() -> this.orders.find(Filters.or(Filters.eq("customer", "ada"), where)));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT,
				() -> this.orders.find(Filters.nor(Filters.eq("customer", "ada"), where)));
	}

	@Test
	void functionInAnExpressionOfAFilterIsRejected() {
		Bson function = Filters.expr(Document.parse(
				"{$function: {body: 'function(total) { return total > 1 }', args: ['$total'], lang: 'js'}}"));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.find(function));
	}

	@Test
	void functionAndAccumulatorInAnAggregationAreRejected() {
		Bson function = Aggregates.addFields(new Field<>("double",
				Document.parse("{$function: {body: 'function(t) { return 2 * t }', args: ['$total'], lang: 'js'}}")));
		Bson accumulator = Aggregates.group("$customer", new BsonField("all",
				Document.parse("{$accumulator: {init: 'function() { return 0 }', accumulate: 'function(s, t) { return s + t }',"
						+ " accumulateArgs: ['$total'], merge: 'function(a, b) { return a + b }', lang: 'js'}}")));
		Bson where = Aggregates.match(Filters.where("this.total > 1"));
		this.commands.clear();
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.aggregate(List.of(function), Document.class));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT,
				() -> this.orders.aggregate(List.of(Aggregates.match(Filters.empty()), accumulator), Document.class));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.aggregate(List.of(where), Document.class));
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> this.orders.aggregateStream(List.of(function), Document.class));
		assertThat(this.commands.names()).isEmpty();
	}

	@Test
	void serverSideJavascriptIsSentWhenTheSettingsAllowIt() {
		MongoTemplates allowing = MongoTemplates.builder(this.client, this.databaseName)
			.validator(new MongoValidator(new ValidationSettings(true, 100, true, null), ValidationRejectionListener.NONE))
			.build();
		CollectionTemplate<Order> allowed = allowing.of(Order.class);
		allowed.insert(new Order(null, "ada", 2));
		this.commands.clear();
		// The embedded server does not run JavaScript: it fails, but only once the command was
		// sent, so the template did not reject it
		catchThrowable(() -> allowed.find(Filters.where("this.total > 1")));
		assertThat(this.commands.named("find")).singleElement()
			.satisfies((find) -> assertThat(find.getDocument("filter").containsKey("$where")).isTrue());
		Bson function = Aggregates.addFields(new Field<>("double",
				Document.parse("{$function: {body: 'function(t) { return 2 * t }', args: ['$total'], lang: 'js'}}")));
		catchThrowable(() -> allowed.aggregate(List.of(function), Document.class));
		assertThat(this.commands.named("aggregate")).singleElement()
			.satisfies((aggregate) -> assertThat(aggregate.toJson()).contains("$function"));
	}

	@Test
	void pipelineStageWithTwoOperatorsOrWithoutAnOperatorIsRejected() {
		this.commands.clear();
		rejected(ValidationRule.PIPELINE_STAGE, () -> this.orders.aggregate(
				List.of(new Document("$match", new Document()).append("$limit", 1)), Document.class));
		rejected(ValidationRule.PIPELINE_STAGE,
				() -> this.orders.aggregate(List.of(new Document("match", new Document())), Document.class));
		rejected(ValidationRule.PIPELINE_STAGE, () -> this.orders.aggregate(List.of(new Document()), Document.class));
		assertThat(this.commands.names()).isEmpty();
	}

	@Test
	void outOrMergeBeforeTheLastStageIsRejected() {
		rejected(ValidationRule.PIPELINE_STAGE, () -> this.orders
			.aggregate(List.of(Aggregates.out("copy"), Aggregates.match(Filters.empty())), Document.class));
		rejected(ValidationRule.PIPELINE_STAGE, () -> this.orders
			.aggregate(List.of(Aggregates.merge("copy"), Aggregates.limit(1)), Document.class));
		assertThat(this.templates.of("copy", Order.class).count()).isZero();
	}

	@Test
	void outAsTheLastStageIsAllowed() {
		this.orders.insert(new Order(null, "ada", 1));
		this.orders.aggregate(List.of(Aggregates.match(Filters.empty()), Aggregates.out("copy")), Document.class);
		assertThat(this.templates.of("copy", Order.class).count()).isEqualTo(1);
	}

	@Test
	void rejectionListenerIsToldOfEachRejectionOnce() {
		List<String> rejections = new CopyOnWriteArrayList<>();
		MongoTemplates counted = MongoTemplates.builder(this.client, this.databaseName)
			.validator(new MongoValidator(ValidationSettings.defaults(),
					(rule, collection) -> rejections.add(rule + " " + collection)))
			.build();
		CollectionTemplate<Order> template = counted.of(Order.class);
		template.insert(new Order(null, "ada", 1));
		template.find(Filters.eq("customer", "ada"));
		assertThat(rejections).isEmpty();
		rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT, () -> template.find(Filters.where("true")));
		rejected(ValidationRule.PIPELINE_STAGE, () -> template.aggregate(List.of(new Document("match", 1)), Order.class));
		rejected(ValidationRule.COLLECTION_NAME, () -> counted.of("system.x", Order.class));
		assertThat(rejections).containsExactly("SERVER_SIDE_JAVASCRIPT orders", "PIPELINE_STAGE orders",
				"COLLECTION_NAME null");
	}

	@Test
	void failingRejectionListenerIsAddedAsSuppressed() {
		IllegalStateException listenerFailure = new IllegalStateException("listener failed");
		MongoTemplates failing = MongoTemplates.builder(this.client, this.databaseName)
			.validator(new MongoValidator(ValidationSettings.defaults(), (rule, collection) -> {
				throw listenerFailure;
			}))
			.build();
		MongoValidationException ex = rejected(ValidationRule.SERVER_SIDE_JAVASCRIPT,
				() -> failing.of(Order.class).find(Filters.where("true")));
		assertThat(ex.getSuppressed()).containsExactly(listenerFailure);
	}

	@Test
	void duplicateKeyOnInsertIsADuplicateKeyExceptionCausedByTheDriversException() {
		this.orders.createIndex(Indexes.ascending("customer"), new IndexOptions().unique(true));
		Order ada = this.orders.insert(new Order(null, "ada", 1));
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.orders.insert(new Order(null, "ada", 2)))
			.withCauseInstanceOf(MongoWriteException.class);
		assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> this.orders.insert(ada))
			.withCauseInstanceOf(MongoWriteException.class);
		assertThat(this.orders.count()).isEqualTo(1);
	}

	@Test
	void duplicateKeyOnUpdateIsADuplicateKeyException() {
		this.orders.createIndex(Indexes.ascending("customer"), new IndexOptions().unique(true));
		this.orders.insert(new Order(null, "ada", 1));
		Order bob = this.orders.insert(new Order(null, "bob", 2));
		assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(
				() -> this.orders.updateOne(Filters.eq("_id", bob.id()), Updates.set("customer", "ada")));
		assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> this.orders
			.findOneAndUpdate(Filters.eq("_id", bob.id()), Updates.set("customer", "ada"), ReturnDocument.AFTER));
		assertThat(this.orders.findById(bob.id())).contains(bob);
	}

	@Test
	void uniqueIndexOverDuplicatesIsADuplicateKeyException() {
		this.orders.insertAll(List.of(new Order(null, "ada", 1), new Order(null, "ada", 2)));
		assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(
				() -> this.orders.createIndex(Indexes.ascending("customer"), new IndexOptions().unique(true)));
	}

	@Test
	void duplicateInInsertAllIsABulkWriteFailureWithTheIndex() {
		ObjectId id = new ObjectId();
		MongoBulkWriteFailureException ex = catchBulkFailure(() -> this.orders.insertAll(
				List.of(new Order(id, "ada", 1), new Order(id, "bob", 2), new Order(null, "cy", 3))));
		assertThat(ex.getFailures()).singleElement().satisfies((failure) -> {
			assertThat(failure.index()).isEqualTo(1);
			assertThat(failure.isDuplicateKey()).isTrue();
		});
		// The embedded server reports wrong counts for a failed bulk write: check what was
		// written instead
		assertThat(this.orders.count()).isEqualTo(1);
	}

	@Test
	void duplicateInABulkWriteIsABulkWriteFailureWithTheIndexOfTheOperation() {
		Order ada = this.orders.insert(new Order(null, "ada", 1));
		MongoBulkWriteFailureException ex = catchBulkFailure(() -> this.orders.bulk()
			.insert(new Order(null, "bob", 2))
			.updateOne(Filters.eq("customer", "bob"), Updates.inc("total", 1))
			.insert(ada)
			.insert(new Order(null, "cy", 3))
			.execute());
		assertThat(ex).isInstanceOf(DataIntegrityViolationException.class).hasCauseInstanceOf(MongoException.class);
		assertThat(ex.getFailures()).hasSize(1);
		assertThat(ex.getFailures().get(0).index()).isEqualTo(2);
		assertThat(ex.getFailures().get(0).code()).isEqualTo(11000);
		assertThat(ex.isDuplicateKey()).isTrue();
		// The embedded server reports wrong counts for a failed bulk write: check what was
		// written instead
		assertThat(this.orders.findAll()).containsExactlyInAnyOrder(ada, new Order(null, "bob", 3).withIdOf(this.orders
			.findOneBy("customer", "bob")
			.get()));
	}

	@Test
	void duplicateInAnUnorderedBulkWriteIsReportedAfterTheOtherOperationsRan() {
		Order ada = this.orders.insert(new Order(null, "ada", 1));
		MongoBulkWriteFailureException ex = catchBulkFailure(() -> this.orders.bulk()
			.ordered(false)
			.insert(ada)
			.insert(new Order(null, "bob", 2))
			.insert(ada)
			.insert(new Order(null, "cy", 3))
			.execute());
		assertThat(ex.getFailures()).extracting(MongoBulkWriteFailureException.BulkWriteFailure::index)
			.containsExactly(0, 2);
		// The embedded server reports wrong counts for a failed bulk write: check what was
		// written instead
		assertThat(this.orders.findAll()).extracting(Order::customer).containsExactlyInAnyOrder("ada", "bob", "cy");
	}

	@Test
	void saveOfANewVersionedEntityThatSomeoneInsertsMeanwhileIsAnOptimisticLockingFailure() {
		ObjectId id = new ObjectId();
		AtomicBoolean armed = new AtomicBoolean();
		// Insert the same id from another client once the template has found no document
		// with it, just before the template inserts its own
		CommandListener racer = new CommandListener() {

			@Override
			public void commandSucceeded(CommandSucceededEvent event) {
				if (event.getCommandName().equals("find") && armed.compareAndSet(true, false)) {
					try (MongoClient other = MongoClients.create(mongo.getConnectionString())) {
						other.getDatabase(CollectionTemplateValidationAndTranslationTests.this.databaseName)
							.getCollection("invoice")
							.insertOne(new Document("_id", id).append("number", "theirs").append("version", 0L));
					}
				}
			}

		};
		try (MongoClient racing = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(mongo.getConnectionString()))
			.addCommandListener(racer)
			.build())) {
			CollectionTemplate<Invoice> invoices = MongoTemplates.builder(racing, this.databaseName)
				.build()
				.of(Invoice.class);
			armed.set(true);
			assertThatExceptionOfType(OptimisticLockingFailureException.class)
				.isThrownBy(() -> invoices.save(new Invoice(id, "mine", 0)))
				.withMessageContaining(id.toHexString());
			assertThat(armed).isFalse();
			assertThat(invoices.findById(id)).get().extracting(Invoice::number).isEqualTo("theirs");
		}
	}

	@Test
	void readWhenTheServerIsGoneIsADataAccessResourceFailure() {
		try (MongoClient shortTimeout = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(mongo.getConnectionString()))
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(500, TimeUnit.MILLISECONDS))
			.build())) {
			CollectionTemplate<Order> template = MongoTemplates.builder(shortTimeout, this.databaseName)
				.build()
				.of(Order.class);
			Order ada = template.insert(new Order(null, "ada", 1));
			assertThat(template.findById(ada.id())).contains(ada);
			FaultInjectingProxy proxy = mongo.proxy(0);
			proxy.refuseConnections();
			proxy.dropConnections();
			assertThatExceptionOfType(DataAccessResourceFailureException.class)
				.isThrownBy(() -> template.findById(ada.id()))
				.withCauseInstanceOf(MongoException.class);
			assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(template::count);
		}
	}

	private static MongoValidationException rejected(ValidationRule rule,
			ThrowingCallable call) {
		return assertThatExceptionOfType(MongoValidationException.class).isThrownBy(call)
			.isInstanceOf(InvalidDataAccessApiUsageException.class)
			.satisfies((ex) -> assertThat(ex.getRule()).isEqualTo(rule))
			.actual();
	}

	private static MongoBulkWriteFailureException catchBulkFailure(
			ThrowingCallable call) {
		return assertThatExceptionOfType(MongoBulkWriteFailureException.class).isThrownBy(call)
			.isInstanceOf(DataIntegrityViolationException.class)
			.actual();
	}

	/**
	 * A tree whose encoded document is {@code depth} levels deep, counting the top-level
	 * document as level 1.
	 */
	private static Tree tree(int depth) {
		Document child = new Document("leaf", true);
		for (int level = 3; level <= depth; level++) {
			child = new Document("child", child);
		}
		return new Tree(null, child);
	}

	@CollectionEntity("orders")
	public record Order(@BsonId ObjectId id, String customer, int total) {

		Order withIdOf(Order other) {
			return new Order(other.id(), this.customer, this.total);
		}

	}

	public record Blob(@BsonId ObjectId id, String data) {
	}

	public record Profile(@BsonId ObjectId id, Map<String, String> attributes) {
	}

	public record Tree(@BsonId ObjectId id, Document child) {
	}

	public record Invoice(@BsonId ObjectId id, String number, @Version long version) {
	}

	@CollectionEntity("bad$name")
	public record BadName(@BsonId ObjectId id) {
	}

}
