package io.connectplatform.mongodb.core;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.connectplatform.mongodb.core.RankedItems.Item;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the offset paging of {@link CollectionTemplate} with Spring Data's
 * {@link Pageable} and {@link Page}, and for {@link SafeSorts}, over the wire.
 *
 * @author Connect MongoDB team
 */
class CollectionTemplatePagingTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private final RecordedCommands commands = new RecordedCommands();

	private MongoClient client;

	private CollectionTemplate<Item> items;

	@BeforeEach
	void createTemplate() {
		this.client = this.commands.createClient(mongo.getConnectionString());
		String database = "paging_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		this.items = MongoTemplates.builder(this.client, database).build().of(Item.class);
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void firstPageHoldsTheFirstElementsAndTheTotals() {
		RankedItems.insert(this.items, 23);
		Page<Item> page = this.items.page(Filters.empty(), PageRequest.of(0, 5, Sort.by("name")));
		assertThat(page.getContent()).extracting(Item::name)
			.containsExactly("item00", "item01", "item02", "item03", "item04");
		assertThat(page.getNumber()).isZero();
		assertThat(page.getSize()).isEqualTo(5);
		assertThat(page.getTotalElements()).isEqualTo(23);
		assertThat(page.getTotalPages()).isEqualTo(5);
		assertThat(page.hasNext()).isTrue();
		assertThat(page.hasPrevious()).isFalse();
	}

	@Test
	void middlePageHasAPreviousAndANextPage() {
		RankedItems.insert(this.items, 23);
		Page<Item> page = this.items.page(Filters.empty(), PageRequest.of(0, 5, Sort.by("name")).next().next());
		assertThat(page.getNumber()).isEqualTo(2);
		assertThat(page.getContent()).extracting(Item::name)
			.containsExactly("item10", "item11", "item12", "item13", "item14");
		assertThat(page.getTotalElements()).isEqualTo(23);
		assertThat(page.hasPrevious()).isTrue();
		assertThat(page.hasNext()).isTrue();
	}

	@Test
	void fullPageIsCounted() {
		RankedItems.insert(this.items, 20);
		this.commands.clear();
		Page<Item> page = this.items.page(Filters.empty(), PageRequest.of(3, 5, Sort.by("name")));
		assertThat(page.getContent()).hasSize(5);
		assertThat(page.getTotalElements()).isEqualTo(20);
		assertThat(page.getTotalPages()).isEqualTo(4);
		assertThat(page.hasNext()).isFalse();
		assertThat(this.commands.named("aggregate")).hasSize(1);
	}

	@Test
	void shortLastPageKnowsTheTotalWithoutCounting() {
		RankedItems.insert(this.items, 23);
		this.commands.clear();
		Page<Item> page = this.items.page(Filters.empty(), PageRequest.of(4, 5, Sort.by("name")));
		assertThat(page.getContent()).extracting(Item::name).containsExactly("item20", "item21", "item22");
		assertThat(page.getTotalElements()).isEqualTo(23);
		assertThat(page.getTotalPages()).isEqualTo(5);
		assertThat(page.hasNext()).isFalse();
		assertThat(page.hasPrevious()).isTrue();
		assertThat(this.commands.names()).containsExactly("find");
	}

	@Test
	void emptyFirstPageIsNotCounted() {
		this.commands.clear();
		Page<Item> page = this.items.page(Filters.empty(), PageRequest.of(0, 5));
		assertThat(page.getContent()).isEmpty();
		assertThat(page.getTotalElements()).isZero();
		assertThat(page.getTotalPages()).isZero();
		assertThat(page.hasNext()).isFalse();
		assertThat(this.commands.names()).containsExactly("find");
	}

	@Test
	void pageBeyondTheEndIsEmptyButCountsTheTotal() {
		RankedItems.insert(this.items, 23);
		this.commands.clear();
		Page<Item> page = this.items.page(Filters.empty(), PageRequest.of(10, 5, Sort.by("name")));
		assertThat(page.getContent()).isEmpty();
		assertThat(page.getTotalElements()).isEqualTo(23);
		assertThat(page.hasNext()).isFalse();
		assertThat(page.hasPrevious()).isTrue();
		assertThat(this.commands.names()).containsExactly("find", "aggregate");
	}

	@Test
	void pagesFollowTheSortAndCountOnlyMatchingDocuments() {
		RankedItems.insert(this.items, 23);
		Bson odd = Filters.eq("category", "odd");
		Page<Item> first = this.items.page(odd, PageRequest.of(0, 4, Sort.by(Sort.Direction.DESC, "rank")));
		assertThat(first.getContent()).extracting(Item::rank).containsExactly(21, 19, 17, 15);
		assertThat(first.getTotalElements()).isEqualTo(11);
		Page<Item> last = this.items.page(odd, PageRequest.of(2, 4, Sort.by(Sort.Direction.DESC, "rank")));
		assertThat(last.getContent()).extracting(Item::rank).containsExactly(5, 3, 1);
		assertThat(last.getTotalElements()).isEqualTo(11);
	}

	@Test
	void compoundSortIsSentInItsOrder() {
		RankedItems.insert(this.items, 10, (i) -> i % 3);
		this.commands.clear();
		Page<Item> page = this.items.page(Filters.empty(),
				PageRequest.of(0, 4, Sort.by(Sort.Order.desc("rank"), Sort.Order.asc("name"))));
		assertThat(page.getContent()).extracting(Item::name).containsExactly("item02", "item05", "item08", "item01");
		BsonDocument sort = this.commands.named("find").get(0).getDocument("sort");
		assertThat(sort).isEqualTo(BsonDocument.parse("{rank: -1, name: 1}"));
		assertThat(new ArrayList<>(sort.keySet())).containsExactly("rank", "name");
	}

	@Test
	void walkingEveryPageVisitsEveryDocumentOnce() {
		RankedItems.insert(this.items, 23);
		List<Item> seen = new ArrayList<>();
		Pageable request = PageRequest.of(0, 6, Sort.by("rank"));
		Page<Item> page;
		do {
			page = this.items.page(Filters.empty(), request);
			seen.addAll(page.getContent());
			request = page.nextPageable();
		}
		while (page.hasNext());
		assertThat(seen).extracting(Item::rank).containsExactlyElementsOf(IntStream.range(0, 23).boxed().toList());
	}

	@Test
	void unpagedReturnsEveryMatchInOnePageWithoutCounting() {
		RankedItems.insert(this.items, 12);
		this.commands.clear();
		Page<Item> page = this.items.page(Filters.eq("category", "even"),
				Pageable.unpaged(Sort.by(Sort.Direction.DESC, "rank")));
		assertThat(page.getContent()).extracting(Item::rank).containsExactly(10, 8, 6, 4, 2, 0);
		assertThat(page.getTotalElements()).isEqualTo(6);
		assertThat(page.getTotalPages()).isEqualTo(1);
		assertThat(this.commands.names()).containsExactly("find");
		assertThat(this.commands.named("find").get(0).containsKey("skip")).isFalse();
	}

	@Test
	void pageMapsItsContentAndKeepsItsTotals() {
		RankedItems.insert(this.items, 7);
		Page<String> names = this.items.page(Filters.empty(), PageRequest.of(1, 3, Sort.by("name"))).map(Item::name);
		assertThat(names.getContent()).containsExactly("item03", "item04", "item05");
		assertThat(names.getTotalElements()).isEqualTo(7);
		assertThat(names.getNumber()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "$where", "name.$gt", "name..first", ".name", "name.", "na\0me" })
	void sortByAPropertyThatIsNotAFieldPathIsRejectedBeforeAnythingIsSent(String property) {
		this.commands.clear();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.page(Filters.empty(), PageRequest.of(0, 5, Sort.by(property))))
			.withMessageContaining("'sort' property '" + property.replace("\0", "\\0") + "'");
		assertThat(this.commands.names()).isEmpty();
	}

	@Test
	void sortThatIgnoresCaseOrAsksForANullHandlingIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.page(Filters.empty(),
					PageRequest.of(0, 5, Sort.by(Sort.Order.asc("name").ignoreCase()))))
			.withMessageContaining("'name'")
			.withMessageContaining("collation");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.page(Filters.empty(),
					PageRequest.of(0, 5, Sort.by(Sort.Order.asc("name").nullsLast()))))
			.withMessageContaining("'name'");
	}

	@Test
	void safeSortsRendersTheDriverSortDocument() {
		assertThat(SafeSorts.of(Sort.by(Sort.Order.asc("a.b"), Sort.Order.desc("_id"))))
			.isEqualTo(BsonDocument.parse("{'a.b': 1, _id: -1}"));
		assertThat(SafeSorts.of(Sort.unsorted())).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> SafeSorts.of(null)).withMessageContaining("'sort'");
	}

	@Test
	void pageChecksItsArguments() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.items.page(Filters.empty(), null))
			.withMessageContaining("'pageable'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.items.page(null, PageRequest.of(0, 1)))
			.withMessageContaining("'filter'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.items.page(Filters.empty(), PageRequest.of(Integer.MAX_VALUE, 2)))
			.withMessageContaining("'pageable'")
			.withMessageContaining(String.valueOf(Integer.MAX_VALUE));
	}

}
