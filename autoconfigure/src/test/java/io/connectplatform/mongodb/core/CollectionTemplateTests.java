package io.connectplatform.mongodb.core;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.AggregateIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Collation;
import com.mongodb.client.model.CollationStrength;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import io.connectplatform.mongodb.core.CollectionTemplateVersioningTests.Account;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.BsonBinarySubType;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonReader;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecProvider;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.Mockito;

import org.springframework.dao.InvalidDataAccessApiUsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * Tests for {@link CollectionTemplate} and {@link MongoTemplates}: every operation against
 * an embedded server over TCP, and the mapping of records and POJOs by the driver's codecs.
 *
 * @author Connect MongoDB team
 */
class CollectionTemplateTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private static final Instant CREATED = Instant.parse("2024-05-01T10:15:30.123Z");

	private final RecordedCommands commands = new RecordedCommands();

	private MongoClient client;

	private String databaseName;

	private MongoTemplates templates;

	private CollectionTemplate<Order> orders;

	@BeforeEach
	void createTemplates() {
		this.client = this.commands.createClient(mongo.getConnectionString());
		this.databaseName = "templates_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		this.templates = MongoTemplates.builder(this.client, this.databaseName).build();
		this.orders = this.templates.of(Order.class);
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void insertGeneratesAnObjectIdAndReturnsANewRecord() {
		Order order = new Order(null, "ada", Status.OPEN, 10);
		Order inserted = this.orders.insert(order);
		assertThat(inserted).isNotSameAs(order);
		assertThat(order.id()).isNull();
		assertThat(inserted.id()).isNotNull();
		assertThat(inserted).isEqualTo(new Order(inserted.id(), "ada", Status.OPEN, 10));
		assertThat(this.orders.findById(inserted.id())).contains(inserted);
		assertThat(raw("orders").find().first().get("_id").asObjectId().getValue()).isEqualTo(inserted.id());
	}

	@Test
	void insertKeepsAnAssignedId() {
		ObjectId id = new ObjectId();
		Order order = new Order(id, "ada", Status.OPEN, 10);
		assertThat(this.orders.insert(order)).isEqualTo(order);
		assertThat(this.orders.findById(id)).contains(order);
	}

	@Test
	void insertGeneratesAHexStringForAStringId() {
		CollectionTemplate<Note> notes = this.templates.of(Note.class);
		Note inserted = notes.insert(new Note(null, "hello"));
		assertThat(inserted.id()).matches("[0-9a-f]{24}");
		assertThat(raw("note").find().first().get("_id")).isEqualTo(new BsonString(inserted.id()));
		assertThat(notes.findById(inserted.id())).contains(inserted);
	}

	@Test
	void insertGeneratesARandomUuidForAUuidId() {
		CollectionTemplate<Ticket> tickets = this.templates.of(Ticket.class);
		Ticket first = tickets.insert(new Ticket(null, "first"));
		Ticket second = tickets.insert(new Ticket(null, "second"));
		assertThat(first.id()).isNotNull().isNotEqualTo(second.id());
		assertThat(first.id().version()).isEqualTo(4);
		BsonValue storedId = raw("ticket").find(Filters.eq("title", "first")).first().get("_id");
		assertThat(storedId.isBinary()).isTrue();
		assertThat(storedId.asBinary().getType()).isEqualTo(BsonBinarySubType.UUID_STANDARD.getValue());
		assertThat(tickets.findById(first.id())).contains(first);
	}

	@Test
	void insertSetsTheIdOfAPojoInPlace() {
		CollectionTemplate<Customer> customers = this.templates.of(Customer.class);
		Customer customer = new Customer();
		customer.setName("ada");
		Customer inserted = customers.insert(customer);
		assertThat(inserted).isSameAs(customer);
		assertThat(customer.getId()).isNotNull();
		assertThat(customers.findById(customer.getId())).get().extracting(Customer::getName).isEqualTo("ada");
	}

	@Test
	void insertStartsANullLongVersionAtZero() {
		CollectionTemplate<Account> accounts = this.templates.of(Account.class);
		Account account = new Account();
		account.setOwner("ada");
		Account inserted = accounts.insert(account);
		assertThat(inserted).isSameAs(account);
		assertThat(account.getVersion()).isEqualTo(0L);
		assertThat(account.getId()).matches("[0-9a-f]{24}");
		assertThat(raw("account").find().first().get("version")).isEqualTo(new BsonInt64(0));
	}

	@Test
	void insertAllPreparesEveryEntityAndKeepsTheOrder() {
		List<Order> inserted = this.orders.insertAll(
				List.of(order("ada", 1), new Order(new ObjectId(), "bob", Status.PAID, 2), order("cy", 3)));
		assertThat(inserted).extracting(Order::customer).containsExactly("ada", "bob", "cy");
		assertThat(inserted).extracting(Order::id).doesNotContainNull().doesNotHaveDuplicates();
		assertThat(this.orders.findAll()).containsExactlyInAnyOrderElementsOf(inserted);
		assertThat(this.commands.named("insert")).hasSize(1);
	}

	@Test
	void insertAllOfNothingSendsNothing() {
		this.commands.clear();
		assertThat(this.orders.insertAll(List.of())).isEmpty();
		assertThat(this.commands.names()).isEmpty();
	}

	@Test
	void findByIdFindsTheEntityOrNothing() {
		Order ada = this.orders.insert(order("ada", 1));
		assertThat(this.orders.findById(ada.id())).contains(ada);
		assertThat(this.orders.findById(new ObjectId())).isEmpty();
	}

	@Test
	void findOneReturnsAMatchOrNothing() {
		this.orders.insert(order("ada", 1));
		Order bob = this.orders.insert(order("bob", 2));
		assertThat(this.orders.findOne(Filters.gt("total", 1))).contains(bob);
		assertThat(this.orders.findOne(Filters.gt("total", 2))).isEmpty();
	}

	@Test
	void findOneByAndFindByCompareAFieldWithAValue() {
		Order ada = this.orders.insert(order("ada", 1));
		Order ada2 = this.orders.insert(order("ada", 2));
		this.orders.insert(order("bob", 3));
		assertThat(this.orders.findOneBy("customer", "bob")).get().extracting(Order::total).isEqualTo(3);
		assertThat(this.orders.findOneBy("customer", "cy")).isEmpty();
		assertThat(this.orders.findBy("customer", "ada")).containsExactlyInAnyOrder(ada, ada2);
		assertThat(this.orders.findBy("status", Status.OPEN)).hasSize(3);
		assertThat(this.orders.findBy("customer", "cy")).isEmpty();
	}

	@Test
	void findWithAFilterReturnsEveryMatch() {
		insertOrders(10);
		assertThat(this.orders.find(Filters.lt("total", 4))).extracting(Order::total)
			.containsExactlyInAnyOrder(0, 1, 2, 3);
		assertThat(this.orders.findAll()).hasSize(10);
	}

	@Test
	void findWithAQuerySortsSkipsAndLimits() {
		insertOrders(10);
		FindQuery query = FindQuery.where(Filters.gte("total", 2)).sort(Sorts.descending("total")).skip(1).limit(3);
		assertThat(this.orders.find(query)).extracting(Order::total).containsExactly(8, 7, 6);
		assertThat(this.orders.find(FindQuery.all().sort(Sorts.ascending("total")).limit(2))).extracting(Order::total)
			.containsExactly(0, 1);
	}

	@Test
	void findWithAQueryProjectsIntoAnotherRecordType() {
		Order ada = this.orders.insert(order("ada", 1));
		FindQuery query = FindQuery.where(Filters.eq("customer", "ada")).projection(Projections.include("customer"));
		assertThat(this.orders.find(query, CustomerOnly.class)).containsExactly(new CustomerOnly(ada.id(), "ada"));
		assertThat(this.commands.named("find").get(this.commands.named("find").size() - 1).getDocument("projection"))
			.isEqualTo(BsonDocument.parse("{customer: 1}"));
	}

	@Test
	void findWithAQueryProjectionLeavesTheOtherPropertiesNull() {
		CollectionTemplate<Shipment> shipments = this.templates.of(Shipment.class);
		Shipment inserted = shipments.insert(shipment());
		FindQuery query = FindQuery.all().projection(Projections.include("carrier"));
		assertThat(shipments.find(query))
			.containsExactly(new Shipment(inserted.id(), "dhl", null, null, null, null, null, null, null));
	}

	@Test
	void findWithAQuerySendsTheHintCollationMaxTimeAndBatchSize() {
		insertOrders(5);
		String index = this.orders.createIndex(Indexes.ascending("customer"), new IndexOptions());
		Collation collation = Collation.builder().locale("en").collationStrength(CollationStrength.SECONDARY).build();
		FindQuery query = FindQuery.where(Filters.lt("total", 3))
			.sort(Sorts.ascending("total"))
			.hint(Indexes.ascending("customer"))
			.collation(collation)
			.maxTime(Duration.ofMillis(1500))
			.batchSize(2);
		this.commands.clear();
		assertThat(this.orders.find(query)).extracting(Order::total).containsExactly(0, 1, 2);
		// The embedded server accepts hints and collations but ignores them: check what was sent
		BsonDocument find = this.commands.named("find").get(0);
		assertThat(index).isEqualTo("customer_1");
		assertThat(find.getDocument("hint")).isEqualTo(BsonDocument.parse("{customer: 1}"));
		assertThat(find.getDocument("collation")).isEqualTo(collation.asDocument());
		assertThat(find.get("maxTimeMS").asNumber().longValue()).isEqualTo(1500);
		assertThat(find.getInt32("batchSize")).isEqualTo(new BsonInt32(2));
		assertThat(this.commands.named("getMore")).isNotEmpty()
			.allSatisfy((getMore) -> assertThat(getMore.getInt32("batchSize").getValue()).isEqualTo(2));
	}

	@Test
	void streamReturnsEveryMatchInBatches() {
		insertOrders(25);
		this.commands.clear();
		try (Stream<Order> stream = this.orders.stream(FindQuery.all().sort(Sorts.ascending("total")).batchSize(10))) {
			assertThat(stream.map(Order::total)).containsExactlyElementsOf(IntStream.range(0, 25).boxed().toList());
		}
		assertThat(this.commands.names()).containsExactly("find", "getMore", "getMore");
	}

	@Test
	void closingAStreamEarlyClosesItsCursor() {
		insertOrders(200);
		this.commands.clear();
		AtomicBoolean closed = new AtomicBoolean();
		List<Integer> seen = new ArrayList<>();
		try (Stream<Order> stream = this.orders.stream(FindQuery.all().sort(Sorts.ascending("total")).batchSize(10))
			.onClose(() -> closed.set(true))) {
			Iterator<Order> iterator = stream.iterator();
			while (seen.size() < 15) {
				seen.add(iterator.next().total());
			}
			assertThat(this.commands.names()).containsExactly("find", "getMore");
		}
		assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 15).boxed().toList());
		assertThat(closed).isTrue();
		assertThat(this.commands.names()).containsExactly("find", "getMore", "killCursors");
		long cursorId = this.commands.named("getMore").get(0).getInt64("getMore").getValue();
		assertThat(this.commands.named("killCursors").get(0).getArray("cursors")).containsExactly(new BsonInt64(cursorId));
	}

	@Test
	void countExistsAndDistinctLookAtTheMatchingDocuments() {
		Order ada = this.orders.insert(order("ada", 1));
		this.orders.insert(order("ada", 2));
		this.orders.insert(order("bob", 3));
		assertThat(this.orders.count()).isEqualTo(3);
		assertThat(this.orders.count(Filters.eq("customer", "ada"))).isEqualTo(2);
		assertThat(this.orders.count(Filters.eq("customer", "cy"))).isZero();
		assertThat(this.orders.exists(Filters.eq("customer", "bob"))).isTrue();
		assertThat(this.orders.exists(Filters.eq("customer", "cy"))).isFalse();
		assertThat(this.orders.existsById(ada.id())).isTrue();
		assertThat(this.orders.existsById(new ObjectId())).isFalse();
		assertThat(this.orders.distinct("customer", Filters.empty(), String.class)).containsExactlyInAnyOrder("ada",
				"bob");
		assertThat(this.orders.distinct("total", Filters.gt("total", 1), Integer.class)).containsExactlyInAnyOrder(2,
				3);
	}

	@Test
	void updateOneChangesOnlyTheFirstMatch() {
		insertOrders(3);
		UpdateResult result = this.orders.updateOne(Filters.empty(), Updates.set("status", "PAID"));
		assertThat(result.getMatchedCount()).isEqualTo(1);
		assertThat(result.getModifiedCount()).isEqualTo(1);
		assertThat(result.getUpsertedId()).isNull();
		assertThat(this.orders.count(Filters.eq("status", "PAID"))).isEqualTo(1);
	}

	@Test
	void updateManyChangesEveryMatch() {
		insertOrders(5);
		UpdateResult result = this.orders.updateMany(Filters.gte("total", 2), Updates.inc("total", 100));
		assertThat(result.getMatchedCount()).isEqualTo(3);
		assertThat(result.getModifiedCount()).isEqualTo(3);
		assertThat(this.orders.findAll()).extracting(Order::total).containsExactlyInAnyOrder(0, 1, 102, 103, 104);
		assertThat(this.orders.updateMany(Filters.eq("customer", "nobody"), Updates.inc("total", 1),
				new UpdateOptions().upsert(true))
			.getUpsertedId()).isNotNull();
	}

	@Test
	void upsertInsertsWhenNothingMatchesAndReportsTheUpsertedId() {
		UpdateResult inserted = this.orders.upsert(Filters.eq("customer", "ada"), Updates.set("total", 7));
		assertThat(inserted.getMatchedCount()).isZero();
		assertThat(inserted.getUpsertedId()).isNotNull();
		ObjectId id = inserted.getUpsertedId().asObjectId().getValue();
		assertThat(this.orders.findById(id)).contains(new Order(id, "ada", null, 7));
		UpdateResult updated = this.orders.upsert(Filters.eq("customer", "ada"), Updates.set("total", 8));
		assertThat(updated.getMatchedCount()).isEqualTo(1);
		assertThat(updated.getUpsertedId()).isNull();
		assertThat(this.orders.count()).isEqualTo(1);
		assertThat(this.orders.findById(id)).get().extracting(Order::total).isEqualTo(8);
	}

	@Test
	void updateOneWithUpsertOptionInsertsWhenNothingMatches() {
		UpdateResult result = this.orders.updateOne(Filters.eq("customer", "ada"), Updates.set("total", 1),
				new UpdateOptions().upsert(true));
		assertThat(result.getUpsertedId()).isNotNull();
		assertThat(this.orders.count(Filters.eq("customer", "ada"))).isEqualTo(1);
	}

	@Test
	void replaceWritesTheEntityWithItsId() {
		Order ada = this.orders.insert(order("ada", 1));
		Order changed = new Order(ada.id(), "ada", Status.PAID, 2);
		assertThat(this.orders.replace(changed)).contains(changed);
		assertThat(this.orders.findById(ada.id())).contains(changed);
		assertThat(this.orders.count()).isEqualTo(1);
	}

	@Test
	void replaceOfAMissingDocumentReturnsEmptyAndInsertsNothing() {
		assertThat(this.orders.replace(new Order(new ObjectId(), "ada", Status.OPEN, 1))).isEmpty();
		assertThat(this.orders.count()).isZero();
	}

	@Test
	void replaceWithoutAnIdIsRejected() {
		assertThatException().isThrownBy(() -> this.orders.replace(order("ada", 1)))
			.isInstanceOf(InvalidDataAccessApiUsageException.class)
			.withMessageContaining("without an id")
			.withMessageContaining("'id' is null");
	}

	@Test
	void saveInsertsANewEntity() {
		Order saved = this.orders.save(order("ada", 1));
		assertThat(saved.id()).isNotNull();
		assertThat(this.orders.findAll()).containsExactly(saved);
	}

	@Test
	void saveReplacesAnExistingEntity() {
		Order saved = this.orders.save(order("ada", 1));
		Order changed = new Order(saved.id(), "ada", Status.PAID, 5);
		assertThat(this.orders.save(changed)).isEqualTo(changed);
		assertThat(this.orders.findAll()).containsExactly(changed);
	}

	@Test
	void saveOfAnUnversionedEntityWithAnAssignedIdUpsertsById() {
		ObjectId id = new ObjectId();
		Order order = new Order(id, "ada", Status.OPEN, 1);
		assertThat(this.orders.save(order)).isEqualTo(order);
		assertThat(this.orders.findById(id)).contains(order);
		this.commands.clear();
		Order changed = new Order(id, "ada", Status.PAID, 2);
		this.orders.save(changed);
		assertThat(this.orders.findAll()).containsExactly(changed);
		assertThat(this.commands.named("insert")).isEmpty();
	}

	@Test
	void findOneAndUpdateReturnsTheDocumentBeforeOrAfterTheUpdate() {
		Order ada = this.orders.insert(order("ada", 1));
		assertThat(this.orders.findOneAndUpdate(Filters.eq("customer", "ada"), Updates.inc("total", 1),
				ReturnDocument.BEFORE))
			.contains(ada);
		assertThat(this.orders.findOneAndUpdate(Filters.eq("customer", "ada"), Updates.inc("total", 1),
				ReturnDocument.AFTER))
			.contains(new Order(ada.id(), "ada", Status.OPEN, 3));
		assertThat(this.orders.findOneAndUpdate(Filters.eq("customer", "bob"), Updates.inc("total", 1),
				ReturnDocument.AFTER))
			.isEmpty();
		assertThat(this.orders.count()).isEqualTo(1);
	}

	@Test
	void findOneAndUpdateWithOptionsSortsAndUpserts() {
		this.orders.insert(order("ada", 1));
		this.orders.insert(order("ada", 5));
		Optional<Order> highest = this.orders.findOneAndUpdate(Filters.eq("customer", "ada"),
				Updates.set("status", "PAID"), new FindOneAndUpdateOptions().sort(Sorts.descending("total"))
					.returnDocument(ReturnDocument.AFTER));
		assertThat(highest).get().extracting(Order::total, Order::status).containsExactly(5, Status.PAID);
		Optional<Order> upserted = this.orders.findOneAndUpdate(Filters.eq("customer", "bob"), Updates.set("total", 9),
				new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
		assertThat(upserted).get().extracting(Order::customer, Order::total).containsExactly("bob", 9);
	}

	@Test
	void findOneAndReplaceReturnsTheDocumentBeforeOrAfterTheReplacement() {
		Order ada = this.orders.insert(order("ada", 1));
		Order paid = new Order(ada.id(), "ada", Status.PAID, 1);
		assertThat(this.orders.findOneAndReplace(Filters.eq("customer", "ada"), paid, ReturnDocument.BEFORE))
			.contains(ada);
		Order more = new Order(ada.id(), "ada", Status.PAID, 2);
		assertThat(this.orders.findOneAndReplace(Filters.eq("customer", "ada"), more, ReturnDocument.AFTER))
			.contains(more);
		assertThat(this.orders.findOneAndReplace(Filters.eq("customer", "bob"), order("bob", 1), ReturnDocument.AFTER))
			.isEmpty();
		assertThat(this.orders.findAll()).containsExactly(more);
	}

	@Test
	void findOneAndDeleteReturnsTheDeletedDocument() {
		Order ada = this.orders.insert(order("ada", 1));
		assertThat(this.orders.findOneAndDelete(Filters.eq("customer", "ada"))).contains(ada);
		assertThat(this.orders.findOneAndDelete(Filters.eq("customer", "ada"))).isEmpty();
		assertThat(this.orders.count()).isZero();
	}

	@Test
	void deleteByIdDeleteOneAndDeleteManyRemoveMatchingDocuments() {
		Order first = this.orders.insert(order("ada", 1));
		insertOrders(5);
		assertThat(this.orders.deleteById(first.id())).isTrue();
		assertThat(this.orders.deleteById(first.id())).isFalse();
		assertThat(this.orders.deleteOne(Filters.lt("total", 2))).isTrue();
		assertThat(this.orders.count()).isEqualTo(4);
		assertThat(this.orders.deleteOne(Filters.eq("customer", "nobody"))).isFalse();
		assertThat(this.orders.deleteMany(Filters.gte("total", 2))).isEqualTo(3);
		assertThat(this.orders.deleteMany(Filters.gte("total", 2))).isZero();
		assertThat(this.orders.count()).isEqualTo(1);
	}

	@Test
	void aggregateDecodesEachResultIntoTheResultType() {
		this.orders.insertAll(List.of(order("ada", 1), order("ada", 2), order("bob", 5)));
		List<CustomerTotal> totals = this.orders.aggregate(
				List.of(Aggregates.group("$customer", Accumulators.sum("total", "$total")),
						Aggregates.sort(Sorts.ascending("_id"))),
				CustomerTotal.class);
		assertThat(totals).containsExactly(new CustomerTotal("ada", 3), new CustomerTotal("bob", 5));
		assertThat(this.orders.aggregate(List.of(Aggregates.match(Filters.eq("customer", "bob"))), Order.class))
			.extracting(Order::total)
			.containsExactly(5);
	}

	@Test
	void aggregateStreamStreamsTheResults() {
		insertOrders(300);
		List<Bson> pipeline = List.of(Aggregates.sort(Sorts.ascending("total")), Aggregates.project(
				Projections.fields(Projections.excludeId(), Projections.computed("customer", "$customer"))));
		try (Stream<Document> stream = this.orders.aggregateStream(pipeline, Document.class)) {
			assertThat(stream.count()).isEqualTo(300);
		}
		try (Stream<Document> stream = this.orders.aggregateStream(pipeline, Document.class)) {
			assertThat(stream.limit(3).map((document) -> document.getString("customer"))).containsExactly("c0", "c1",
					"c2");
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void closingAnAggregateStreamClosesItsCursor() {
		// The embedded server returns every aggregation result in the first batch, so it never
		// leaves a cursor open: check with a mocked driver instead
		MongoClient mockClient = mock(MongoClient.class);
		MongoDatabase database = mock(MongoDatabase.class, Mockito.RETURNS_SELF);
		com.mongodb.client.MongoCollection<Order> collection = mock(com.mongodb.client.MongoCollection.class);
		AggregateIterable<Document> aggregate = mock(AggregateIterable.class);
		MongoCursor<Document> cursor = mock(MongoCursor.class);
		given(mockClient.getDatabase("shop")).willReturn(database);
		given(database.getName()).willReturn("shop");
		given(database.getCodecRegistry()).willReturn(MongoClientSettings.getDefaultCodecRegistry());
		given(database.withCodecRegistry(any())).willReturn(database);
		given(database.getCollection("orders", Order.class)).willReturn(collection);
		given(collection.aggregate(anyList(), eq(Document.class))).willReturn(aggregate);
		given(aggregate.cursor()).willReturn(cursor);
		given(cursor.hasNext()).willReturn(true);
		given(cursor.next()).willReturn(new Document("n", 1));
		CollectionTemplate<Order> template = MongoTemplates.builder(mockClient, "shop").build().of(Order.class);
		try (Stream<Document> stream = template.aggregateStream(List.of(Aggregates.limit(1000)), Document.class)) {
			// Not with assertThat(stream), which closes the stream
			assertThat(stream.limit(2).toList()).hasSize(2);
			then(cursor).should(never()).close();
		}
		then(cursor).should().close();
	}

	@Test
	void ensureIndexesCreatesTheAnnotatedIndexes() {
		CollectionTemplate<Event> events = this.templates.of(Event.class);
		List<String> names = events.ensureIndexes();
		assertThat(names).containsExactlyInAnyOrder("kind_1_at_-1", "reference_1", "at_-1", "expiresAt_1",
				"open_status", "source_1");
		Map<String, Document> indexes = indexes("events");
		assertThat(indexes).containsOnlyKeys("_id_", "kind_1_at_-1", "reference_1", "at_-1", "expiresAt_1",
				"open_status", "source_1");
		assertThat(indexes.get("kind_1_at_-1").get("key", Document.class)).isEqualTo(Document.parse("{kind: 1, at: -1}"));
		assertThat(indexes.get("kind_1_at_-1").getBoolean("unique", false)).isTrue();
		assertThat(indexes.get("reference_1").get("key", Document.class)).isEqualTo(Document.parse("{reference: 1}"));
		assertThat(indexes.get("reference_1").getBoolean("unique", false)).isTrue();
		assertThat(indexes.get("at_-1").get("key", Document.class)).isEqualTo(Document.parse("{at: -1}"));
		assertThat(indexes.get("at_-1").getBoolean("unique", false)).isFalse();
		// The embedded server keeps the TTL option but never expires documents: only the
		// definition is checked
		assertThat(indexes.get("expiresAt_1").get("expireAfterSeconds", Number.class).longValue()).isEqualTo(3600);
		assertThat(indexes.get("open_status").get("key", Document.class)).isEqualTo(Document.parse("{status: 1}"));
		assertThat(indexes.get("open_status").get("partialFilterExpression", Document.class))
			.isEqualTo(Document.parse("{status: 'OPEN'}"));
		assertThat(indexes.get("source_1").get("key", Document.class)).isEqualTo(Document.parse("{source: 1}"));
		assertThat(indexes.get("source_1").getBoolean("sparse", false)).isTrue();
		assertThat(events.ensureIndexes()).containsExactlyInAnyOrderElementsOf(names);
		assertThat(indexes("events")).hasSize(7);
	}

	@Test
	void ensureIndexesOfATypeWithoutIndexesCreatesNothing() {
		this.commands.clear();
		assertThat(this.orders.ensureIndexes()).isEmpty();
		assertThat(this.commands.named("createIndexes")).isEmpty();
	}

	@Test
	void autoIndexCreationCreatesTheIndexesWhenATemplateIsCreated() {
		MongoTemplates auto = MongoTemplates.builder(this.client, this.databaseName).autoIndexCreation(true).build();
		assertThat(indexes("events")).doesNotContainKey("reference_1");
		auto.of(Event.class);
		assertThat(indexes("events")).containsKeys("reference_1", "kind_1_at_-1");
	}

	@Test
	void createIndexWithAUniqueOptionRejectsADuplicate() {
		String name = this.orders.createIndex(Indexes.ascending("customer"), new IndexOptions().unique(true));
		assertThat(name).isEqualTo("customer_1");
		assertThat(indexes("orders").get("customer_1").getBoolean("unique")).isTrue();
		this.orders.insert(order("ada", 1));
		// DuplicateKeyException once exceptions are translated
		// (CollectionTemplateValidationAndTranslationTests)
		assertThatException().isThrownBy(() -> this.orders.insert(order("ada", 2)))
			.withMessageContaining("E11000");
		assertThat(this.orders.count()).isEqualTo(1);
	}

	@Test
	void createIndexesCreatesSeveralIndexesInOneCommand() {
		this.commands.clear();
		List<String> names = this.orders.createIndexes(List.of(new IndexModel(Indexes.ascending("customer")),
				new IndexModel(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("total")),
						new IndexOptions().name("status_total"))));
		assertThat(names).containsExactly("customer_1", "status_total");
		assertThat(this.commands.named("createIndexes")).hasSize(1);
		assertThat(indexes("orders")).containsOnlyKeys("_id_", "customer_1", "status_total");
	}

	@Test
	void createIndexesOfNoIndexesIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.orders.createIndexes(List.of()))
			.withMessageContaining("'indexes'");
	}

	@Test
	void createCollectionCollectionExistsAndDrop() {
		assertThat(this.orders.collectionExists()).isFalse();
		this.orders.createCollection(new CreateCollectionOptions());
		assertThat(this.orders.collectionExists()).isTrue();
		this.orders.insert(order("ada", 1));
		this.orders.drop();
		assertThat(this.orders.collectionExists()).isFalse();
		assertThat(this.orders.count()).isZero();
	}

	@Test
	void createCollectionWithSchemaSendsTheSchemaAsTheValidator() {
		Document schema = Document.parse("{bsonType: 'object', required: ['customer']}");
		this.commands.clear();
		this.orders.createCollectionWithSchema(schema);
		// The embedded server does not enforce validators: check that the collection exists
		// and that the schema was sent
		assertThat(this.orders.collectionExists()).isTrue();
		BsonDocument create = this.commands.named("create").get(0);
		assertThat(create.getString("create").getValue()).isEqualTo("orders");
		assertThat(create.getDocument("validator"))
			.isEqualTo(new BsonDocument("$jsonSchema", schema.toBsonDocument()));
	}

	@Test
	void collectionNameComesFromTheAnnotationOrTheDecapitalizedClassName() {
		assertThat(this.orders.getCollectionName()).isEqualTo("orders");
		assertThat(this.orders.getEntityType()).isEqualTo(Order.class);
		assertThat(this.templates.of(LineItem.class).getCollectionName()).isEqualTo("lineItem");
		assertThat(this.templates.of(Unnamed.class).getCollectionName()).isEqualTo("unnamed");
		this.templates.of(LineItem.class).insert(new LineItem(null, "pen"));
		assertThat(raw("lineItem").countDocuments()).isEqualTo(1);
	}

	@Test
	void templatesAreCachedByTypeAndByCollectionName() {
		assertThat(this.templates.of(Order.class)).isSameAs(this.orders);
		assertThat(this.templates.of("orders", Order.class)).isSameAs(this.orders);
		CollectionTemplate<Order> archive = this.templates.of("archive", Order.class);
		assertThat(archive).isNotSameAs(this.orders);
		assertThat(archive.getCollectionName()).isEqualTo("archive");
		assertThat(this.templates.of("archive", Order.class)).isSameAs(archive);
		archive.insert(order("ada", 1));
		assertThat(archive.count()).isEqualTo(1);
		assertThat(this.orders.count()).isZero();
	}

	@Test
	void ofANullTypeIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.templates.of((Class<Order>) null))
			.withMessageContaining("'type'");
	}

	@Test
	void recordsAreMappedWithEnumsJavaTimeNestedRecordsListsMapsAndRenamedProperties() {
		CollectionTemplate<Shipment> shipments = this.templates.of(Shipment.class);
		Shipment inserted = shipments.insert(shipment());
		assertThat(shipments.findById(inserted.id())).contains(inserted);
		BsonDocument stored = raw("shipment").find().first();
		assertThat(stored.keySet()).containsExactlyInAnyOrder("_id", "carrier", "status", "shippedAt", "due", "to",
				"tags", "quantities", "desc");
		assertThat(stored.getString("status")).isEqualTo(new BsonString("PAID"));
		assertThat(stored.get("shippedAt")).isEqualTo(new BsonDateTime(CREATED.toEpochMilli()));
		assertThat(stored.get("due")).isEqualTo(new BsonDateTime(Instant.parse("2024-06-30T00:00:00Z").toEpochMilli()));
		assertThat(stored.getDocument("to")).isEqualTo(BsonDocument.parse("{street: '1 Main St', city: 'Paris'}"));
		assertThat(stored.getArray("tags")).containsExactly(new BsonString("fragile"), new BsonString("gift"));
		assertThat(stored.getDocument("quantities")).isEqualTo(BsonDocument.parse("{pen: 2, ink: 5}"));
		assertThat(stored.getString("desc")).isEqualTo(new BsonString("birthday"));
		assertThat(shipments.findOneBy("desc", "birthday")).contains(inserted);
		assertThat(shipments.findOneBy("to.city", "Paris")).contains(inserted);
	}

	@Test
	void pojosAreMappedWithEnumsJavaTimeListsAndMaps() {
		CollectionTemplate<Customer> customers = this.templates.of(Customer.class);
		Customer customer = new Customer();
		customer.setName("ada");
		customer.setTier(Tier.GOLD);
		customer.setSince(CREATED);
		customer.setEmails(List.of("ada@example.com", "ada@example.org"));
		customer.setAttributes(Map.of("lang", "en"));
		customers.insert(customer);
		Customer found = customers.findById(customer.getId()).get();
		assertThat(found).isNotSameAs(customer);
		assertThat(found.getName()).isEqualTo("ada");
		assertThat(found.getTier()).isEqualTo(Tier.GOLD);
		assertThat(found.getSince()).isEqualTo(CREATED);
		assertThat(found.getEmails()).containsExactly("ada@example.com", "ada@example.org");
		assertThat(found.getAttributes()).containsExactly(Map.entry("lang", "en"));
		BsonDocument stored = raw("customer").find().first();
		assertThat(stored.getObjectId("_id").getValue()).isEqualTo(customer.getId());
		assertThat(stored.getString("tier")).isEqualTo(new BsonString("GOLD"));
		assertThat(stored.get("since")).isEqualTo(new BsonDateTime(CREATED.toEpochMilli()));
		assertThat(customers.findBy("tier", Tier.GOLD)).hasSize(1);
	}

	@Test
	void codecProvidersOfTheBuilderTakePrecedenceOverTheClientsCodecs() {
		CollectionTemplate<Product> plain = this.templates.of(Product.class);
		plain.insert(new Product(null, "pen", new Money(1250, "EUR")));
		assertThat(raw("product").find().first().get("price").isDocument()).isTrue();
		MongoTemplates withMoney = MongoTemplates.builder(this.client, this.databaseName)
			.codecProviders(List.of(new MoneyCodecProvider()))
			.build();
		CollectionTemplate<Product> products = withMoney.of("products", Product.class);
		Product inserted = products.insert(new Product(null, "ink", new Money(399, "USD")));
		assertThat(raw("products").find().first().get("price")).isEqualTo(new BsonString("3.99 USD"));
		assertThat(products.findById(inserted.id())).contains(inserted);
		assertThat(products.findOneBy("price", new Money(399, "USD"))).contains(inserted);
		assertThat(withMoney.getCodecRegistry().get(Money.class)).isInstanceOf(MoneyCodec.class);
	}

	private com.mongodb.client.MongoCollection<BsonDocument> raw(String collection) {
		return this.client.getDatabase(this.databaseName).getCollection(collection, BsonDocument.class);
	}

	private Map<String, Document> indexes(String collection) {
		Map<String, Document> indexes = new LinkedHashMap<>();
		this.client.getDatabase(this.databaseName)
			.getCollection(collection)
			.listIndexes()
			.forEach((index) -> indexes.put(index.getString("name"), index));
		return indexes;
	}

	private void insertOrders(int count) {
		List<Order> orders = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			orders.add(order("c" + i, i));
		}
		this.orders.insertAll(orders);
	}

	private static Order order(String customer, int total) {
		return new Order(null, customer, Status.OPEN, total);
	}

	private static Shipment shipment() {
		return new Shipment(null, "dhl", Status.PAID, CREATED, LocalDate.of(2024, 6, 30),
				new Address("1 Main St", "Paris"), List.of("fragile", "gift"), Map.of("pen", 2, "ink", 5), "birthday");
	}

	public enum Status {

		OPEN, PAID

	}

	public enum Tier {

		SILVER, GOLD

	}

	@CollectionEntity("orders")
	public record Order(@BsonId ObjectId id, String customer, Status status, Integer total) {
	}

	public record CustomerOnly(@BsonId ObjectId id, String customer) {
	}

	public record CustomerTotal(@BsonId String customer, int total) {
	}

	public record Note(@BsonId String id, String text) {
	}

	public record Ticket(@BsonId UUID id, String title) {
	}

	public record LineItem(@BsonId ObjectId id, String name) {
	}

	@CollectionEntity
	public record Unnamed(@BsonId ObjectId id) {
	}

	public record Address(String street, String city) {
	}

	public record Shipment(@BsonId ObjectId id, String carrier, Status status, Instant shippedAt, LocalDate due,
			@BsonProperty("to") Address address, List<String> tags, Map<String, Integer> quantities,
			@BsonProperty("desc") String description) {
	}

	@CollectionEntity("events")
	@CollectionIndex(keys = "{\"kind\": 1, \"at\": -1}", unique = true)
	public record Event(@BsonId ObjectId id, String kind, @IndexedField(unique = true) String reference,
			@IndexedField(descending = true) Instant at, @IndexedField(expireAfterSeconds = 3600) Instant expiresAt,
			@IndexedField(name = "open_status", partialFilter = "{\"status\": \"OPEN\"}") String status,
			@IndexedField(sparse = true) String source) {
	}

	public record Money(long cents, String currency) {
	}

	public record Product(@BsonId ObjectId id, String name, Money price) {
	}

	public static class Customer {

		private ObjectId id;

		private String name;

		private Tier tier;

		private Instant since;

		private List<String> emails;

		private Map<String, String> attributes;

		public ObjectId getId() {
			return this.id;
		}

		public void setId(ObjectId id) {
			this.id = id;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public Tier getTier() {
			return this.tier;
		}

		public void setTier(Tier tier) {
			this.tier = tier;
		}

		public Instant getSince() {
			return this.since;
		}

		public void setSince(Instant since) {
			this.since = since;
		}

		public List<String> getEmails() {
			return this.emails;
		}

		public void setEmails(List<String> emails) {
			this.emails = emails;
		}

		public Map<String, String> getAttributes() {
			return this.attributes;
		}

		public void setAttributes(Map<String, String> attributes) {
			this.attributes = attributes;
		}

	}

	/**
	 * Stores {@link Money} as a string such as {@code "3.99 USD"}.
	 */
	static final class MoneyCodec implements Codec<Money> {

		@Override
		public void encode(BsonWriter writer, Money value, EncoderContext encoderContext) {
			writer.writeString(String.format("%d.%02d %s", value.cents() / 100, value.cents() % 100, value.currency()));
		}

		@Override
		public Money decode(BsonReader reader, DecoderContext decoderContext) {
			String[] parts = reader.readString().split(" ");
			return new Money(Math.round(Double.parseDouble(parts[0]) * 100), parts[1]);
		}

		@Override
		public Class<Money> getEncoderClass() {
			return Money.class;
		}

	}

	static final class MoneyCodecProvider implements CodecProvider {

		@Override
		@SuppressWarnings("unchecked")
		public <T> Codec<T> get(Class<T> clazz, CodecRegistry registry) {
			return (clazz == Money.class) ? (Codec<T>) new MoneyCodec() : null;
		}

	}

}
