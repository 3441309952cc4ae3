package io.connectplatform.mongodb.core.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.mongodb.DBRef;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Field;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDbPointer;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonSerializationException;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.Codec;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.codecs.pojo.PojoCodecProvider;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link MongoValidator}.
 *
 * @author Connect MongoDB team
 */
class MongoValidatorTests {

	private static final int SIXTEEN_MIB = 16 * 1024 * 1024;

	private static final String SECRET = "s3cr3t-hunter2";

	private static final String COLLECTION = "orders";

	private static final CodecRegistry REGISTRY = MongoClientSettings.getDefaultCodecRegistry();

	private static final Codec<Document> DOCUMENT_CODEC = REGISTRY.get(Document.class);

	private final RecordingListener listener = new RecordingListener();

	private final MongoValidator validator = new MongoValidator(ValidationSettings.defaults(), this.listener);

	@Test
	void defaultsUseDefaultSettings() {
		assertThat(MongoValidator.defaults().getSettings()).isEqualTo(ValidationSettings.defaults());
		assertThat(this.validator.getSettings()).isEqualTo(ValidationSettings.defaults());
	}

	@Test
	void ruleTagValuesAreKebabCase() {
		assertThat(ValidationRule.values()).extracting(ValidationRule::tagValue)
			.containsExactly("document-size", "nesting-depth", "field-name", "collection-name", "pipeline-stage",
					"server-side-javascript");
	}

	@Nested
	class Settings {

		@Test
		void defaultsAreEnabledWithDepth100NoJavascriptAndTheServersSizeLimit() {
			assertThat(ValidationSettings.defaults()).isEqualTo(new ValidationSettings(true, 100, false, null));
		}

		@ParameterizedTest
		@ValueSource(ints = { 0, -1 })
		void nestingDepthBelowOneIsRejected(int depth) {
			assertThatIllegalArgumentException().isThrownBy(() -> new ValidationSettings(true, depth, false, null))
				.withMessage("'maxNestingDepth' must be at least 1, but was " + depth);
		}

		@ParameterizedTest
		@ValueSource(ints = { 0, -1 })
		void documentSizeBelowOneIsRejected(int size) {
			assertThatIllegalArgumentException().isThrownBy(() -> new ValidationSettings(true, 100, false, size))
				.withMessage("'maxDocumentSize' must be at least 1, but was " + size);
		}

		@Test
		void smallestLimitsAreAccepted() {
			ValidationSettings settings = new ValidationSettings(true, 1, false, 1);
			assertThat(settings.maxNestingDepth()).isOne();
			assertThat(settings.maxDocumentSize()).isOne();
		}

	}

	@Nested
	class CollectionNames {

		@ParameterizedTest
		@ValueSource(strings = { "orders", "order.items", "system", "systems.log", "a", "Orders_2024-01" })
		void validNamesAreAccepted(String name) {
			assertThatNoException().isThrownBy(() -> MongoValidatorTests.this.validator.validateCollectionName(name));
			assertThat(MongoValidatorTests.this.listener.rejections).isEmpty();
		}

		@Test
		void emptyNameIsRejected() {
			assertRejected("", "Invalid collection name '': it is empty");
		}

		@Test
		void nameWithNulIsRejected() {
			assertRejected("ord\0ers", "Invalid collection name 'ord\\0ers': it contains a NUL character");
		}

		@Test
		void nameWithDollarIsRejected() {
			assertRejected("orders$v2", "Invalid collection name 'orders$v2': it contains '$'");
		}

		@Test
		void systemNameIsRejected() {
			assertRejected("system.users", "Invalid collection name 'system.users': names starting with 'system.'");
		}

		@Test
		void namesAreCheckedEvenWhenValidationIsDisabled() {
			RecordingListener listener = new RecordingListener();
			MongoValidator disabled = new MongoValidator(new ValidationSettings(false, 100, true, null), listener);
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> disabled.validateCollectionName("system.profile"))
				.satisfies((ex) -> assertThat(ex.getRule()).isEqualTo(ValidationRule.COLLECTION_NAME));
			assertThat(listener.rejections).containsExactly("collection-name@null");
		}

