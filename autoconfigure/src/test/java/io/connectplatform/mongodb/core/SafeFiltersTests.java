package io.connectplatform.mongodb.core;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SafeFilters} and the template methods that use them, against an embedded
 * server: values shaped like query operators, as they come from user JSON, are compared
 * literally.
 *
 * @author Connect MongoDB team
 */
class SafeFiltersTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private MongoClient client;

	private MongoTemplates templates;

	private CollectionTemplate<Document> users;

	@BeforeEach
	void createTemplates() {
		this.client = new RecordedCommands().createClient(mongo.getConnectionString());
		String database = "safe_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		this.templates = MongoTemplates.builder(this.client, database).build();
		this.users = this.templates.of("users", Document.class);
		this.users.insertAll(List.of(user("ada", "admin"), user("bob", "user"), user("cy", "user")));
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"$ne\": null}", "{\"$gt\": \"\"}", "{\"$regex\": \".*\"}" })
	void operatorShapedValueFromUserJsonMatchesNothing(String json) {
		Object value = Document.parse(json);
		assertThat(this.users.find(SafeFilters.eq("name", value))).isEmpty();
		assertThat(this.users.findBy("name", value)).isEmpty();
		assertThat(this.users.findOneBy("name", value)).isEmpty();
		assertThat(this.users.count(SafeFilters.eq("name", value))).isZero();
		assertThat(this.users.exists(SafeFilters.eq("name", value))).isFalse();
		assertThat(this.users.deleteMany(SafeFilters.eq("name", value))).isZero();
		assertThat(this.users.count()).isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"$ne\": null}", "{\"$gt\": \"\"}", "{\"$regex\": \".*\"}" })
	void operatorShapedValueFromUserJsonMatchesEverythingWithTheDriversFiltersEq(String json) {
		// The injection risk that SafeFilters removes; on the driver's collection, as the
		// template's own methods might reject such filters
		Object value = Document.parse(json);
		assertThat(this.users.getCollection().countDocuments(Filters.eq("name", value))).isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"$ne\": null}", "{\"$gt\": \"\"}", "{\"$regex\": \".*\"}" })
	void documentStoringTheOperatorShapedValueLiterallyIsMatched(String json) {
		Document value = Document.parse(json);
		// Stored through the driver's collection, which does not validate field names
		this.users.getCollection().insertOne(new Document("_id", "literal").append("name", value));
		assertThat(this.users.findBy("name", value)).extracting((user) -> user.get("_id")).containsExactly("literal");
		assertThat(this.users.findOneBy("name", Document.parse(json))).get()
			.extracting((user) -> user.get("_id"))
			.isEqualTo("literal");
		assertThat(this.users.count(SafeFilters.eq("name", value))).isEqualTo(1);
	}

	@Test
	void regularExpressionFromUserJsonMatchesNothing() {
		// Extended JSON turns {"$regex": ..., "$options": ...} into a regular expression
		Object value = Document.parse("{\"name\": {\"$regex\": \".*\", \"$options\": \"\"}}").get("name");
		assertThat(this.users.findBy("name", value)).isEmpty();
		assertThat(this.users.find(SafeFilters.in("name", List.of(value)))).isEmpty();
		assertThat(this.users.getCollection().countDocuments(Filters.eq("name", value))).isEqualTo(3);
	}

	@Test
	void eqRendersAnExplicitEqOperator() {
		assertThat(SafeFilters.eq("name", Document.parse("{\"$ne\": null}")).toBsonDocument())
			.isEqualTo(BsonDocument.parse("{name: {$eq: {$ne: null}}}"));
	}

	@Test
	void scalarValuesKeepThePlainEqualityForm() {
		ObjectId id = new ObjectId();
		assertThat(SafeFilters.id(id).toBsonDocument()).isEqualTo(new BsonDocument("_id", new BsonObjectId(id)));
		assertThat(SafeFilters.eq("name", "ada").toBsonDocument()).isEqualTo(BsonDocument.parse("{name: 'ada'}"));
		assertThat(SafeFilters.eq("age", 42).toBsonDocument()).isEqualTo(BsonDocument.parse("{age: 42}"));
		assertThat(SafeFilters.eq("name", null).toBsonDocument()).isEqualTo(BsonDocument.parse("{name: null}"));
	}

	@Test
	void patternsListsAndUnknownTypesAreComparedWithEq() {
		assertThat(SafeFilters.eq("name", Pattern.compile(".*")).toBsonDocument())
			.isEqualTo(BsonDocument.parse("{name: {$eq: {$regularExpression: {pattern: '.*', options: ''}}}}"));
		assertThat(SafeFilters.eq("tags", List.of("a")).toBsonDocument())
			.isEqualTo(BsonDocument.parse("{tags: {$eq: ['a']}}"));
		assertThat(SafeFilters.id(new Document("$gt", "")).toBsonDocument())
			.isEqualTo(BsonDocument.parse("{_id: {$eq: {$gt: ''}}}"));
	}

	@Test
	void regularExpressionValueMatchesOnlyItsOwnLiteral() {
		assertThat(this.users.findBy("name", Pattern.compile(".*"))).isEmpty();
	}

	@Test
	void eqOfNullMatchesDocumentsWithoutTheField() {
		this.users.insert(new Document("name", "dan"));
		assertThat(this.users.find(SafeFilters.eq("role", null))).extracting((user) -> user.getString("name"))
			.containsExactly("dan");
	}

	@Test
	void eqFollowsANestedFieldPath() {
		this.users.insert(new Document("name", "eve").append("address", new Document("city", "Oslo")));
		assertThat(this.users.findOneBy("address.city", "Oslo")).get()
			.extracting((user) -> user.getString("name"))
			.isEqualTo("eve");
	}

	@Test
	void inMatchesAnyOfTheValuesLiterally() {
		Object injected = Document.parse("{\"$ne\": null}");
		assertThat(this.users.find(SafeFilters.in("name", List.of("ada", "cy", injected))))
			.extracting((user) -> user.getString("name"))
			.containsExactlyInAnyOrder("ada", "cy");
		assertThat(this.users.find(SafeFilters.in("name", List.of(injected)))).isEmpty();
		assertThat(this.users.find(SafeFilters.in("name", List.of()))).isEmpty();
		this.users.getCollection().insertOne(new Document("_id", "literal").append("name", injected));
		assertThat(this.users.find(SafeFilters.in("name", List.of(injected)))).extracting((user) -> user.get("_id"))
			.containsExactly("literal");
	}

	@Test
	void idComparesTheIdLiterally() {
		this.users.getCollection().insertOne(new Document("_id", "plain").append("name", "dan"));
		assertThat(this.users.findById(Document.parse("{\"$ne\": null}"))).isEmpty();
		assertThat(this.users.existsById(Document.parse("{\"$gt\": \"\"}"))).isFalse();
		assertThat(this.users.deleteById(Document.parse("{\"$ne\": null}"))).isFalse();
		assertThat(this.users.findById("plain")).isPresent();
		assertThat(this.users.count()).isEqualTo(4);
	}

	@Test
	void recordTemplateComparesLiterallyToo() {
		CollectionTemplate<User> typed = this.templates.of("users", User.class);
		assertThat(typed.findBy("role", "user")).extracting(User::name).containsExactlyInAnyOrder("bob", "cy");
		assertThat(typed.findBy("role", Document.parse("{\"$ne\": null}"))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "$where", "a.$b", "", "a..b", ".a", "a.", "$", "name.$" })
	void fieldThatIsNotAPlainPathIsRejected(String field) {
		assertThatIllegalArgumentException().isThrownBy(() -> SafeFilters.eq(field, "x"))
			.withMessageContaining("'field'");
		assertThatIllegalArgumentException().isThrownBy(() -> SafeFilters.in(field, List.of("x")))
			.withMessageContaining("'field'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.users.findBy(field, "x"))
			.withMessageContaining("'field'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.users.findOneBy(field, "x"))
			.withMessageContaining("'field'");
	}

	@Test
	void fieldWithANulCharacterIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> SafeFilters.eq("na\0me", "x"))
			.withMessageContaining("'field'");
	}

	@Test
	void nullFieldIdAndValuesAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> SafeFilters.eq(null, "x"))
			.withMessageContaining("'field'");
		assertThatIllegalArgumentException().isThrownBy(() -> SafeFilters.id(null)).withMessageContaining("'id'");
		assertThatIllegalArgumentException().isThrownBy(() -> SafeFilters.in("name", null))
			.withMessageContaining("'values'");
	}

	private static Document user(String name, String role) {
		return new Document("name", name).append("role", role);
	}

	public record User(@BsonId ObjectId id, String name, String role) {
	}

}
