package io.connectplatform.mongodb.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.connectplatform.mongodb.autoconfigure.StartupFailures.assertStartupFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that no example text of ours (failure analyses, exception messages, property
 * descriptions) holds a credential in a connection string, such as
 * {@code mongodb://user:secret@host}: password scanners flag them, and users copy them. A
 * masked password ({@code ****}) is what the sanitizer shows of a user's own value, and is
 * allowed.
 *
 * @author Connect MongoDB team
 */
@ExtendWith(OutputCaptureExtension.class)
class ExampleTextCredentialsTests {

	/** A user and a password before the hosts of a URI. */
	private static final Pattern CREDENTIAL = Pattern.compile("://[^/@\\s\"']+:[^/@\\s\"']+@");

	@Test
	void theActionForAnUnparsableUriHoldsNoCredential(CapturedOutput output) {
		assertStartupFails("--spring.mongodb.uri=mongodb://localhost:notaport/test")
			.havingRootCause()
			.isInstanceOf(InvalidMongoPropertyException.class);
		assertThat(output).contains("Action:").contains("Set spring.mongodb.uri to a connection string such as");
		assertThat(credentials(output.toString())).as("credentials in the failure analysis").isEmpty();
	}

	@Test
	void theActionForAnUnparsableUriWithAPasswordShowsItMaskedOnly(CapturedOutput output) {
		assertStartupFails("--spring.mongodb.uri=mongodb://u:s3cret@localhost:notaport/test")
			.havingRootCause()
			.isInstanceOf(InvalidMongoPropertyException.class);
		assertThat(output).contains("mongodb://u:****@localhost:notaport/test").doesNotContain("s3cret");
		assertThat(credentials(output.toString())).as("credentials in the failure analysis")
			.containsOnly("://u:****@");
	}

	@Test
	void noStringOfTheMainClassesOrMetadataHoldsACredential() throws Exception {
		List<String> found = new ArrayList<>();
		Path location = Path.of(ConnectMongoProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		if (Files.isDirectory(location)) {
			scan(location, found);
		}
		else {
			try (FileSystem jar = FileSystems.newFileSystem(location)) {
				scan(jar.getPath("/"), found);
			}
		}
		assertThat(found).as("credentials in strings of the main classes and metadata").isEmpty();
	}

	/**
	 * Scan the class files (whose constant pool holds every string literal, in modified
	 * UTF-8) and the metadata (the property descriptions) under a root.
	 */
	private static void scan(Path root, List<String> found) throws IOException {
		List<Path> files;
		try (Stream<Path> walk = Files.walk(root)) {
			files = walk.filter(Files::isRegularFile)
				.filter((file) -> file.toString().endsWith(".class") || file.toString().endsWith(".json"))
				.toList();
		}
		assertThat(files).as("files scanned").hasSizeGreaterThan(100);
		for (Path file : files) {
			String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
			credentials(content).stream()
				.filter((credential) -> !credential.contains("****"))
				.forEach((credential) -> found.add(root.relativize(file) + ": " + credential));
		}
	}

	private static List<String> credentials(String text) {
		List<String> found = new ArrayList<>();
		Matcher matcher = CREDENTIAL.matcher(text);
		while (matcher.find()) {
			found.add(matcher.group());
		}
		return found;
	}

}
