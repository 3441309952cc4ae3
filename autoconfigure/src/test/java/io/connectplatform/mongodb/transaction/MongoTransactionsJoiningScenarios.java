package io.connectplatform.mongodb.transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.FindQuery;
import io.connectplatform.mongodb.internal.SessionJoiningProxy;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Scenarios proving that every operation of a {@link CollectionTemplate}, and every CRUD and
 * aggregation call on a joining {@link MongoDatabase} ({@link SessionJoiningProxy}), joins
 * the transaction of the thread. Each read runs after the transaction changed the data with
 * its own session, and must see those uncommitted changes: a read that did not join would
 * see the committed data instead. Each write runs in a transaction that is rolled back, and
 * must neither be seen by another client before the rollback nor leave anything after it.
 * Part of {@link MongoTransactionsScenarios}, which its subclasses run against each server.
 */
abstract class MongoTransactionsJoiningScenarios extends MongoTransactionsFixture {

	private static final List<Item> SEEDED = List.of(new Item("a", 1), new Item("b", 2), new Item("c", 3));

	private static final List<Item> AS_CHANGED = List.of(new Item("a", 10), new Item("b", 2), new Item("d", 4),
			new Item("e", 5));

	@Test
	void everyTemplateReadInATransactionSeesItsUncommittedWrites() {
		this.itemsOfOtherClient.insertAll(SEEDED);
		this.transactions.execute((tx) -> {
			changeWithTheSession(tx.session());
			Bson atLeastFour = Filters.gte("quantity", 4);
			assertThat(this.items.findById("d")).contains(new Item("d", 4));
			assertThat(this.items.findOne(Filters.eq("quantity", 10))).contains(new Item("a", 10));
			assertThat(this.items.findOneBy("quantity", 5)).contains(new Item("e", 5));
			assertThat(this.items.findAll()).containsExactlyInAnyOrderElementsOf(AS_CHANGED);
			assertThat(this.items.find(atLeastFour)).containsExactlyInAnyOrder(new Item("a", 10), new Item("d", 4),
					new Item("e", 5));
			assertThat(this.items.find(FindQuery.where(atLeastFour).sort(Sorts.descending("quantity"))))
				.containsExactly(new Item("a", 10), new Item("e", 5), new Item("d", 4));
			assertThat(this.items.find(FindQuery.all().projection(Projections.include("_id")), Document.class))
				.extracting((document) -> document.get("_id"))
				.containsExactlyInAnyOrder("a", "b", "d", "e");
			assertThat(this.items.findBy("quantity", 4)).containsExactly(new Item("d", 4));
			try (Stream<Item> stream = this.items.stream(FindQuery.where(atLeastFour))) {
				assertThat(stream).containsExactlyInAnyOrder(new Item("a", 10), new Item("d", 4), new Item("e", 5));
			}
			Page<Item> page = this.items.page(Filters.empty(), PageRequest.of(0, 2, Sort.by("_id")));
			assertThat(page.getContent()).containsExactly(new Item("a", 10), new Item("b", 2));
			assertThat(page.getTotalElements()).isEqualTo(4);
			Window<Item> window = this.items.scroll(Filters.empty(), Sort.by("_id"), 3, ScrollPosition.keyset());
			assertThat(window.getContent()).containsExactly(new Item("a", 10), new Item("b", 2), new Item("d", 4));
			assertThat(this.items.scroll(Filters.empty(), Sort.by("_id"), 3, window.positionAt(2)).getContent())
				.containsExactly(new Item("e", 5));
			assertThat(this.items.count()).isEqualTo(4);
			assertThat(this.items.count(atLeastFour)).isEqualTo(3);
			assertThat(this.items.exists(Filters.eq("quantity", 10))).isTrue();
			assertThat(this.items.existsById("e")).isTrue();
			assertThat(this.items.existsById("c")).isFalse();
			assertThat(this.items.distinct("quantity", Filters.empty(), Integer.class))
				.containsExactlyInAnyOrder(10, 2, 4, 5);
			List<Bson> pipeline = List.of(Aggregates.match(atLeastFour), Aggregates.sort(Sorts.ascending("_id")));
			assertThat(this.items.aggregate(pipeline, Item.class)).containsExactly(new Item("a", 10), new Item("d", 4),
					new Item("e", 5));
			try (Stream<Item> stream = this.items.aggregateStream(pipeline, Item.class)) {
				assertThat(stream).containsExactly(new Item("a", 10), new Item("d", 4), new Item("e", 5));
			}
			tx.setRollbackOnly();
			return null;
		});
		assertThat(this.itemsOfOtherClient.findAll()).containsExactlyInAnyOrderElementsOf(SEEDED);
	}

