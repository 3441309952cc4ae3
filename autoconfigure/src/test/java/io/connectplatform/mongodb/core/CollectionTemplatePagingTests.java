package io.connectplatform.mongodb.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.IntStream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
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

import org.springframework.dao.InvalidDataAccessApiUsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the offset paging and keyset scrolling of {@link CollectionTemplate}, with
 * {@link PageRequest}, {@link Page}, {@link ScrollPosition} and {@link Window}.
 *
 * @author Connect MongoDB team
 */
class CollectionTemplatePagingTests {

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
	void firstPageHoldsTheFirstElementsAndTheTotals() {
		insertItems(23);
		Page<Item> page = this.items.page(Filters.empty(), PageRequest.of(0, 5, Sorts.ascending("name")));
		assertThat(page.content()).extracting(Item::name).containsExactly("item00", "item01", "item02", "item03",
				"item04");
		assertThat(page.page()).isZero();
		assertThat(page.size()).isEqualTo(5);
		assertThat(page.totalElements()).isEqualTo(23);
		assertThat(page.totalPages()).isEqualTo(5);
		assertThat(page.hasNext()).isTrue();
		assertThat(page.hasPrevious()).isFalse();
	}

	@Test
	void middlePageHasAPreviousAndANextPage() {
		insertItems(23);
		Page<Item> page = this.items.page(Filters.empty(), PageRequest.of(0, 5, Sorts.ascending("name")).next().next());
		assertThat(page.page()).isEqualTo(2);
		assertThat(page.content()).extracting(Item::name).containsExactly("item10", "item11", "item12", "item13",
				"item14");
		assertThat(page.totalElements()).isEqualTo(23);
		assertThat(page.hasPrevious()).isTrue();
		assertThat(page.hasNext()).isTrue();
	}

	@Test
	void lastPageIsPartialAndHasNoNextPage() {
		insertItems(23);
		Page<Item> page = this.items.page(Filters.empty(), PageRequest.of(4, 5, Sorts.ascending("name")));
		assertThat(page.content()).extracting(Item::name).containsExactly("item20", "item21", "item22");
		assertThat(page.totalElements()).isEqualTo(23);
		assertThat(page.totalPages()).isEqualTo(5);
		assertThat(page.hasNext()).isFalse();
		assertThat(page.hasPrevious()).isTrue();
	}

	@Test
	void fullLastPageHasNoNextPage() {
		insertItems(20);
		Page<Item> page = this.items.page(Filters.empty(), PageRequest.of(3, 5, Sorts.ascending("name")));
		assertThat(page.content()).hasSize(5);
		assertThat(page.totalElements()).isEqualTo(20);
		assertThat(page.totalPages()).isEqualTo(4);
		assertThat(page.hasNext()).isFalse();
	}

	@Test
	void pageBeyondTheEndIsEmptyButKnowsTheTotal() {
		insertItems(23);
		Page<Item> page = this.items.page(Filters.empty(), PageRequest.of(10, 5, Sorts.ascending("name")));
		assertThat(page.content()).isEmpty();
		assertThat(page.totalElements()).isEqualTo(23);
		assertThat(page.totalPages()).isEqualTo(5);
		assertThat(page.hasNext()).isFalse();
		assertThat(page.hasPrevious()).isTrue();
	}

	@Test
	void pageOfAnEmptyCollectionHasNoPages() {
		Page<Item> page = this.items.page(Filters.empty(), PageRequest.of(0, 5));
		assertThat(page.content()).isEmpty();
		assertThat(page.totalElements()).isZero();
		assertThat(page.totalPages()).isZero();
		assertThat(page.hasNext()).isFalse();
		assertThat(page.hasPrevious()).isFalse();
	}

	@Test
	void pagesFollowTheSortAndCountOnlyMatchingDocuments() {
		insertItems(23);
		Bson odd = Filters.eq("category", "odd");
		Page<Item> first = this.items.page(odd, PageRequest.of(0, 4, Sorts.descending("rank")));
		assertThat(first.content()).extracting(Item::rank).containsExactly(21, 19, 17, 15);
		assertThat(first.totalElements()).isEqualTo(11);
		assertThat(first.totalPages()).isEqualTo(3);
		Page<Item> last = this.items.page(odd, PageRequest.of(2, 4, Sorts.descending("rank")));
		assertThat(last.content()).extracting(Item::rank).containsExactly(5, 3, 1);
		assertThat(last.totalElements()).isEqualTo(11);
	}

