package io.connectplatform.mongodb.changestream;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code @Reflective} processing of {@link MongoChangeListener}: Spring's AOT
 * engine registers each listener method, which the container invokes, and the document type
 * the driver's codecs decode for it.
 *
 * @author Connect MongoDB team
 */
class MongoChangeListenerReflectiveProcessorTests {

	private final RuntimeHints hints = new RuntimeHints();

	MongoChangeListenerReflectiveProcessorTests() {
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(this.hints, Listeners.class);
	}

	@Test
	void listenerMethodsCanBeInvoked() throws Exception {
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(Listeners.class.getDeclaredMethod("onItem", ChangeEvent.class))).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(Listeners.class.getDeclaredMethod("onRawItem", ChangeStreamDocument.class)))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(Listeners.class.getDeclaredMethod("onDocument", ChangeEvent.class)))
			.accepts(this.hints);
	}

	@Test
	void documentTypeOfAChangeEventIsRegisteredForTheCodecs() throws Exception {
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(Item.class.getDeclaredConstructor(String.class, String.class, int.class)))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Item.class, "quantity")).accepts(this.hints);
	}

	@Test
	void documentTypeOfAChangeStreamDocumentIsRegisteredForTheCodecs() throws Exception {
		RuntimeHints rawOnly = new RuntimeHints();
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(rawOnly, RawListener.class);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(Item.class.getDeclaredConstructor(String.class, String.class, int.class)))
			.accepts(rawOnly);
	}

	@Test
	void documentsNeedNoHint() {
		RuntimeHints documentOnly = new RuntimeHints();
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(documentOnly, DocumentListener.class);
		assertThat(RuntimeHintsPredicates.reflection().onType(Document.class)).rejects(documentOnly);
	}

	static class Listeners {

		@MongoChangeListener(id = "items", collection = "items")
		void onItem(ChangeEvent<Item> event) {
		}

		@MongoChangeListener(id = "raw-items", collection = "items")
		void onRawItem(ChangeStreamDocument<Item> event) {
		}

		@MongoChangeListener(id = "documents", collection = "items")
		void onDocument(ChangeEvent<Document> event) {
		}

	}

	static class RawListener {

		@MongoChangeListener(id = "raw-items", collection = "items")
		void onRawItem(ChangeStreamDocument<Item> event) {
		}

	}

	static class DocumentListener {

		@MongoChangeListener(id = "documents", collection = "items")
		void onDocument(ChangeEvent<Document> event) {
		}

	}

}
