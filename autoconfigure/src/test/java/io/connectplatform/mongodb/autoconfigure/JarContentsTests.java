package io.connectplatform.mongodb.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the autoconfigure jar holds production code only: the test support
 * ({@code io.connectplatform.mongodb.test}, in {@code connect-mongodb-spring-boot-test})
 * and the in-memory server ({@code io.connectplatform.mongodb.embedded}, in
 * {@code connect-mongodb-embedded}) live in artifacts of their own, no class refers to
 * JUnit, and only the embedded auto-configuration's server-dependent parts refer to the
 * optional server.
 * <p>
 * Reads the compiled main classes where the class loader found them: the module's
 * {@code target/classes} in a build, or the jar.
 *
 * @author Connect MongoDB team
 */
class JarContentsTests {

	private static final String TEST_PACKAGE = "io/connectplatform/mongodb/test/";

	private static final String SERVER_PACKAGE = "io/connectplatform/mongodb/embedded/";

	private static final String EMBEDDED_AUTOCONFIGURE = "io/connectplatform/mongodb/autoconfigure/embedded/";

	private static final List<String> MAY_REFER_TO_THE_SERVER = List.of(
			EMBEDDED_AUTOCONFIGURE + "ConnectMongoEmbeddedAutoConfiguration$EmbeddedServerConfiguration.class",
			EMBEDDED_AUTOCONFIGURE + "EmbeddedMongoConnectionDetails.class");

	@Test
	void holdsTheLibraryAndItsAutoConfiguration() throws Exception {
		assertThat(mainFiles()).contains(
				"io/connectplatform/mongodb/autoconfigure/ConnectMongoProperties.class",
				"io/connectplatform/mongodb/core/CollectionTemplate.class",
				"io/connectplatform/mongodb/autoconfigure/embedded/ConnectMongoEmbeddedAutoConfiguration.class");
	}

	@Test
	void holdsNoTestPackageAndNoServer() throws Exception {
		List<String> files = mainFiles();
		assertThat(files.stream().filter((file) -> file.startsWith(TEST_PACKAGE)))
			.as("files of the test support in the autoconfigure jar")
			.isEmpty();
		assertThat(files.stream().filter((file) -> file.startsWith(SERVER_PACKAGE)))
			.as("files of the in-memory server in the autoconfigure jar")
			.isEmpty();
	}

	@Test
	void noClassRefersToJunitAndOnlyTheServerConfigurationRefersToTheServer() throws Exception {
		List<String> classes = mainFiles().stream().filter((file) -> file.endsWith(".class")).toList();
		assertThat(classes).isNotEmpty();
		assertThat(classes.stream().filter((name) -> constants(name).contains("org/junit/")))
			.as("classes referring to JUnit")
			.isEmpty();
		assertThat(classes.stream()
			.filter((name) -> !MAY_REFER_TO_THE_SERVER.contains(name))
			.filter((name) -> constants(name).contains(SERVER_PACKAGE)))
			.as("classes referring to the optional in-memory server")
			.isEmpty();
	}

	private static String constants(String file) {
		try (InputStream in = JarContentsTests.class.getClassLoader().getResourceAsStream(file)) {
			// Class names are stored as (modified) UTF-8 in the constant pool.
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the relative paths of the files (not directories) among the main classes of
	 * this module.
	 */
	private static List<String> mainFiles() throws IOException, URISyntaxException {
		Path location = Path.of(ConnectMongoProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		if (Files.isDirectory(location)) {
			return filesUnder(location);
		}
		try (FileSystem jar = FileSystems.newFileSystem(location)) {
			return filesUnder(jar.getPath("/"));
		}
	}

	private static List<String> filesUnder(Path root) throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter(Files::isRegularFile)
				.map((file) -> root.relativize(file).toString().replace('\\', '/'))
				.toList();
		}
	}

}
