package io.connectplatform.mongodb.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.connectplatform.mongodb.core.RankedItems.Item;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for the keyset scrolling of {@link CollectionTemplate} with Spring Data's
 * {@link ScrollPosition} and {@link Window}, over the wire.
 *
 * @author Connect MongoDB team
 */
class CollectionTemplateScrollingTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private static final Comparator<Item> BY_ID = Comparator.comparing(Item::id);

	private MongoClient client;

	private CollectionTemplate<Item> items;

	@BeforeEach
	void createTemplate() {
		this.client = new RecordedCommands().createClient(mongo.getConnectionString());
		String database = "paging_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		this.items = MongoTemplates.builder(this.client, database).build().of(Item.class);
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void scrollByAnAscendingFieldWithDuplicateValuesVisitsEveryDocumentOnceInOrder() {
		List<Item> inserted = RankedItems.insert(this.items, 25, (i) -> i % 4);
		List<Item> scrolled = scrollAll(Filters.empty(), Sort.by("rank"), 4);
		assertThat(scrolled).containsExactlyElementsOf(
				inserted.stream().sorted(Comparator.comparing(Item::rank).thenComparing(BY_ID)).toList());
	}

	@Test
	void scrollByADescendingFieldBreaksTiesByAscendingId() {
		List<Item> inserted = RankedItems.insert(this.items, 25, (i) -> i % 3);
		List<Item> scrolled = scrollAll(Filters.empty(), Sort.by(Sort.Direction.DESC, "rank"), 4);
		assertThat(scrolled).containsExactlyElementsOf(inserted.stream()
			.sorted(Comparator.comparing(Item::rank).reversed().thenComparing(BY_ID))
			.toList());
	}

	@Test
	void scrollByACompoundSortVisitsEveryDocumentOnceInOrder() {
		List<Item> inserted = RankedItems.insert(this.items, 30, (i) -> i % 5);
		List<Item> scrolled = scrollAll(Filters.empty(),
				Sort.by(Sort.Order.asc("category"), Sort.Order.desc("rank")), 7);
		assertThat(scrolled).containsExactlyElementsOf(inserted.stream()
			.sorted(Comparator.comparing(Item::category)
				.thenComparing(Comparator.comparing(Item::rank).reversed())
				.thenComparing(BY_ID))
			.toList());
	}

	@Test
	void scrollByADescendingIdNeedsNoTieBreaker() {
		List<Item> inserted = RankedItems.insert(this.items, 10);
		List<Item> scrolled = scrollAll(Filters.empty(), Sort.by(Sort.Direction.DESC, "_id"), 3);
		assertThat(scrolled).containsExactlyElementsOf(inserted.stream().sorted(BY_ID.reversed()).toList());
	}

	@Test
	void scrollOnlyVisitsMatchingDocuments() {
		RankedItems.insert(this.items, 23);
		List<Item> scrolled = scrollAll(Filters.eq("category", "even"), Sort.by("rank"), 5);
		assertThat(scrolled).extracting(Item::rank).containsExactly(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22);
	}

	@Test
	void lastWindowHasNoNextPosition() {
		RankedItems.insert(this.items, 8);
		Window<Item> first = this.items.scroll(Filters.empty(), Sort.by("rank"), 4, ScrollPosition.keyset());
		assertThat(first.getContent()).hasSize(4);
		assertThat(first.hasNext()).isTrue();
		assertThat(first.isLast()).isFalse();
		Window<Item> second = this.items.scroll(Filters.empty(), Sort.by("rank"), 4, next(first));
		assertThat(second.getContent()).extracting(Item::rank).containsExactly(4, 5, 6, 7);
		assertThat(second.hasNext()).isFalse();
		assertThat(second.isLast()).isTrue();
		Window<Item> empty = this.items.scroll(Filters.eq("name", "nobody"), Sort.by("rank"), 4,
				ScrollPosition.keyset());
		assertThat(empty.getContent()).isEmpty();
		assertThat(empty.hasNext()).isFalse();
	}

	@Test
	void positionOfEachElementHoldsItsSortKeysAndId() {
		List<Item> inserted = RankedItems.insert(this.items, 5);
		Window<Item> window = this.items.scroll(Filters.empty(), Sort.by("rank"), 3, ScrollPosition.keyset());
		KeysetScrollPosition position = (KeysetScrollPosition) window.positionAt(1);
		assertThat(position.getKeys()).containsExactly(entry("rank", new BsonInt32(1)),
				entry("_id", new BsonObjectId(inserted.get(1).id())));
		assertThat(position.scrollsForward()).isTrue();
		assertThat(this.items.scroll(Filters.empty(), Sort.by("rank"), 3, position).getContent())
			.extracting(Item::rank)
			.containsExactly(2, 3, 4);
	}

	@Test
	void positionWithPlainJavaKeysContinuesTheSameWay() {
		List<Item> inserted = RankedItems.insert(this.items, 6);
		KeysetScrollPosition position = ScrollPosition.forward(Map.of("rank", 2, "_id", inserted.get(2).id()));
		assertThat(this.items.scroll(Filters.empty(), Sort.by("rank"), 10, position).getContent())
			.extracting(Item::rank)
			.containsExactly(3, 4, 5);
	}

	@Test
	void windowMapsItsContentAndKeepsItsPositions() {
		RankedItems.insert(this.items, 5);
		Window<Item> window = this.items.scroll(Filters.empty(), Sort.by("rank"), 2, ScrollPosition.keyset());
		Window<String> names = window.map(Item::name);
		assertThat(names.getContent()).containsExactly("item00", "item01");
		assertThat(names.positionAt(1)).isEqualTo(window.positionAt(1));
		assertThat(names.hasNext()).isTrue();
	}

	@Test
	void scrollIsStableWhenDocumentsAreInsertedBeforeAndAfterThePosition() {
		List<Item> originals = RankedItems.insert(this.items, 20, (i) -> i * 10);
		Set<String> insertedBefore = new HashSet<>();
		Set<String> insertedAfter = new HashSet<>();
		List<Item> scrolled = new ArrayList<>();
		Window<Item> window = this.items.scroll(Filters.empty(), Sort.by("rank"), 5, ScrollPosition.keyset());
		scrolled.addAll(window.getContent());
		int round = 0;
		while (window.hasNext()) {
			int last = window.getContent().get(window.size() - 1).rank();
			// One document before the position, and three after it: one with the same sort
			// value (after it by its newer _id), one just after and one at the end
			insertedBefore.add(this.items.insert(new Item(null, "before" + round, last - 5, "new")).name());
			insertedAfter.add(this.items.insert(new Item(null, "same" + round, last, "new")).name());
			insertedAfter.add(this.items.insert(new Item(null, "after" + round, last + 5, "new")).name());
			insertedAfter.add(this.items.insert(new Item(null, "end" + round, 1000 + round, "new")).name());
			window = this.items.scroll(Filters.empty(), Sort.by("rank"), 5, next(window));
			scrolled.addAll(window.getContent());
			round++;
		}
		List<String> names = scrolled.stream().map(Item::name).toList();
		assertThat(names).doesNotHaveDuplicates();
		assertThat(names).containsAll(originals.stream().map(Item::name).toList());
		assertThat(names).doesNotContainAnyElementsOf(insertedBefore);
		assertThat(names).containsAll(insertedAfter);
		assertThat(scrolled).extracting(Item::rank).isSorted();
	}

	@Test
	void scrollNeitherRepeatsNorSkipsWhileAnotherThreadInserts() throws Exception {
		List<Item> originals = RankedItems.insert(this.items, 200, (i) -> i * 10);
		AtomicBoolean scrolling = new AtomicBoolean(true);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<Integer> writer = executor.submit(() -> {
				int inserted = 0;
				while (scrolling.get()) {
					int rank = ThreadLocalRandom.current().nextInt(0, 2000);
					this.items.insert(new Item(null, "concurrent" + inserted, rank, "new"));
					inserted++;
				}
				return inserted;
			});
			List<Item> scrolled = scrollAll(Filters.empty(), Sort.by("rank"), 7);
			scrolling.set(false);
			assertThat(writer.get(10, TimeUnit.SECONDS)).isPositive();
			List<ObjectId> ids = scrolled.stream().map(Item::id).toList();
			assertThat(ids).doesNotHaveDuplicates();
			assertThat(ids).containsAll(originals.stream().map(Item::id).toList());
			assertThat(scrolled).extracting(Item::rank).isSorted();
		}
		finally {
			scrolling.set(false);
			executor.shutdownNow();
		}
	}

	@Test
	void positionOfAnotherSortIsRejected() {
		RankedItems.insert(this.items, 10);
		ScrollPosition byRank = next(this.items.scroll(Filters.empty(), Sort.by("rank"), 3, ScrollPosition.keyset()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.scroll(Filters.empty(), Sort.by("name"), 3, byRank))
			.withMessageContaining("'position'")
			.withMessageContaining("rank")
			.withMessageContaining("name");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.scroll(Filters.empty(), Sort.by("rank", "name"), 3, byRank));
	}

	@Test
	void offsetAndBackwardPositionsAreRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.scroll(Filters.empty(), Sort.by("rank"), 3, ScrollPosition.offset()))
			.withMessageContaining("'position'")
			.withMessageContaining("KeysetScrollPosition");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.scroll(Filters.empty(), Sort.by("rank"), 3,
					ScrollPosition.backward(Map.of("rank", 1, "_id", new ObjectId()))))
			.withMessageContaining("backward");
	}

	@Test
	void sortByAPropertyThatIsNotAFieldPathIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.scroll(Filters.empty(), Sort.by("$natural"), 2, ScrollPosition.keyset()))
			.withMessageContaining("'sort' property '$natural'");
	}

	@Test
	void nullSortValueAtTheEndOfAWindowIsRejected() {
		this.items.insert(new Item(null, "a", null, "odd"));
		this.items.insert(new Item(null, "b", null, "odd"));
		this.items.insert(new Item(null, "c", 1, "odd"));
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.items.scroll(Filters.empty(), Sort.by("rank"), 2, ScrollPosition.keyset()))
			.withMessageContaining("'rank'");
	}

	@Test
	void missingSortFieldAtTheEndOfAWindowIsRejected() {
		this.items.insert(new Item(null, "a", 1, null));
		this.items.insert(new Item(null, "b", 2, null));
		this.items.insert(new Item(null, "c", 3, "odd"));
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.items.scroll(Filters.empty(), Sort.by("rank", "category"), 1,
					ScrollPosition.keyset()))
			.withMessageContaining("'category'");
	}

	@Test
	void scrollChecksItsArguments() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.scroll(Filters.empty(), Sort.by("rank"), 0, ScrollPosition.keyset()))
			.withMessageContaining("'limit'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.scroll(Filters.empty(), null, 1, ScrollPosition.keyset()))
			.withMessageContaining("'sort'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.scroll(Filters.empty(), Sort.by("rank"), 1, null))
			.withMessageContaining("'position'");
	}

	@Test
	void queryChecksItsArguments() {
		assertThatIllegalArgumentException().isThrownBy(() -> FindQuery.all().skip(-1)).withMessageContaining("'skip'");
		assertThatIllegalArgumentException().isThrownBy(() -> FindQuery.all().limit(-1)).withMessageContaining("'limit'");
		assertThatIllegalArgumentException().isThrownBy(() -> FindQuery.all().maxTime(Duration.ZERO))
			.withMessageContaining("'maxTime'");
		assertThatIllegalArgumentException().isThrownBy(() -> FindQuery.all().maxTime(Duration.ofSeconds(-1)))
			.withMessageContaining("'maxTime'");
		assertThatIllegalArgumentException().isThrownBy(() -> FindQuery.all().maxTime(null))
			.withMessageContaining("'maxTime'");
		assertThatIllegalArgumentException().isThrownBy(() -> FindQuery.all().batchSize(-1))
			.withMessageContaining("'batchSize'");
		assertThatIllegalArgumentException().isThrownBy(() -> FindQuery.where(null)).withMessageContaining("'filter'");
	}

	private static ScrollPosition next(Window<?> window) {
		return window.positionAt(window.size() - 1);
	}

	private List<Item> scrollAll(Bson filter, Sort sort, int size) {
		List<Item> all = new ArrayList<>();
		Window<Item> window = this.items.scroll(filter, sort, size, ScrollPosition.keyset());
		all.addAll(window.getContent());
		while (window.hasNext()) {
			assertThat(window.getContent()).hasSize(size);
			String token = ScrollTokens.toToken((KeysetScrollPosition) next(window), sort);
			window = this.items.scroll(filter, sort, size, ScrollTokens.fromToken(token, sort));
			all.addAll(window.getContent());
		}
		return all;
	}

}
