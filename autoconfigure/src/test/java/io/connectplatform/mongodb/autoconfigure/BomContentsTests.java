package io.connectplatform.mongodb.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import de.bwaldvogel.mongo.MongoServer;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the BOM ({@code bom/pom.xml}, {@code connect-mongodb-dependencies}) manages
 * every published module of the build at the build's version, and mongo-java-server at the
 * version {@code connect-mongodb-embedded} is built and tested with, and that it does not
 * inherit the parent (whose Boot and Resilience4j BOM imports would leak into an
 * application that imports it).
 * <p>
 * Reads the POMs from the source tree: tests run with the module's directory as the
 * working directory.
 *
 * @author Connect MongoDB team
 */
class BomContentsTests {

	/** Folders of the reactor's modules that are not published (with every module below them). */
	private static final Set<String> NOT_PUBLISHED = Set.of("bom", "samples", "benchmarks");

	private static final Path ROOT = Path.of("..");

	@Test
	void managesEveryPublishedModuleAtTheBuildsVersion() throws Exception {
		Document parent = read(ROOT.resolve("pom.xml"));
		Document bom = read(ROOT.resolve("bom/pom.xml"));
		List<String> published = new ArrayList<>();
		for (Element module : children(first(parent.getDocumentElement(), "modules"), "module")) {
			String name = module.getTextContent().trim();
			if (!NOT_PUBLISHED.contains(Path.of(name).getName(0).toString())) {
				published.add(text(read(ROOT.resolve(name).resolve("pom.xml")).getDocumentElement(), "artifactId"));
			}
		}
		assertThat(published).contains("connect-mongodb-spring-boot-autoconfigure",
				"connect-mongodb-spring-boot-starter", "connect-mongodb-embedded");
		Map<String, String> managed = managed(bom);
		for (String artifact : published) {
			assertThat(managed).as("the BOM's version of io.connectplatform:%s", artifact)
				.containsEntry("io.connectplatform:" + artifact, "${project.version}");
		}
		assertThat(text(bom.getDocumentElement(), "version")).as("the BOM's version")
			.isEqualTo(text(parent.getDocumentElement(), "version"));
		assertThat(text(bom.getDocumentElement(), "groupId")).isEqualTo("io.connectplatform");
		assertThat(text(bom.getDocumentElement(), "artifactId")).isEqualTo("connect-mongodb-dependencies");
	}

	@Test
	void managesTheMongoJavaServerVersionTheEmbeddedModuleUses() throws Exception {
		Document bom = read(ROOT.resolve("bom/pom.xml"));
		String property = text(first(bom.getDocumentElement(), "properties"), "mongo-java-server.version");
		Map<String, String> managed = managed(bom);
		for (String artifact : List.of("mongo-java-server", "mongo-java-server-core",
				"mongo-java-server-memory-backend")) {
			assertThat(managed).containsEntry("de.bwaldvogel:" + artifact, "${mongo-java-server.version}");
		}
		assertThat(property).as("the BOM's mongo-java-server version")
			.isEqualTo(mongoJavaServerVersionOnTheClassPath());
	}

	@Test
	void hasNoParentAndImportsNoOtherBom() throws Exception {
		Document bom = read(ROOT.resolve("bom/pom.xml"));
		assertThat(first(bom.getDocumentElement(), "parent")).as("the BOM's parent").isNull();
		assertThat(bom.getElementsByTagName("scope").getLength()).as("scopes (an import) in the BOM").isZero();
	}

	/**
	 * Return the version of the mongo-java-server jar the embedded module resolved, from
	 * its file name in the local repository.
	 */
	private static String mongoJavaServerVersionOnTheClassPath() throws Exception {
		Path jar = Path.of(MongoServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Matcher matcher = Pattern.compile("mongo-java-server-core-(.+)\\.jar").matcher(jar.getFileName().toString());
		assertThat(matcher.matches()).as("the jar of mongo-java-server-core: %s", jar).isTrue();
		return matcher.group(1);
	}

	private static Map<String, String> managed(Document pom) {
		Element management = first(pom.getDocumentElement(), "dependencyManagement");
		assertThat(management).as("dependencyManagement").isNotNull();
		Map<String, String> managed = new LinkedHashMap<>();
		for (Element dependency : children(first(management, "dependencies"), "dependency")) {
			managed.put(text(dependency, "groupId") + ":" + text(dependency, "artifactId"), text(dependency, "version"));
		}
		return managed;
	}

	private static Document read(Path pom) throws Exception {
		assertThat(pom).exists();
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		try (var in = Files.newInputStream(pom)) {
			return factory.newDocumentBuilder().parse(in);
		}
	}

	private static String text(Element parent, String name) {
		Element child = first(parent, name);
		return (child != null) ? child.getTextContent().trim() : "";
	}

	private static Element first(Element parent, String name) {
		List<Element> found = children(parent, name);
		return found.isEmpty() ? null : found.get(0);
	}

	private static List<Element> children(Element parent, String name) {
		List<Element> children = new ArrayList<>();
		if (parent == null) {
			return children;
		}
		NodeList nodes = parent.getChildNodes();
		for (int i = 0; i < nodes.getLength(); i++) {
			Node node = nodes.item(i);
			if (node instanceof Element element && element.getTagName().equals(name)) {
				children.add(element);
			}
		}
		return children;
	}

}
