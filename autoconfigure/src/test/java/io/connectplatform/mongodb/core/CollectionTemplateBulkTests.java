package io.connectplatform.mongodb.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.codecs.pojo.annotations.BsonId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link BulkWrite} and {@link BulkResult}.
 *
 * @author Connect MongoDB team
 */
class CollectionTemplateBulkTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private final RecordedCommands commands = new RecordedCommands();

	private MongoClient client;

	private CollectionTemplate<Stock> stocks;

	@BeforeEach
	void createTemplate() {
		this.client = this.commands.createClient(mongo.getConnectionString());
		String database = "bulk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		this.stocks = MongoTemplates.builder(this.client, database).build().of(Stock.class);
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void bulkWriteAppliesMixedOperationsInOrderInBatches() {
		this.stocks.insertAll(List.of(new Stock("a", "pen", 1), new Stock("b", "pen", 2), new Stock("c", "ink", 3),
				new Stock("d", "ink", 4), new Stock("e", "pad", 5)));
		this.commands.clear();
		BulkWrite<Stock> bulk = this.stocks.bulk()
			.insert(new Stock("f", "cap", 6))
			.insertAll(List.of(new Stock("g", "cap", 7), new Stock("h", "cap", 8)))
			.updateOne(Filters.eq("sku", "pen"), Updates.inc("quantity", 10))
			.updateMany(Filters.eq("sku", "ink"), Updates.set("quantity", 0))
			.replaceOne(Filters.eq("_id", "e"), new Stock("e", "pad", 50))
			.deleteOne(Filters.eq("sku", "cap"))
			.deleteMany(Filters.eq("sku", "cap"));
		assertThat(bulk.size()).isEqualTo(8);
		BulkResult result = bulk.execute();
		// One write command per run of operations of one kind, not one per operation
		assertThat(this.commands.names()).containsOnly("insert", "update", "delete").hasSizeLessThan(bulk.size());
		assertThat(result.insertedCount()).isEqualTo(3);
		assertThat(result.matchedCount()).isEqualTo(1 + 2 + 1);
		assertThat(result.modifiedCount()).isEqualTo(1 + 2 + 1);
		assertThat(result.deletedCount()).isEqualTo(3);
		assertThat(result.upserts()).isEmpty();
		assertThat(this.stocks.findAll()).containsExactlyInAnyOrder(new Stock("a", "pen", 11), new Stock("b", "pen", 2),
				new Stock("c", "ink", 0), new Stock("d", "ink", 0), new Stock("e", "pad", 50));
	}

	@Test
	void bulkInsertPreparesEachEntity() {
		BulkResult result = this.stocks.bulk().insert(new Stock(null, "pen", 1)).insert(new Stock(null, "ink", 2)).execute();
		assertThat(result.insertedCount()).isEqualTo(2);
		assertThat(this.stocks.findAll()).extracting(Stock::id)
			.doesNotContainNull()
			.doesNotHaveDuplicates()
			.allSatisfy((id) -> assertThat(id).matches("[0-9a-f]{24}"));
	}

	@Test
	void upsertsAreReportedByTheIndexOfTheirOperation() {
		this.stocks.insert(new Stock("a", "pen", 1));
		BulkResult result = this.stocks.bulk()
			.insert(new Stock("b", "ink", 2))
			.updateOne(Filters.eq("_id", "x"), Updates.set("quantity", 7), new UpdateOptions().upsert(true))
			.updateOne(Filters.eq("_id", "a"), Updates.set("quantity", 9), new UpdateOptions().upsert(true))
			.replaceOne(Filters.eq("_id", "y"), new Stock("y", "cap", 3), new ReplaceOptions().upsert(true))
			.updateMany(Filters.eq("sku", "pad"), Updates.set("quantity", 4), new UpdateOptions().upsert(true))
			.execute();
		assertThat(result.insertedCount()).isEqualTo(1);
		assertThat(result.matchedCount()).isEqualTo(1);
		assertThat(result.upserts()).containsOnlyKeys(1, 3, 4);
		assertThat(result.upserts()).containsEntry(1, new BsonString("x")).containsEntry(3, new BsonString("y"));
		assertThat(this.stocks.findById("x")).contains(new Stock("x", null, 7));
		assertThat(this.stocks.findById("y")).contains(new Stock("y", "cap", 3));
		assertThat(this.stocks.count(Filters.eq("sku", "pad"))).isEqualTo(1);
	}

	@Test
	void orderedBulkWriteStopsAtTheFirstFailure() {
		this.stocks.insert(new Stock("a", "pen", 1));
		BulkWrite<Stock> bulk = this.stocks.bulk()
			.insert(new Stock("b", "ink", 2))
			.insert(new Stock("a", "dup", 0))
			.insert(new Stock("c", "cap", 3));
		// MongoBulkWriteFailureException once exceptions are translated
		// (CollectionTemplateValidationAndTranslationTests)
		assertThatException().isThrownBy(bulk::execute);
		assertThat(this.stocks.findAll()).extracting(Stock::id).containsExactlyInAnyOrder("a", "b");
	}

	@Test
	void unorderedBulkWriteTriesEveryOperation() {
		this.stocks.insert(new Stock("a", "pen", 1));
		BulkWrite<Stock> bulk = this.stocks.bulk()
			.ordered(false)
			.insert(new Stock("b", "ink", 2))
			.insert(new Stock("a", "dup", 0))
			.insert(new Stock("c", "cap", 3));
		assertThatException().isThrownBy(bulk::execute);
		assertThat(this.stocks.findAll()).extracting(Stock::id).containsExactlyInAnyOrder("a", "b", "c");
		assertThat(this.stocks.findById("a")).contains(new Stock("a", "pen", 1));
	}

	@Test
	void unorderedBulkWriteWithoutFailuresAppliesEveryOperation() {
		BulkResult result = this.stocks.bulk()
			.ordered(false)
			.insert(new Stock("a", "pen", 1))
			.insert(new Stock("b", "ink", 2))
			.deleteOne(Filters.eq("_id", "zzz"))
			.execute();
		assertThat(result.insertedCount()).isEqualTo(2);
		assertThat(result.deletedCount()).isZero();
		assertThat(this.commands.named("insert")).singleElement()
			.satisfies((insert) -> assertThat(insert.getBoolean("ordered").getValue()).isFalse());
	}

	@Test
	void emptyBulkWriteSendsNothing() {
		this.commands.clear();
		BulkWrite<Stock> bulk = this.stocks.bulk();
		assertThat(bulk.size()).isZero();
		assertThat(bulk.execute()).isEqualTo(new BulkResult(0, 0, 0, 0, Map.of()));
		assertThat(this.commands.names()).isEmpty();
	}

	@Test
	void aBulkWriteIsExecutedOnlyOnce() {
		BulkWrite<Stock> bulk = this.stocks.bulk().insert(new Stock("once", "pen", 1));
		bulk.execute();
		assertThatIllegalStateException().isThrownBy(bulk::execute).withMessageContaining("already been executed");
		assertThat(this.stocks.count()).isOne();
	}

	@Test
	void operationsAreCheckedAsTheyAreAdded() {
		BulkWrite<Stock> bulk = this.stocks.bulk();
		assertThatIllegalArgumentException().isThrownBy(() -> bulk.insert(null)).withMessageContaining("'entity'");
		assertThatIllegalArgumentException().isThrownBy(() -> bulk.updateOne(null, Updates.set("a", 1)))
			.withMessageContaining("'filter'");
		assertThatIllegalArgumentException().isThrownBy(() -> bulk.updateMany(Filters.empty(), null))
			.withMessageContaining("'update'");
		assertThatIllegalArgumentException().isThrownBy(() -> bulk.replaceOne(Filters.empty(), null))
			.withMessageContaining("'replacement'");
		assertThatIllegalArgumentException().isThrownBy(() -> bulk.deleteOne(null)).withMessageContaining("'filter'");
		assertThat(bulk.size()).isZero();
	}

	@Test
	void bulkResultCopiesItsUpserts() {
		Map<Integer, BsonValue> upserts = new HashMap<>(Map.of(1, new BsonString("x")));
		BulkResult result = new BulkResult(0, 0, 0, 0, upserts);
		upserts.clear();
		assertThat(result.upserts()).containsOnlyKeys(1);
	}

	public record Stock(@BsonId String id, String sku, int quantity) {
	}

}