	@Test
	void aVersionedWriteInATransactionComparesWithTheVersionTheTransactionSees() {
		String name = this.items.getCollectionName() + "Versioned";
		createEmpty(name);
		CollectionTemplate<VersionedItem> versioned = this.templates.of(name, VersionedItem.class);
		versioned.insert(new VersionedItem("v", 1, 0));
		this.transactions.execute((tx) -> {
			this.client.getDatabase(DATABASE)
				.getCollection(name)
				.updateOne(tx.session(), Filters.eq("_id", "v"), Updates.set("version", 5L));
			assertThatExceptionOfType(OptimisticLockingFailureException.class)
				.isThrownBy(() -> versioned.replace(new VersionedItem("v", 2, 0)))
				.withMessageContaining("expected version 0, but it is now at version 5");
			assertThat(versioned.replace(new VersionedItem("v", 3, 5))).contains(new VersionedItem("v", 3, 6));
			assertThat(versioned.save(new VersionedItem("v", 4, 6))).isEqualTo(new VersionedItem("v", 4, 7));
			tx.setRollbackOnly();
			return null;
		});
		assertThat(this.otherClient.getDatabase(DATABASE).getCollection(name).find().into(new ArrayList<>()))
			.containsExactly(new Document("_id", "v").append("quantity", 1).append("version", 0L));
	}

	@Test
	void everyTemplateWriteInARolledBackTransactionLeavesNothingBehind() {
		List<Item> seeded = List.of(new Item("updated", 1), new Item("many-1", 2), new Item("many-2", 2),
				new Item("replaced", 3), new Item("saved", 4), new Item("found-and-updated", 5),
				new Item("found-and-replaced", 6), new Item("found-and-deleted", 7), new Item("deleted-by-id", 8),
				new Item("deleted-one", 9), new Item("deleted-many-1", 10), new Item("deleted-many-2", 10),
				new Item("bulk-updated", 11));
		this.itemsOfOtherClient.insertAll(seeded);
		assertThatIllegalStateException().isThrownBy(() -> this.transactions.execute((tx) -> {
			this.items.insert(new Item("inserted", 100));
			this.items.insertAll(List.of(new Item("inserted-1", 100), new Item("inserted-2", 100)));
			assertThat(this.items.updateOne(Filters.eq("_id", "updated"), Updates.set("quantity", 101))
				.getModifiedCount()).isOne();
			UpdateResult updatedMany = this.items.updateMany(Filters.eq("quantity", 2), Updates.set("quantity", 102));
			assertThat(updatedMany.getModifiedCount()).isEqualTo(2);
			assertThat(this.items.upsert(Filters.eq("_id", "upserted"), Updates.set("quantity", 103)).getUpsertedId())
				.isNotNull();
			assertThat(this.items.replace(new Item("replaced", 104))).isPresent();
			assertThat(this.items.save(new Item("saved", 105))).isEqualTo(new Item("saved", 105));
			assertThat(this.items.save(new Item("saved-new", 106))).isEqualTo(new Item("saved-new", 106));
			assertThat(this.items.findOneAndUpdate(Filters.eq("_id", "found-and-updated"), Updates.set("quantity", 107),
					ReturnDocument.AFTER))
				.contains(new Item("found-and-updated", 107));
			assertThat(this.items.findOneAndReplace(Filters.eq("_id", "found-and-replaced"),
					new Item("found-and-replaced", 108), ReturnDocument.AFTER))
				.contains(new Item("found-and-replaced", 108));
			assertThat(this.items.findOneAndDelete(Filters.eq("_id", "found-and-deleted")))
				.contains(new Item("found-and-deleted", 7));
			assertThat(this.items.deleteById("deleted-by-id")).isTrue();
			assertThat(this.items.deleteOne(Filters.eq("_id", "deleted-one"))).isTrue();
			assertThat(this.items.deleteMany(Filters.eq("quantity", 10))).isEqualTo(2);
			assertThat(this.items.bulk()
				.insert(new Item("bulk-inserted", 109))
				.updateOne(Filters.eq("_id", "bulk-updated"), Updates.set("quantity", 110))
				.execute()
				.modifiedCount()).isOne();
			assertThat(this.itemsOfOtherClient.findAll()).as("another client sees none of the writes")
				.containsExactlyInAnyOrderElementsOf(seeded);
			assertThat(this.items.count()).as("the transaction sees all of them").isEqualTo(seeded.size() - 5 + 6);
			throw new IllegalStateException("roll back");
		}));
		assertThat(this.itemsOfOtherClient.findAll()).as("nothing is left behind")
			.containsExactlyInAnyOrderElementsOf(seeded);
	}

	@Test
	void everyRawReadOnAJoiningDatabaseSeesTheUncommittedWritesOfTheTransaction() {
		this.itemsOfOtherClient.insertAll(SEEDED);
		MongoDatabase database = joiningDatabase();
		MongoCollection<Document> raw = database.getCollection(this.items.getCollectionName());
		this.transactions.execute((tx) -> {
			changeWithTheSession(tx.session());
			Bson atLeastFour = Filters.gte("quantity", 4);
			assertThat(raw.find().map((document) -> document.getString("_id")).into(new ArrayList<>()))
				.containsExactlyInAnyOrder("a", "b", "d", "e");
			assertThat(raw.find(Filters.eq("_id", "a")).first()).containsEntry("quantity", 10);
			assertThat(raw.countDocuments()).isEqualTo(4);
			assertThat(raw.countDocuments(atLeastFour)).isEqualTo(3);
			assertThat(raw.distinct("quantity", Integer.class).into(new ArrayList<>()))
				.containsExactlyInAnyOrder(10, 2, 4, 5);
			assertThat(raw.aggregate(List.of(Aggregates.match(atLeastFour), Aggregates.count("n"))).first())
				.containsEntry("n", 3);
			assertThat(raw.withDocumentClass(Item.class).find().into(new ArrayList<>()))
				.as("a collection derived from a joining one joins too")
				.containsExactlyInAnyOrderElementsOf(AS_CHANGED);
			assertThat(database.getCollection(this.items.getCollectionName(), Item.class)
				.find(atLeastFour)
				.into(new ArrayList<>())).containsExactlyInAnyOrder(new Item("a", 10), new Item("d", 4),
						new Item("e", 5));
			tx.setRollbackOnly();
			return null;
		});
		assertThat(this.itemsOfOtherClient.findAll()).containsExactlyInAnyOrderElementsOf(SEEDED);
	}