	@Test
	void walkingEveryPageVisitsEveryDocumentOnce() {
		insertItems(23);
		List<Item> seen = new ArrayList<>();
		PageRequest request = PageRequest.of(0, 6, Sorts.ascending("rank"));
		Page<Item> page;
		do {
			page = this.items.page(Filters.empty(), request);
			seen.addAll(page.content());
			request = request.next();
		}
		while (page.hasNext());
		assertThat(seen).extracting(Item::rank).containsExactlyElementsOf(IntStream.range(0, 23).boxed().toList());
	}

	@Test
	void pageMapsItsContentAndKeepsItsTotals() {
		insertItems(7);
		Page<String> names = this.items.page(Filters.empty(), PageRequest.of(1, 3, Sorts.ascending("name")))
			.map(Item::name);
		assertThat(names.content()).containsExactly("item03", "item04", "item05");
		assertThat(names.totalElements()).isEqualTo(7);
		assertThat(names.page()).isEqualTo(1);
	}

	@Test
	void scrollByAnAscendingFieldWithDuplicateValuesVisitsEveryDocumentOnceInOrder() {
		List<Item> inserted = insertItems(25, (i) -> i % 4);
		List<Item> scrolled = scrollAll(Filters.empty(), Sorts.ascending("rank"), 4);
		assertThat(scrolled).containsExactlyElementsOf(
				inserted.stream().sorted(Comparator.comparing(Item::rank).thenComparing(BY_ID)).toList());
	}

	@Test
	void scrollByADescendingFieldBreaksTiesByAscendingId() {
		List<Item> inserted = insertItems(25, (i) -> i % 3);
		List<Item> scrolled = scrollAll(Filters.empty(), Sorts.descending("rank"), 4);
		assertThat(scrolled).containsExactlyElementsOf(inserted.stream()
			.sorted(Comparator.comparing(Item::rank).reversed().thenComparing(BY_ID))
			.toList());
	}

	@Test
	void scrollByACompoundSortVisitsEveryDocumentOnceInOrder() {
		List<Item> inserted = insertItems(30, (i) -> i % 5);
		List<Item> scrolled = scrollAll(Filters.empty(),
				Sorts.orderBy(Sorts.ascending("category"), Sorts.descending("rank")), 7);
		assertThat(scrolled).containsExactlyElementsOf(inserted.stream()
			.sorted(Comparator.comparing(Item::category)
				.thenComparing(Comparator.comparing(Item::rank).reversed())
				.thenComparing(BY_ID))
			.toList());
	}

	@Test
	void scrollByADescendingIdNeedsNoTieBreaker() {
		List<Item> inserted = insertItems(10);
		List<Item> scrolled = scrollAll(Filters.empty(), Sorts.descending("_id"), 3);
		assertThat(scrolled).containsExactlyElementsOf(inserted.stream().sorted(BY_ID.reversed()).toList());
	}

	@Test
	void scrollOnlyVisitsMatchingDocuments() {
		insertItems(23);
		List<Item> scrolled = scrollAll(Filters.eq("category", "even"), Sorts.ascending("rank"), 5);
		assertThat(scrolled).extracting(Item::rank).containsExactly(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22);
	}

	@Test
	void lastWindowHasNoNextPosition() {
		insertItems(8);
		Window<Item> first = this.items.scroll(Filters.empty(), Sorts.ascending("rank"), 4);
		assertThat(first.content()).hasSize(4);
		assertThat(first.hasNext()).isTrue();
		Window<Item> second = this.items.scroll(Filters.empty(), Sorts.ascending("rank"), 4, first.next());
		assertThat(second.content()).extracting(Item::rank).containsExactly(4, 5, 6, 7);
		assertThat(second.hasNext()).isFalse();
		assertThat(second.next()).isNull();
		Window<Item> empty = this.items.scroll(Filters.eq("name", "nobody"), Sorts.ascending("rank"), 4);
		assertThat(empty.content()).isEmpty();
		assertThat(empty.hasNext()).isFalse();
	}

	@Test
	void scrollWithANullPositionStartsAtTheBeginning() {
		insertItems(5);
		assertThat(this.items.scroll(Filters.empty(), Sorts.ascending("rank"), 2, null).content())
			.extracting(Item::rank)
			.containsExactly(0, 1);
	}

	@Test
	void tokenRoundTripsToAnEqualPositionThatContinuesTheSameWay() {
		insertItems(12, (i) -> i % 3);
		Window<Item> first = this.items.scroll(Filters.empty(), Sorts.ascending("rank"), 5);
		String token = first.next().toToken();
		assertThat(token).matches("[A-Za-z0-9_-]+");
		ScrollPosition decoded = ScrollPosition.fromToken(token);
		assertThat(decoded).isEqualTo(first.next()).hasSameHashCodeAs(first.next());
		assertThat(decoded.toToken()).isEqualTo(token);
		assertThat(this.items.scroll(Filters.empty(), Sorts.ascending("rank"), 5, decoded))
			.isEqualTo(this.items.scroll(Filters.empty(), Sorts.ascending("rank"), 5, first.next()));
	}

