package io.connectplatform.mongodb.core;

import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTemplateTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	public record Item(@BsonId ObjectId id, String name, int rank, @Version long version) {
	}

	@Test
	void smoke() {
		try (MongoClient client = MongoClients.create(mongo.getConnectionString())) {
			MongoTemplates templates = MongoTemplates.builder(client, "smoke").build();
			CollectionTemplate<Item> items = templates.of(Item.class);
			Item a = items.insert(new Item(null, "a", 1, 0));
			assertThat(a.id()).isNotNull();
			assertThat(items.findById(a.id())).contains(a);
			Item a1 = items.save(new Item(a.id(), "a2", 1, 0));
			assertThat(a1.version()).isEqualTo(1);
			for (int i = 0; i < 10; i++) {
				items.insert(new Item(null, "n" + i, i % 3, 0));
			}
			Window<Item> w = items.scroll(Filters.empty(), Sorts.ascending("rank"), 4);
			assertThat(w.content()).hasSize(4);
			Window<Item> w2 = items.scroll(Filters.empty(), Sorts.ascending("rank"), 4, ScrollPosition.fromToken(w.next().toToken()));
			assertThat(w2.content()).hasSize(4).doesNotContainAnyElementsOf(w.content());
			assertThat(items.page(Filters.empty(), PageRequest.of(1, 5)).totalElements()).isEqualTo(11);
			assertThat(items.findBy("name", new org.bson.Document("$ne", null))).isEmpty();
			assertThat(items.bulk().insert(new Item(null, "b", 9, 0)).deleteMany(Filters.eq("rank", 2)).execute().deletedCount()).isEqualTo(3);
			assertThat(items.aggregate(List.of(com.mongodb.client.model.Aggregates.match(Filters.eq("rank", 9))), Item.class)).hasSize(1);
		}
	}

}
