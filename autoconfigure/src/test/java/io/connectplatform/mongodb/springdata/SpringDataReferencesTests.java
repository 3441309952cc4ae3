package io.connectplatform.mongodb.springdata;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.mongodb.client.ClientSession;
import io.connectplatform.mongodb.core.CollectionTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.data.mongodb.MongoDatabaseFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data MongoDB stays optional: only this package and the auto-configuration's nested
 * {@code SpringDataConfiguration} (switched on by {@code @ConditionalOnClass}) and the warning
 * that configuration registers refer to it,
 * read from the class files' constant pools; and the reflection on its holder is declared for
 * native images.
 *
 * @author Connect MongoDB team
 */
class SpringDataReferencesTests {

	private static final String SPRING_DATA_MONGODB = "org/springframework/data/mongodb/";

	@Test
	void onlyTheAdapterAndItsConfigurationReferToSpringDataMongoDb() throws Exception {
		Path root = Path.of(CollectionTemplate.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		assertThat(Files.isDirectory(root)).as("main classes as a directory").isTrue();
		List<String> classes = classesUnder(root);
		assertThat(classes).contains("io/connectplatform/mongodb/springdata/SpringDataTransactionParticipant.class");
		assertThat(classes.stream()
			.filter((name) -> !name.startsWith("io/connectplatform/mongodb/springdata/"))
			.filter((name) -> !name.equals("io/connectplatform/mongodb/autoconfigure/transaction/"
					+ "ConnectMongoTransactionsAutoConfiguration$SpringDataConfiguration.class"))
			.filter((name) -> !name.equals(
					"io/connectplatform/mongodb/autoconfigure/transaction/SpringDataTransactionManagerWarning.class"))
			.filter((name) -> constants(root.resolve(name)).contains(SPRING_DATA_MONGODB)))
			.as("classes outside the adapter that refer to Spring Data MongoDB")
			.isEmpty();
	}

	@Test
	void theReflectiveConstructorOfTheHolderIsDeclaredForNativeImages() throws Exception {
		RuntimeHints hints = new RuntimeHints();
		new SpringDataTransactionRuntimeHints().registerHints(hints, getClass().getClassLoader());
		Constructor<?> constructor = Class.forName(SpringDataResourceHolders.HOLDER_CLASS)
			.getDeclaredConstructor(ClientSession.class, MongoDatabaseFactory.class);
		assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(constructor)).accepts(hints);
	}

	private static List<String> classesUnder(Path root) throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter((file) -> file.toString().endsWith(".class"))
				.map((file) -> root.relativize(file).toString().replace('\\', '/'))
				.toList();
		}
	}

	private static String constants(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			// Class names are stored as (modified) UTF-8 in the constant pool.
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