	@Test
	void everyRawWriteOnAJoiningDatabaseInARolledBackTransactionLeavesNothingBehind() {
		List<Item> seeded = List.of(new Item("updated", 1), new Item("many-1", 2), new Item("many-2", 2),
				new Item("replaced", 3), new Item("found-and-updated", 5), new Item("found-and-replaced", 6),
				new Item("found-and-deleted", 7), new Item("deleted-one", 9), new Item("deleted-many-1", 10),
				new Item("deleted-many-2", 10), new Item("bulk-updated", 11));
		this.itemsOfOtherClient.insertAll(seeded);
		MongoCollection<Document> raw = joiningDatabase().getCollection(this.items.getCollectionName());
		assertThatIllegalStateException().isThrownBy(() -> this.transactions.execute((tx) -> {
			raw.insertOne(item("inserted", 100));
			raw.insertMany(List.of(item("inserted-1", 100), item("inserted-2", 100)));
			assertThat(raw.updateOne(Filters.eq("_id", "updated"), Updates.set("quantity", 101)).getModifiedCount())
				.isOne();
			assertThat(raw.updateMany(Filters.eq("quantity", 2), Updates.set("quantity", 102)).getModifiedCount())
				.isEqualTo(2);
			assertThat(raw.updateOne(Filters.eq("_id", "upserted"), Updates.set("quantity", 103),
					new UpdateOptions().upsert(true))
				.getUpsertedId()).isNotNull();
			assertThat(raw.replaceOne(Filters.eq("_id", "replaced"), item("replaced", 104)).getModifiedCount()).isOne();
			assertThat(raw.findOneAndUpdate(Filters.eq("_id", "found-and-updated"), Updates.set("quantity", 107),
					new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
				.containsEntry("quantity", 107);
			assertThat(raw.findOneAndReplace(Filters.eq("_id", "found-and-replaced"), item("found-and-replaced", 108),
					new FindOneAndReplaceOptions().returnDocument(ReturnDocument.AFTER)))
				.containsEntry("quantity", 108);
			assertThat(raw.findOneAndDelete(Filters.eq("_id", "found-and-deleted"))).containsEntry("quantity", 7);
			assertThat(raw.deleteOne(Filters.eq("_id", "deleted-one")).getDeletedCount()).isOne();
			assertThat(raw.deleteMany(Filters.eq("quantity", 10)).getDeletedCount()).isEqualTo(2);
			assertThat(raw.bulkWrite(List.of(new InsertOneModel<>(item("bulk-inserted", 109)),
					new UpdateOneModel<>(Filters.eq("_id", "bulk-updated"), Updates.set("quantity", 110))))
				.getModifiedCount()).isOne();
			assertThat(this.itemsOfOtherClient.findAll()).as("another client sees none of the writes")
				.containsExactlyInAnyOrderElementsOf(seeded);
			assertThat(raw.countDocuments()).as("the transaction sees all of them").isEqualTo(seeded.size() - 4 + 5);
			throw new IllegalStateException("roll back");
		}));
		assertThat(this.itemsOfOtherClient.findAll()).as("nothing is left behind")
			.containsExactlyInAnyOrderElementsOf(seeded);
	}

	/**
	 * Change the seeded items {@code a: 1, b: 2, c: 3} into {@code a: 10, b: 2, d: 4, e: 5}
	 * with the transaction's session, explicitly, without the code under test.
	 */
	private void changeWithTheSession(ClientSession session) {
		assertThat(session).isNotNull();
		MongoCollection<Document> plain = plainCollection();
		plain.insertOne(session, item("d", 4));
		plain.insertOne(session, item("e", 5));
		plain.updateOne(session, Filters.eq("_id", "a"), Updates.set("quantity", 10));
		plain.deleteOne(session, Filters.eq("_id", "c"));
		assertThat(this.itemsOfOtherClient.findAll()).as("the changes are not committed")
			.containsExactlyInAnyOrderElementsOf(SEEDED);
	}

	private MongoDatabase joiningDatabase() {
		return SessionJoiningProxy.database(this.client.getDatabase(DATABASE),
				new TransactionalSessionLookup(this.client));
	}

	private static Document item(String id, int quantity) {
		return new Document("_id", id).append("quantity", quantity);
	}

}
