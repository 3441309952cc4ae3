package io.connectplatform.mongodb.aot;

import java.math.BigDecimal;
import java.util.List;

import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonCreator;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link EntityReflectionHints}: what the driver's record and POJO codecs reflect
 * on is registered.
 *
 * @author Connect MongoDB team
 */
class EntityReflectionHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void recordGetsItsCanonicalConstructorAccessorsAndFields() throws Exception {
		EntityReflectionHints.register(this.hints.reflection(), Parcel.class);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(Parcel.class.getDeclaredConstructor(String.class, Address.class, List.class)))
			.accepts(this.hints);
		for (String component : new String[] { "id", "address", "items" }) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Parcel.class, component))
				.accepts(this.hints);
			assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(Parcel.class, component)).accepts(this.hints);
		}
	}

	@Test
	void typesOfRecordComponentsAndTheirElementsAreRegistered() throws Exception {
		EntityReflectionHints.register(this.hints.reflection(), Parcel.class);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(Address.class.getDeclaredConstructor(String.class))).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Address.class, "city")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(Item.class.getDeclaredConstructor(String.class, BigDecimal.class)))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Item.class, "price")).accepts(this.hints);
	}

	@Test
	void pojoGetsItsConstructorAccessorsAndPrivateFieldsIncludingThoseOfItsSuperclass() throws Exception {
		EntityReflectionHints.register(this.hints.reflection(), Ticket.class);
		assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(Ticket.class.getDeclaredConstructor()))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Ticket.class, "setTitle"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(Ticket.class, "title")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(Entry.class, "id")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Entry.class, "setId")).accepts(this.hints);
	}

	@Test
	void bsonCreatorFactoryMethodAndPrivateConstructorCanBeInvoked() throws Exception {
		EntityReflectionHints.register(this.hints.reflection(), Badge.class);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(Badge.class.getDeclaredMethod("of", String.class))).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(Badge.class.getDeclaredConstructor(String.class))).accepts(this.hints);
	}

	@Test
	void documentsAndJdkTypesNeedNothing() {
		EntityReflectionHints.register(this.hints.reflection(), Document.class);
		EntityReflectionHints.register(this.hints.reflection(), BsonDocument.class);
		EntityReflectionHints.register(this.hints.reflection(), String.class);
		EntityReflectionHints.register(this.hints.reflection(), int.class);
		assertThat(this.hints.reflection().typeHints()).isEmpty();
	}

	@Test
	void nullArgumentsAreRejectedByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> EntityReflectionHints.register(null, Parcel.class))
			.withMessage("'hints' must not be null");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EntityReflectionHints.register(this.hints.reflection(), null))
			.withMessage("'entityType' must not be null");
	}

	public record Parcel(@BsonId String id, Address address, List<Item> items) {

	}

	public record Address(String city) {

	}

	public record Item(String name, BigDecimal price) {

	}

	public static final class Badge {

		private final String label;

		private Badge(String label) {
			this.label = label;
		}

		@BsonCreator
		static Badge of(@BsonProperty("label") String label) {
			return new Badge(label);
		}

		public String getLabel() {
			return this.label;
		}

	}

	public static class Entry {

		private String id;

		public String getId() {
			return this.id;
		}

		public void setId(String id) {
			this.id = id;
		}

	}

	public static class Ticket extends Entry {

		private String title;

		public String getTitle() {
			return this.title;
		}

		public void setTitle(String title) {
			this.title = title;
		}

	}

}