		private void assertRejected(String name, String messagePrefix) {
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateCollectionName(name))
				.satisfies((ex) -> {
					assertThat(ex.getRule()).isEqualTo(ValidationRule.COLLECTION_NAME);
					assertThat(ex.getCollection()).isNull();
					assertThat(ex.getMessage()).startsWith(messagePrefix).contains("choose a name");
				});
			assertThat(MongoValidatorTests.this.listener.rejections).containsExactly("collection-name@null");
		}

	}

	@Nested
	class DocumentSize {

		private final RawBsonDocument document = raw(
				new BsonDocument("_id", new BsonString("order-1")).append("payload", new BsonString(SECRET.repeat(10))));

		private final int size = this.document.getByteBuffer().remaining();

		@Test
		void documentExactlyAtTheLimitIsAccepted() {
			MongoValidatorTests.this.validator.validateDocument(COLLECTION, this.document, this.size);
			assertThat(MongoValidatorTests.this.listener.rejections).isEmpty();
		}

		@Test
		void documentOneByteOverTheLimitIsRejected() {
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateDocument(COLLECTION, this.document,
						this.size - 1))
				.satisfies((ex) -> {
					assertThat(ex.getRule()).isEqualTo(ValidationRule.DOCUMENT_SIZE);
					assertThat(ex.getCollection()).isEqualTo(COLLECTION);
					assertThat(ex.getMessage()).isEqualTo("Document with _id \"order-1\" for collection 'orders' is "
							+ this.size + " bytes, over the limit of " + (this.size - 1)
							+ " bytes (the server's maximum document size); split the document, move large content"
							+ " to GridFS, or leave out what is not needed")
						.doesNotContain(SECRET);
				});
			assertThat(MongoValidatorTests.this.listener.rejections).containsExactly("document-size@orders");
		}

		@Test
		void configuredLimitWinsOverTheServersLimit() {
			MongoValidator validator = new MongoValidator(new ValidationSettings(true, 100, false, this.size - 1),
					MongoValidatorTests.this.listener);
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> validator.validateDocument(COLLECTION, this.document, SIXTEEN_MIB))
				.withMessageContaining("over the limit of " + (this.size - 1)
						+ " bytes (connect.mongodb.validation.max-document-size)");
			MongoValidator larger = new MongoValidator(new ValidationSettings(true, 100, false, this.size),
					MongoValidatorTests.this.listener);
			larger.validateDocument(COLLECTION, this.document, 1);
		}

		@Test
		void documentWithoutIdIsDescribedByItsCollection() {
			RawBsonDocument document = raw(new BsonDocument("payload", new BsonString(SECRET)));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateDocument(COLLECTION, document, 10))
				.withMessageStartingWith("Document for collection 'orders' is ")
				.withMessageNotContaining(SECRET);
		}

		@Test
		void objectIdIsShownAsJson() {
			ObjectId id = new ObjectId();
			RawBsonDocument document = raw(new Document("_id", id).append("payload", SECRET));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateDocument(COLLECTION, document, 10))
				.withMessageStartingWith("Document with _id {\"$oid\": \"" + id.toHexString() + "\"} for collection");
		}

		@Test
		void numericIdIsShownAsIs() {
			RawBsonDocument document = raw(new Document("_id", 42L).append("payload", SECRET));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateDocument(COLLECTION, document, 10))
				.withMessageStartingWith("Document with _id 42 for collection");
		}

		@Test
		void longIdIsShortened() {
			String id = "x".repeat(100);
			RawBsonDocument document = raw(new Document("_id", id));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateDocument(COLLECTION, document, 10))
				.withMessageStartingWith("Document with _id \"" + "x".repeat(63) + "... for collection")
				.withMessageNotContaining(id);
		}

		@Test
		void serverLimitBelowOneIsRejected() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateDocument(COLLECTION, this.document, 0))
				.withMessage("'serverMaxDocumentSize' must be at least 1, but was 0");
		}

	}

	@Nested
	class NestingDepth {

		@Test
		void depthExactlyAtTheDefaultLimitIsAccepted() {
			MongoValidatorTests.this.validator.validateDocument(COLLECTION, raw(nested(100)), SIXTEEN_MIB);
			assertThat(MongoValidatorTests.this.listener.rejections).isEmpty();
		}

		@Test
		void depthOneOverTheDefaultLimitIsRejected() {
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateDocument(COLLECTION, raw(nested(101)),
						SIXTEEN_MIB))
				.satisfies((ex) -> {
					assertThat(ex.getRule()).isEqualTo(ValidationRule.NESTING_DEPTH);
					assertThat(ex.getCollection()).isEqualTo(COLLECTION);
					assertThat(ex.getMessage()).isEqualTo("Document for collection 'orders' nests deeper than 100 levels:"
							+ " field '" + "a.".repeat(99) + "a' holds level 101 (the document itself is level 1);"
							+ " flatten the document or raise connect.mongodb.validation.max-nesting-depth")
						.doesNotContain(SECRET);
				});
			assertThat(MongoValidatorTests.this.listener.rejections).containsExactly("nesting-depth@orders");
		}

		@Test
		void customDepthIsEnforced() {
			MongoValidator validator = new MongoValidator(new ValidationSettings(true, 3, false, null),
					MongoValidatorTests.this.listener);
			validator.validateDocument(COLLECTION, raw(nested(3)), SIXTEEN_MIB);
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> validator.validateDocument(COLLECTION, raw(nested(4)), SIXTEEN_MIB))
				.withMessageContaining("nests deeper than 3 levels: field 'a.a.a' holds level 4");
		}

		@Test
		void arraysCountAsLevels() {
			MongoValidator validator = new MongoValidator(new ValidationSettings(true, 2, false, null),
					MongoValidatorTests.this.listener);
			BsonArray inner = new BsonArray(List.of(new BsonInt32(1)));
			validator.validateDocument(COLLECTION, raw(new BsonDocument("a", inner)), SIXTEEN_MIB);
			RawBsonDocument tooDeep = raw(new BsonDocument("_id", new BsonInt32(7)).append("a",
					new BsonArray(List.of(new BsonInt32(1), inner))));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> validator.validateDocument(COLLECTION, tooDeep, SIXTEEN_MIB))
				.withMessageStartingWith("Document with _id 7 for collection 'orders' nests deeper than 2 levels:"
						+ " field 'a.1' holds level 3");
		}

		@Test
		void depthOfOneAllowsOnlyFlatDocuments() {
			MongoValidator validator = new MongoValidator(new ValidationSettings(true, 1, false, null),
					MongoValidatorTests.this.listener);
			validator.validateDocument(COLLECTION, raw(new Document("a", 1).append("b", "two")), SIXTEEN_MIB);
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> validator.validateDocument(COLLECTION, raw(new Document("a", new Document()).append("b", SECRET)),
						SIXTEEN_MIB))
				.withMessageContaining("field 'a' holds level 2")
				.withMessageNotContaining(SECRET);
		}

	}

	@Nested
	class FieldNames {

		@Test
		void ordinaryNamesAreAccepted() {
			Document document = new Document("_id", 1).append("a$b", 1)
				.append("dotted.name", 2)
				.append("items", List.of(new Document("sku", "x"), 3));
			MongoValidatorTests.this.validator.validateDocument(COLLECTION, raw(document), SIXTEEN_MIB);
			assertThat(MongoValidatorTests.this.listener.rejections).isEmpty();
		}

		@Test
		void everyBsonTypeIsSkippedAndANameAfterThemIsStillChecked() {
			BsonDocument everyType = new BsonDocument("_id", new BsonObjectId())
				.append("double", new BsonDouble(1.5))
				.append("string", new BsonString("text"))
				.append("document", new BsonDocument("inner", new BsonInt32(1)))
				.append("array", new BsonArray(List.of(new BsonInt32(1), new BsonString("two"))))
				.append("binary", new BsonBinary(new byte[] { 1, 2, 3 }))
				.append("undefined", new BsonUndefined())
				.append("boolean", BsonBoolean.TRUE)
				.append("date", new BsonDateTime(1))
				.append("null", BsonNull.VALUE)
				.append("regex", new BsonRegularExpression("^a.*", "i"))
				.append("pointer", new BsonDbPointer("other.collection", new ObjectId()))
				.append("code", new BsonJavaScript("function() {}"))
				.append("symbol", new BsonSymbol("symbol"))
				.append("scoped", new BsonJavaScriptWithScope("x", new BsonDocument("$scopeIsNotChecked", BsonNull.VALUE)))
				.append("int32", new BsonInt32(1))
				.append("timestamp", new BsonTimestamp(1, 2))
				.append("int64", new BsonInt64(3))
				.append("decimal", new BsonDecimal128(Decimal128.parse("1.5")))
				.append("min", new BsonMinKey())
				.append("max", new BsonMaxKey());
			MongoValidatorTests.this.validator.validateDocument(COLLECTION, raw(everyType), SIXTEEN_MIB);
			assertThat(MongoValidatorTests.this.listener.rejections).isEmpty();
			everyType.append("last", new BsonDocument("$afterEveryType", BsonNull.VALUE));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateDocument(COLLECTION, raw(everyType),
						SIXTEEN_MIB))
				.withMessageContaining("last.$afterEveryType");
		}

		@Test
		void dollarFieldDeepInAnArrayOfSubDocumentsIsRejectedWithItsPath() {
			Document document = new Document("_id", "order-1").append("items",
					List.of(new Document("sku", "a"), new Document("sku", "b").append("price", new Document("$numberSecret", SECRET))));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateDocument(COLLECTION, raw(document),
						SIXTEEN_MIB))
				.satisfies((ex) -> {
					assertThat(ex.getRule()).isEqualTo(ValidationRule.FIELD_NAME);
					assertThat(ex.getCollection()).isEqualTo(COLLECTION);
					assertThat(ex.getMessage()).isEqualTo("Document with _id \"order-1\" for collection 'orders' has"
							+ " field 'items.1.price.$numberSecret' whose name starts with '$', which MongoDB reserves"
							+ " for operators; rename the field")
						.doesNotContain(SECRET);
				});
			assertThat(MongoValidatorTests.this.listener.rejections).containsExactly("field-name@orders");
		}

		@Test
		void topLevelDollarFieldIsRejected() {
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateDocument(COLLECTION,
						raw(new Document("$set", new Document("password", SECRET))), SIXTEEN_MIB))
				.withMessageContaining("has field '$set' whose name starts with '$'")
				.withMessageNotContaining(SECRET);
		}

		@Test
		void emptyFieldNameIsRejected() {
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateDocument(COLLECTION,
						raw(new Document("_id", 5).append("profile", new Document("", SECRET))), SIXTEEN_MIB))
				.satisfies((ex) -> assertThat(ex.getRule()).isEqualTo(ValidationRule.FIELD_NAME))
				.withMessage("Document with _id 5 for collection 'orders' has a field with an empty name in 'profile';"
						+ " give every field a name");
		}

		@Test
		void emptyTopLevelFieldNameIsRejected() {
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateDocument(COLLECTION,
						raw(new Document("", SECRET)), SIXTEEN_MIB))
				.withMessageContaining("has a field with an empty name at the top level")
				.withMessageNotContaining(SECRET);
		}

		@Test
		void dbRefFieldsAreAcceptedBelowTheTopLevel() {
			Document document = new Document("_id", 1).append("customer", new DBRef("shop", "customers", 7));
			RawBsonDocument encoded = MongoValidatorTests.this.validator.encode(COLLECTION, document, DOCUMENT_CODEC,
					SIXTEEN_MIB);
			assertThat(encoded.getDocument("customer").keySet()).containsExactly("$ref", "$id", "$db");
			assertThat(MongoValidatorTests.this.listener.rejections).isEmpty();
		}

		@Test
		void dbRefFieldsAreRejectedAtTheTopLevel() {
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateDocument(COLLECTION,
						raw(new Document("$ref", "customers").append("$id", 7)), SIXTEEN_MIB))
				.withMessageContaining("field '$ref'");
		}

	}

	@Nested
	class Encode {

		@Test
		void encodesAndValidates() {
			Document order = new Document("_id", "order-1").append("total", 12.5);
			RawBsonDocument encoded = MongoValidatorTests.this.validator.encode(COLLECTION, order, DOCUMENT_CODEC,
					SIXTEEN_MIB);
			assertThat(encoded).isEqualTo(new BsonDocument("_id", new BsonString("order-1")).append("total",
					new BsonDouble(12.5)));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.encode(COLLECTION, new Document("$bad", 1),
						DOCUMENT_CODEC, SIXTEEN_MIB))
				.satisfies((ex) -> assertThat(ex.getRule()).isEqualTo(ValidationRule.FIELD_NAME));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.encode(COLLECTION, order, DOCUMENT_CODEC, 10))
				.satisfies((ex) -> assertThat(ex.getRule()).isEqualTo(ValidationRule.DOCUMENT_SIZE));
		}

		// DocumentCodec does not generate an _id, even when encoding a collectible
		// document: the driver generates one when it sends an insert (see
		// MongoValidatorWireTests). Encoding as a collectible document only moves an
		// existing _id to the front, as the driver does on insert.
		@Test
		void documentGetsNoGeneratedIdButItsIdComesFirst() {
			Document withoutId = new Document("name", "x");
			RawBsonDocument encoded = MongoValidatorTests.this.validator.encode(COLLECTION, withoutId, DOCUMENT_CODEC,
					SIXTEEN_MIB);
			assertThat(encoded.containsKey("_id")).isFalse();
			assertThat(withoutId).doesNotContainKey("_id");
			Document idLast = new Document("name", "x").append("_id", 3);
			assertThat(MongoValidatorTests.this.validator.encode(COLLECTION, idLast, DOCUMENT_CODEC, SIXTEEN_MIB)
				.getFirstKey()).isEqualTo("_id");
		}

		@Test
		void pojoGetsAnIdGeneratedAsOnInsert() {
			CodecRegistry registry = CodecRegistries.fromRegistries(REGISTRY,
					CodecRegistries.fromProviders(PojoCodecProvider.builder().automatic(true).build()));
			Customer customer = new Customer();
			customer.setName("Ada");
			RawBsonDocument encoded = MongoValidatorTests.this.validator.encode("customers", customer,
					registry.get(Customer.class), SIXTEEN_MIB);
			assertThat(customer.getId()).isNotNull();
			assertThat(encoded.getObjectId("_id").getValue()).isEqualTo(customer.getId());
		}

		@Test
		void nulInTopLevelFieldNameOfDocumentIsRejected() {
			Document document = new Document("_id", 9).append("na\0me", SECRET);
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.encode(COLLECTION, document, DOCUMENT_CODEC,
						SIXTEEN_MIB))
				.satisfies((ex) -> {
					assertThat(ex.getRule()).isEqualTo(ValidationRule.FIELD_NAME);
					assertThat(ex.getCollection()).isEqualTo(COLLECTION);
					assertThat(ex.getCause()).isInstanceOf(BsonSerializationException.class);
					assertThat(ex.getMessage()).isEqualTo("Document with _id 9 for collection 'orders' has field"
							+ " 'na\\0me' whose name contains a NUL character, which BSON cannot store; rename the field")
						.doesNotContain(SECRET);
				});
			assertThat(MongoValidatorTests.this.listener.rejections).containsExactly("field-name@orders");
		}

		@Test
		void nulInFieldNameInsideAnArrayOfDocumentIsRejectedWithItsPath() {
			Document document = new Document("items", List.of(new Document("sku", "a"), new Document("s\0ku", SECRET)));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.encode(COLLECTION, document, DOCUMENT_CODEC,
						SIXTEEN_MIB))
				.withMessageStartingWith("Document for collection 'orders' has field 'items.1.s\\0ku'")
				.withMessageNotContaining(SECRET);
		}

		@Test
		void nulInFieldNameOfRecordIsRejected() {
			Account account = new Account("acc-1", Map.of("ti\0er", SECRET));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.encode("accounts", account,
						REGISTRY.get(Account.class), SIXTEEN_MIB))
				.satisfies((ex) -> assertThat(ex.getRule()).isEqualTo(ValidationRule.FIELD_NAME))
				.withMessageStartingWith("Document with _id \"acc-1\" for collection 'accounts' has field"
						+ " 'attributes.ti\\0er' whose name contains a NUL character")
				.withMessageNotContaining(SECRET);
			assertThat(MongoValidatorTests.this.listener.rejections).containsExactly("field-name@accounts");
		}

		@Test
		void recordIsEncoded() {
			Account account = new Account("acc-1", Map.of("tier", "gold"));
			RawBsonDocument encoded = MongoValidatorTests.this.validator.encode("accounts", account,
					REGISTRY.get(Account.class), SIXTEEN_MIB);
			assertThat(encoded.getString("_id").getValue()).isEqualTo("acc-1");
			assertThat(encoded.getDocument("attributes").getString("tier").getValue()).isEqualTo("gold");
		}

		@Test
		void nulInAValueIsNotAFieldNameProblemAndPropagatesUnchanged() {
			Document document = new Document("pattern", Pattern.compile("a\0b"));
			assertThatExceptionOfType(BsonSerializationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.encode(COLLECTION, document, DOCUMENT_CODEC,
						SIXTEEN_MIB))
				.isNotInstanceOf(MongoValidationException.class);
			assertThat(MongoValidatorTests.this.listener.rejections).isEmpty();
		}

		@Test
		void codecConfigurationExceptionPropagatesUnchanged() {
			Document document = new Document("thing", new Object());
			assertThatExceptionOfType(CodecConfigurationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.encode(COLLECTION, document, DOCUMENT_CODEC,
						SIXTEEN_MIB));
			assertThat(MongoValidatorTests.this.listener.rejections).isEmpty();
		}

	}

	@Nested
	class Disabled {

		private final RecordingListener listener = new RecordingListener();

		private final MongoValidator validator = new MongoValidator(new ValidationSettings(false, 1, false, 1),
				this.listener);

		@Test
		void documentsAreNotChecked() {
			RawBsonDocument document = raw(new Document("$bad", new Document("", List.of(1))).append("deep", nested(5)));
			this.validator.validateDocument(COLLECTION, document, 1);
			RawBsonDocument encoded = this.validator.encode(COLLECTION, new Document("$bad", nested(5)), DOCUMENT_CODEC,
					1);
			assertThat(encoded.getFirstKey()).isEqualTo("$bad");
			assertThat(this.listener.rejections).isEmpty();
		}

		@Test
		void filtersUpdatesAndPipelinesAreNotChecked() {
			this.validator.validateFilter(COLLECTION, Filters.where("this.a > 1"), REGISTRY);
			this.validator.validateUpdate(COLLECTION, new Document("$set", new Document("$where", "x")), REGISTRY);
			List<Bson> pipeline = List.of(Aggregates.out("copy"), new Document("match", 1).append("b", 2));
			this.validator.validatePipeline(COLLECTION, pipeline, REGISTRY);
			this.validator.validateUpdatePipeline(COLLECTION, pipeline, REGISTRY);
			assertThat(this.listener.rejections).isEmpty();
		}

		// A field name containing NUL cannot be encoded at all: the driver's exception is
		// turned into a clear one even when validation is disabled.
		@Test
		void nulInFieldNameIsStillRejected() {
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> this.validator.encode(COLLECTION, new Document("a\0b", 1), DOCUMENT_CODEC, 1))
				.satisfies((ex) -> assertThat(ex.getRule()).isEqualTo(ValidationRule.FIELD_NAME));
			assertThat(this.listener.rejections).containsExactly("field-name@orders");
		}

	}

	@Nested
	class ServerSideJavascript {

		@Test
		void ordinaryFilterIsAccepted() {
			MongoValidatorTests.this.validator.validateFilter(COLLECTION,
					Filters.and(Filters.eq("status", "open"), Filters.expr(new Document("$gt", List.of("$a", "$b")))),
					REGISTRY);
			MongoValidatorTests.this.validator.validateFilter(COLLECTION, null, REGISTRY);
			assertThat(MongoValidatorTests.this.listener.rejections).isEmpty();
		}

		@Test
		void whereInFilterIsRejected() {
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateFilter(COLLECTION,
						Filters.where("this.password == '" + SECRET + "'"), REGISTRY))
				.satisfies((ex) -> {
					assertThat(ex.getRule()).isEqualTo(ValidationRule.SERVER_SIDE_JAVASCRIPT);
					assertThat(ex.getCollection()).isEqualTo(COLLECTION);
					assertThat(ex.getMessage()).isEqualTo("Filter for collection 'orders' uses $where, which runs"
							+ " JavaScript on the server; rewrite it without JavaScript, or set"
							+ " connect.mongodb.validation.allow-server-side-javascript=true to allow it")
						.doesNotContain(SECRET);
				});
			assertThat(MongoValidatorTests.this.listener.rejections).containsExactly("server-side-javascript@orders");
		}

		@Test
		void functionInsideAnArrayOfTheFilterIsRejected() {
			Document function = new Document("$function",
					new Document("body", "function(a) { return true; }").append("args", List.of("$a")).append("lang", "js"));
			Bson filter = Filters.or(Filters.eq("a", 1), Filters.expr(new Document("$and", List.of(true, function))));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateFilter(COLLECTION, filter, REGISTRY))
				.withMessageContaining("uses $function");
		}

		@Test
		void functionInUpdateIsRejected() {
			MongoValidatorTests.this.validator.validateUpdate(COLLECTION, Updates.set("a", 1), REGISTRY);
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateUpdate(COLLECTION,
						Updates.set("a", new Document("$function", new Document("body", SECRET))), REGISTRY))
				.withMessageStartingWith("Update for collection 'orders' uses $function")
				.withMessageNotContaining(SECRET);
		}

		@Test
		void accumulatorInPipelineIsRejectedWithItsStage() {
			List<Bson> pipeline = List.of(Aggregates.match(Filters.eq("a", 1)),
					Aggregates.group("$a", Accumulators.accumulator("total", "function() { return 0; }",
							"function(s, v) { return s; }", "function(a, b) { return a; }")));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validatePipeline(COLLECTION, pipeline, REGISTRY))
				.satisfies((ex) -> assertThat(ex.getRule()).isEqualTo(ValidationRule.SERVER_SIDE_JAVASCRIPT))
				.withMessageStartingWith("Pipeline stage 1 ($group) for collection 'orders' uses $accumulator");
		}

		@Test
		void whereInLookupSubPipelineIsRejected() {
			List<Bson> pipeline = List.of(Aggregates.lookup("customers",
					List.of(Aggregates.match(Filters.where("true"))), "customer"));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validatePipeline(COLLECTION, pipeline, REGISTRY))
				.withMessageStartingWith("Pipeline stage 0 ($lookup) for collection 'orders' uses $where");
		}

		@Test
		void functionInUpdatePipelineIsRejected() {
			List<Bson> pipeline = List.of(Aggregates.set(new Field<>("a",
					new Document("$function", new Document("body", "function() {}")))));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateUpdatePipeline(COLLECTION, pipeline,
						REGISTRY))
				.withMessageStartingWith("Update pipeline stage 0 ($set) for collection 'orders' uses $function");
		}

		@Test
		void javascriptIsAcceptedWhenAllowedButStagesAreStillChecked() {
			RecordingListener listener = new RecordingListener();
			MongoValidator allowing = new MongoValidator(new ValidationSettings(true, 100, true, null), listener);
			allowing.validateFilter(COLLECTION, Filters.where("true"), REGISTRY);
			allowing.validateUpdate(COLLECTION, Updates.set("a", new Document("$function", new Document())), REGISTRY);
			allowing.validatePipeline(COLLECTION, List.of(Aggregates.match(Filters.where("true"))), REGISTRY);
			allowing.validateUpdatePipeline(COLLECTION,
					List.of(new Document("$set", new Document("a", new Document("$function", new Document())))), REGISTRY);
			assertThat(listener.rejections).isEmpty();
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> allowing.validateUpdatePipeline(COLLECTION, List.of(new Document("set", 1)), REGISTRY))
				.satisfies((ex) -> assertThat(ex.getRule()).isEqualTo(ValidationRule.PIPELINE_STAGE));
		}

	}

	@Nested
	class PipelineStages {

		@Test
		void wellFormedPipelineIsAccepted() {
			List<Bson> pipeline = List.of(Aggregates.match(Filters.eq("a", 1)), Aggregates.limit(5),
					Aggregates.out("copy"));
			MongoValidatorTests.this.validator.validatePipeline(COLLECTION, pipeline, REGISTRY);
			MongoValidatorTests.this.validator.validatePipeline(COLLECTION,
					List.of(Aggregates.sort(new Document("a", 1)), Aggregates.merge("copy")), REGISTRY);
			MongoValidatorTests.this.validator.validatePipeline(COLLECTION, List.of(), REGISTRY);
			assertThat(MongoValidatorTests.this.listener.rejections).isEmpty();
		}

		@Test
		void stageWithTwoKeysIsRejected() {
			List<Bson> pipeline = List.of(Aggregates.limit(5),
					new Document("$match", new Document("password", SECRET)).append("$limit", 1));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validatePipeline(COLLECTION, pipeline, REGISTRY))
				.satisfies((ex) -> {
					assertThat(ex.getRule()).isEqualTo(ValidationRule.PIPELINE_STAGE);
					assertThat(ex.getCollection()).isEqualTo(COLLECTION);
					assertThat(ex.getMessage()).isEqualTo("Pipeline stage 1 for collection 'orders' has keys"
							+ " '$match, $limit'; a stage must have exactly one key, its operator such as $match:"
							+ " put each operator in a stage of its own")
						.doesNotContain(SECRET);
				});
			assertThat(MongoValidatorTests.this.listener.rejections).containsExactly("pipeline-stage@orders");
		}

		@Test
		void stageWithoutOperatorIsRejected() {
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validatePipeline(COLLECTION,
						List.of(new Document("match", new Document("a", SECRET))), REGISTRY))
				.withMessageStartingWith("Pipeline stage 0 for collection 'orders' has keys 'match'")
				.withMessageNotContaining(SECRET);
		}

		@Test
		void emptyStageIsRejected() {
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validatePipeline(COLLECTION,
						List.of(Aggregates.limit(1), new Document()), REGISTRY))
				.withMessageStartingWith("Pipeline stage 1 for collection 'orders' has keys ''");
		}

		@Test
		void nullStageIsRejected() {
			List<@Nullable Bson> pipeline = new ArrayList<>();
			pipeline.add(Aggregates.limit(1));
			pipeline.add(null);
			@SuppressWarnings("unchecked")
			List<Bson> stages = (List<Bson>) (List<?>) pipeline;
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validatePipeline(COLLECTION, stages, REGISTRY))
				.withMessage("Pipeline stage 1 for collection 'orders' is null; remove it");
		}

		@Test
		void outBeforeTheLastStageIsRejected() {
			List<Bson> pipeline = List.of(Aggregates.out("copy"), Aggregates.limit(1));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validatePipeline(COLLECTION, pipeline, REGISTRY))
				.satisfies((ex) -> assertThat(ex.getRule()).isEqualTo(ValidationRule.PIPELINE_STAGE))
				.withMessage("Pipeline stage 0 ($out) for collection 'orders' is not the last of 2 stages; $out"
						+ " writes the results and must be the last stage: move it to the end");
		}

		@Test
		void mergeBeforeTheLastStageIsRejected() {
			List<Bson> pipeline = List.of(Aggregates.limit(1), Aggregates.merge("copy"), Aggregates.limit(2));
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validatePipeline(COLLECTION, pipeline, REGISTRY))
				.withMessageStartingWith("Pipeline stage 1 ($merge) for collection 'orders' is not the last of 3");
		}

		@Test
		void updatePipelineStagesAreChecked() {
			MongoValidatorTests.this.validator.validateUpdatePipeline(COLLECTION,
					List.of(Aggregates.set(new Field<>("a", 1)), Aggregates.unset("b")),
					REGISTRY);
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> MongoValidatorTests.this.validator.validateUpdatePipeline(COLLECTION,
						List.of(new Document("$set", new Document("a", 1)).append("$unset", "b")), REGISTRY))
				.withMessageStartingWith("Update pipeline stage 0 for collection 'orders' has keys '$set, $unset'");
		}

	}

	@Nested
	class Listener {

		@ParameterizedTest
		@EnumSource(ValidationRule.class)
		void isCalledOnceWithTheRuleAndCollectionBeforeTheExceptionIsThrown(ValidationRule rule) {
			List<String> events = new ArrayList<>();
			MongoValidator validator = new MongoValidator(new ValidationSettings(true, 2, false, 100),
					(rejected, collection) -> events.add("listener:" + rejected.tagValue() + "@" + collection));
			try {
				breakRule(validator, rule);
			}
			catch (MongoValidationException ex) {
				events.add("exception:" + ex.getRule().tagValue() + "@" + ex.getCollection());
			}
			String collection = (rule != ValidationRule.COLLECTION_NAME) ? COLLECTION : null;
			assertThat(events).containsExactly("listener:" + rule.tagValue() + "@" + collection,
					"exception:" + rule.tagValue() + "@" + collection);
		}

		@Test
		void failingListenerDoesNotHideTheRejection() {
			IllegalStateException failure = new IllegalStateException("metrics are down");
			MongoValidator validator = new MongoValidator(ValidationSettings.defaults(), (rule, collection) -> {
				throw failure;
			});
			assertThatExceptionOfType(MongoValidationException.class)
				.isThrownBy(() -> validator.validateCollectionName(""))
				.satisfies((ex) -> assertThat(ex.getSuppressed()).containsExactly(failure));
		}

		private void breakRule(MongoValidator validator, ValidationRule rule) {
			switch (rule) {
				case DOCUMENT_SIZE -> validator.validateDocument(COLLECTION, raw(new Document("a", "x".repeat(100))),
						SIXTEEN_MIB);
				case NESTING_DEPTH -> validator.validateDocument(COLLECTION, raw(nested(3)), SIXTEEN_MIB);
				case FIELD_NAME -> validator.encode(COLLECTION, new Document("$a", 1), DOCUMENT_CODEC, SIXTEEN_MIB);
				case COLLECTION_NAME -> validator.validateCollectionName("system.js");
				case PIPELINE_STAGE -> validator.validatePipeline(COLLECTION, List.of(new Document()), REGISTRY);
				case SERVER_SIDE_JAVASCRIPT -> validator.validateFilter(COLLECTION, Filters.where("true"), REGISTRY);
			}
		}

	}

	/**
	 * A document nested {@code depth} levels deep, the top-level document being level 1:
	 * {@code {a: {a: ... {leaf: 1}}}}.
	 */
	static BsonDocument nested(int depth) {
		BsonDocument document = new BsonDocument("leaf", new BsonInt32(1));
		for (int level = 1; level < depth; level++) {
			document = new BsonDocument("a", document);
		}
		return document;
	}

	static RawBsonDocument raw(BsonDocument document) {
		return new RawBsonDocument(document, new BsonDocumentCodec());
	}

	static RawBsonDocument raw(Document document) {
		return new RawBsonDocument(document, DOCUMENT_CODEC);
	}

	/**
	 * Records each rejection as {@code tag@collection}.
	 */
	static final class RecordingListener implements ValidationRejectionListener {

		final List<String> rejections = new ArrayList<>();

		@Override
		public void rejected(ValidationRule rule, @Nullable String collection) {
			this.rejections.add(rule.tagValue() + "@" + collection);
		}

	}

	/**
	 * A record with an id and a map of attributes, whose keys become field names.
	 *
	 * @param id the id
	 * @param attributes the attributes
	 */
	public record Account(@BsonId String id, Map<String, String> attributes) {

	}

	/**
	 * A POJO whose id the codec generates.
	 */
	public static final class Customer {

		private @Nullable ObjectId id;

		private @Nullable String name;

		/**
		 * Return the id.
		 * @return the id, {@code null} until generated
		 */
		public @Nullable ObjectId getId() {
			return this.id;
		}

		/**
		 * Set the id.
		 * @param id the id
		 */
		public void setId(@Nullable ObjectId id) {
			this.id = id;
		}

		/**
		 * Return the name.
		 * @return the name
		 */
		public @Nullable String getName() {
			return this.name;
		}

		/**
		 * Set the name.
		 * @param name the name
		 */
		public void setName(@Nullable String name) {
			this.name = name;
		}

	}

}
