package io.connectplatform.mongodb.autoconfigure.template;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import io.connectplatform.mongodb.autoconfigure.template.entities.Customer;
import io.connectplatform.mongodb.autoconfigure.template.entities.Note;
import io.connectplatform.mongodb.autoconfigure.template.entities.Order;
import io.connectplatform.mongodb.changestream.ChangeEvent;
import io.connectplatform.mongodb.changestream.MongoChangeListener;
import io.connectplatform.mongodb.core.CollectionRepository;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the AOT processing of the beans {@link CollectionEntityRegistrar} registers:
 * Spring's AOT engine writes them as code, that code (compiled, as the build of an
 * application compiles it) creates working templates and repositories over TCP against the
 * embedded server without the registrar running again, and the processing contributes the
 * reflection hints a native image needs.
 *
 * @author Connect MongoDB team
 */
@CompileWithForkedClassLoader
class CollectionEntityRegistrarAotTests {

	private static final String ENTITIES = Customer.class.getPackageName();

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	@Test
	void generatedBeanDefinitionsCreateTemplatesAndRepositoriesThatWork() {
		TestGenerationContext generationContext = new TestGenerationContext();
		ClassName initializer = processAheadOfTime(generationContext);
		TestCompiler.forSystem().with(generationContext).compile((compiled) -> {
			try (MongoClient client = MongoClients.create(mongo.getConnectionString());
					GenericApplicationContext context = new GenericApplicationContext()) {
				ApplicationContextInitializer<GenericApplicationContext> generated = compiled
					.getInstance(ApplicationContextInitializer.class, initializer.reflectionName());
				generated.initialize(context);
				context.registerBean(MongoTemplates.class, () -> MongoTemplates.builder(client, "aot").build());
				context.refresh();

				assertThat(context.getBeanFactory().getBeanDefinition(templateName(Customer.class)).isFallback())
					.isTrue();
				CollectionTemplate<Customer> customers = context.<CollectionTemplate<Customer>>getBeanProvider(
						ResolvableType.forClassWithGenerics(CollectionTemplate.class, Customer.class))
					.getObject();
				customers.insert(new Customer("c-1", "Ada"));
				assertThat(customers.findById("c-1")).contains(new Customer("c-1", "Ada"));

				CollectionRepository<Order, ObjectId> orders = context.<CollectionRepository<Order, ObjectId>>getBeanProvider(
						ResolvableType.forClassWithGenerics(CollectionRepository.class, Order.class, ObjectId.class))
					.getObject();
				Order saved = orders.save(new Order(null, "42", "c-1"));
				assertThat(orders.findById(saved.id())).contains(saved);
				assertThat(context.getBean(templateName(Order.class), CollectionTemplate.class).count())
					.isEqualTo(1);
			}
		});
	}

	@Test
	void processingRegistersReflectionForEachEntityTypeOfATemplateOrRepository() throws Exception {
		RuntimeHints hints = hints();
		for (Class<?> entity : new Class<?>[] { Customer.class, Order.class }) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onConstructorInvocation(entity.getDeclaredConstructors()[0])).accepts(hints);
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(entity, "id")).accepts(hints);
			assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(entity, "id")).accepts(hints);
		}
	}

	@Test
	void processingRegistersTheListenerMethodAndItsDocumentType() throws Exception {
		RuntimeHints hints = hints();
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(NoteListener.class.getDeclaredMethod("onNote", ChangeEvent.class))).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(Note.class.getDeclaredConstructor(ObjectId.class, String.class))).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Note.class, "text")).accepts(hints);
	}

	@Test
	void processingRegistersTheProxiesThatJoinTransactions() {
		RuntimeHints hints = hints();
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(MongoDatabase.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(MongoCollection.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(GridFSBucket.class)).accepts(hints);
	}

	private static RuntimeHints hints() {
		TestGenerationContext generationContext = new TestGenerationContext();
		processAheadOfTime(generationContext);
		return generationContext.getRuntimeHints();
	}

	private static ClassName processAheadOfTime(TestGenerationContext generationContext) {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			AutoConfigurationPackages.register(context, ENTITIES);
			context.register(EntitiesConfiguration.class, NoteListener.class);
			ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
			generationContext.writeGeneratedContent();
			return initializer;
		}
	}

	private static String templateName(Class<?> type) {
		return "collectionTemplate:" + type.getName();
	}

	@Configuration(proxyBeanMethods = false)
	@Import(CollectionEntityRegistrar.class)
	static class EntitiesConfiguration {

	}

	static class NoteListener {

		@MongoChangeListener(id = "notes", collection = "notes")
		void onNote(ChangeEvent<Note> event) {
		}

	}

}