	@Test
	void windowMapsItsContentAndKeepsItsPosition() {
		insertItems(5);
		Window<Item> window = this.items.scroll(Filters.empty(), Sorts.ascending("rank"), 2);
		Window<String> names = window.map(Item::name);
		assertThat(names.content()).containsExactly("item00", "item01");
		assertThat(names.next()).isEqualTo(window.next());
	}

	@Test
	void scrollIsStableWhenDocumentsAreInsertedBeforeAndAfterThePosition() {
		List<Item> originals = insertItems(20, (i) -> i * 10);
		Set<String> insertedBefore = new HashSet<>();
		Set<String> insertedAfter = new HashSet<>();
		List<Item> scrolled = new ArrayList<>();
		Window<Item> window = this.items.scroll(Filters.empty(), Sorts.ascending("rank"), 5);
		scrolled.addAll(window.content());
		int round = 0;
		while (window.hasNext()) {
			int last = window.content().get(window.content().size() - 1).rank();
			// One document before the position, and three after it: one with the same sort
			// value (after it by its newer _id), one just after and one at the end
			insertedBefore.add(this.items.insert(new Item(null, "before" + round, last - 5, "new")).name());
			insertedAfter.add(this.items.insert(new Item(null, "same" + round, last, "new")).name());
			insertedAfter.add(this.items.insert(new Item(null, "after" + round, last + 5, "new")).name());
			insertedAfter.add(this.items.insert(new Item(null, "end" + round, 1000 + round, "new")).name());
			window = this.items.scroll(Filters.empty(), Sorts.ascending("rank"), 5, window.next());
			scrolled.addAll(window.content());
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
		List<Item> originals = insertItems(200, (i) -> i * 10);
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
			List<Item> scrolled = new ArrayList<>();
			Window<Item> window = this.items.scroll(Filters.empty(), Sorts.ascending("rank"), 7);
			scrolled.addAll(window.content());
			while (window.hasNext()) {
				window = this.items.scroll(Filters.empty(), Sorts.ascending("rank"), 7, window.next());
				scrolled.addAll(window.content());
			}
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
	void offsetPagingRepeatsADocumentWhenOneIsInsertedBeforeThePage() {
		// The contrast with keyset scrolling
		insertItems(10, (i) -> i * 10);
		Page<Item> first = this.items.page(Filters.empty(), PageRequest.of(0, 5, Sorts.ascending("rank")));
		this.items.insert(new Item(null, "early", 5, "new"));
		Page<Item> second = this.items.page(Filters.empty(), PageRequest.of(1, 5, Sorts.ascending("rank")));
		assertThat(second.content()).first().isEqualTo(first.content().get(4));
	}

	@Test
	void positionOfAnotherSortIsRejected() {
		insertItems(10);
		ScrollPosition byRank = this.items.scroll(Filters.empty(), Sorts.ascending("rank"), 3).next();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.scroll(Filters.empty(), Sorts.ascending("name"), 3, byRank))
			.withMessageContaining("'after'")
			.withMessageContaining("rank")
			.withMessageContaining("name");
		assertThatIllegalArgumentException().isThrownBy(() -> this.items.scroll(Filters.empty(),
				Sorts.orderBy(Sorts.ascending("rank"), Sorts.ascending("name")), 3, byRank));
	}

	@Test
	void positionOfTheSameFieldsInAnotherOrderIsRejected() {
		insertItems(10);
		ScrollPosition position = this.items
			.scroll(Filters.empty(), Sorts.orderBy(Sorts.ascending("category"), Sorts.ascending("rank")), 3)
			.next();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.scroll(Filters.empty(),
					Sorts.orderBy(Sorts.ascending("rank"), Sorts.ascending("category")), 3, position))
			.withMessageContaining("'after'");
	}

	@Test
	void positionOfTheSameFieldInTheOtherDirectionIsRejected() {
		insertItems(10);
		ScrollPosition ascending = this.items.scroll(Filters.empty(), Sorts.ascending("rank"), 3).next();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.scroll(Filters.empty(), Sorts.descending("rank"), 3, ascending))
			.withMessageContaining("'after'");
	}

	@Test
	void sortWithAValueOtherThanOneOrMinusOneIsRejected() {
		insertItems(3);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.scroll(Filters.empty(), new Document("rank", 2), 2))
			.withMessageContaining("'sort'")
			.withMessageContaining("'rank'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.scroll(Filters.empty(), new Document("rank", 0), 2));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.scroll(Filters.empty(), new Document("rank", "asc"), 2));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.scroll(Filters.empty(), Sorts.metaTextScore("score"), 2));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.scroll(Filters.empty(), new Document("rank", 1.5), 2));
		assertThat(this.items.scroll(Filters.empty(), new Document("rank", -1.0), 2).content()).hasSize(2);
	}

	@Test
	void nullSortValueAtTheEndOfAWindowIsRejected() {
		this.items.insert(new Item(null, "a", null, "odd"));
		this.items.insert(new Item(null, "b", null, "odd"));
		this.items.insert(new Item(null, "c", 1, "odd"));
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.items.scroll(Filters.empty(), Sorts.ascending("rank"), 2))
			.withMessageContaining("'rank'");
	}

	@Test
	void missingSortFieldAtTheEndOfAWindowIsRejected() {
		this.items.insert(new Item(null, "a", 1, null));
		this.items.insert(new Item(null, "b", 2, null));
		this.items.insert(new Item(null, "c", 3, "odd"));
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.items.scroll(Filters.empty(),
					Sorts.orderBy(Sorts.ascending("rank"), Sorts.ascending("category")), 1))
			.withMessageContaining("'category'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "not a token", "AAAA", "bm90IGJzb24", "BQAAAAA" })
	void tokenThatIsNotAScrollPositionIsRejected(String token) {
		assertThatIllegalArgumentException().isThrownBy(() -> ScrollPosition.fromToken(token))
			.withMessageContaining("'token'");
	}

	@Test
	void emptyTokenIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> ScrollPosition.fromToken(""))
			.withMessageContaining("'token'");
	}

	@Test
	void windowSizeBelowOneIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.scroll(Filters.empty(), Sorts.ascending("rank"), 0))
			.withMessageContaining("'size'");
	}

	@Test
	void pageRequestChecksItsArguments() {
		assertThatIllegalArgumentException().isThrownBy(() -> PageRequest.of(-1, 10))
			.withMessageContaining("'page'")
			.withMessageContaining("-1");
		assertThatIllegalArgumentException().isThrownBy(() -> PageRequest.of(0, 0))
			.withMessageContaining("'size'")
			.withMessageContaining("0");
		assertThatIllegalArgumentException().isThrownBy(() -> PageRequest.of(Integer.MAX_VALUE, 2))
			.withMessageContaining("'page' * 'size'");
		assertThat(PageRequest.of(3, 10).offset()).isEqualTo(30);
	}

	@Test
	void queryChecksItsArguments() {
		assertThatIllegalArgumentException().isThrownBy(() -> Query.all().skip(-1)).withMessageContaining("'skip'");
		assertThatIllegalArgumentException().isThrownBy(() -> Query.all().limit(-1)).withMessageContaining("'limit'");
		assertThatIllegalArgumentException().isThrownBy(() -> Query.all().maxTime(Duration.ZERO))
			.withMessageContaining("'maxTime'");
		assertThatIllegalArgumentException().isThrownBy(() -> Query.all().maxTime(Duration.ofSeconds(-1)))
			.withMessageContaining("'maxTime'");
		assertThatIllegalArgumentException().isThrownBy(() -> Query.all().maxTime(null))
			.withMessageContaining("'maxTime'");
		assertThatIllegalArgumentException().isThrownBy(() -> Query.all().batchSize(-1))
			.withMessageContaining("'batchSize'");
		assertThatIllegalArgumentException().isThrownBy(() -> Query.where(null)).withMessageContaining("'filter'");
	}

	@Test
	void queryIsImmutable() {
		Query query = Query.all();
		Query limited = query.skip(2).limit(3);
		assertThat(query.getSkip()).isZero();
		assertThat(query.getLimit()).isZero();
		assertThat(limited.getSkip()).isEqualTo(2);
		assertThat(limited.getLimit()).isEqualTo(3);
	}

	private List<Item> scrollAll(Bson filter, Bson sort, int size) {
		List<Item> all = new ArrayList<>();
		Window<Item> window = this.items.scroll(filter, sort, size);
		all.addAll(window.content());
		while (window.hasNext()) {
			assertThat(window.content()).hasSize(size);
			window = this.items.scroll(filter, sort, size, ScrollPosition.fromToken(window.next().toToken()));
			all.addAll(window.content());
		}
		return all;
	}

	private List<Item> insertItems(int count) {
		return insertItems(count, (i) -> i);
	}

	private List<Item> insertItems(int count, Function<Integer, Integer> rank) {
		List<Item> items = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			items.add(new Item(null, String.format("item%02d", i), rank.apply(i), (i % 2 == 0) ? "even" : "odd"));
		}
		return this.items.insertAll(items);
	}

	public record Item(@BsonId ObjectId id, String name, Integer rank, String category) {
	}

}
