package io.connectplatform.mongodb;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.embedded.EmbeddedMongoServer;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.junit.jupiter.api.Test;

import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: no public type of ours shares a simple name with a public type of the MongoDB
 * driver ({@code com.mongodb..}, {@code org.bson..}) or of Spring ({@code org.springframework..}:
 * Framework, Boot, Data Commons, Data MongoDB) unless it is that type. A user who reads
 * {@code MongoCollection} or {@code Page} in our documentation, or lets the IDE import it,
 * must not end up with the other one.
 * <p>
 * Our types are the public classes, interfaces, enums, records and annotations, top-level or
 * nested (a nested type counts by its own simple name, {@code Outer.Inner} as {@code Inner},
 * and only if it and every type enclosing it is public), of the main classes of this module:
 * the class-path roots of this module's main classes ({@link CollectionTemplate}), of the
 * in-memory server ({@link EmbeddedMongoServer}) and of the test support
 * ({@link EmbeddedMongoExtension}), so that test classes never count. Theirs are the public types, by the same rule, of every class-path entry with
 * classes under those packages, which is why {@code spring-data-mongodb} must stay on the
 * test class path of this module (an optional dependency, for the {@code springdata} adapter).
 * <p>
 * The class files are read, not loaded, with Spring's repackaged ASM: Spring's
 * {@code ClassMetadata} cannot tell a public type from a package-private one, and loading
 * tens of thousands of classes would be slow and would fail on optional dependencies. Only
 * the class header and the {@code InnerClasses} attribute are read, so the scan takes a
 * few seconds.
 * <p>
 * One naming idiom is exempt: a nested type named {@code Builder} (see
 * {@link #QUALIFIED_BY_CONVENTION}) is always written with its outer type, like the
 * driver's {@code MongoClientSettings.Builder}, so it is compared with top-level types of
 * theirs only.
 * <p>
 * Types of ours whose rename is under way are listed in {@link #PENDING_RENAMES}; the test
 * fails when a collision appears that is not listed, and when a listed type no longer
 * collides (so the list only shrinks).
 *
 * @author Connect MongoDB team
 */
class PublicTypeNamesTests {

	/**
	 * Class-path packages whose public types ours must not share a simple name with, as
	 * resource locations: the driver and BSON, and everything Spring.
	 */
	private static final List<String> THEIR_PACKAGES = List.of("com/mongodb/", "org/bson/", "org/springframework/");

	private static final String OUR_PACKAGE = "io/connectplatform/mongodb/";

	/**
	 * Types of ours that collide today and are being renamed: each entry is the fully
	 * qualified name of our type. Remove an entry once the type is renamed or deleted; the
	 * test fails while a resolved entry stays here.
	 */
	private static final Set<String> PENDING_RENAMES = Set.of(); // renamed in issue 16

	/**
	 * Simple names that a nested type of ours may share with nested types of theirs, because
	 * by convention such a type is only ever written with its outer type:
	 * {@code MongoTemplates.Builder} next to {@code MongoClientSettings.Builder}. A
	 * top-level type of theirs with the name still counts.
	 */
	private static final Set<String> QUALIFIED_BY_CONVENTION = Set.of("Builder");

	/**
	 * Types of ours that share a simple name with a type of theirs because they ARE that
	 * type (none today), each mapped to the reason. A collision between two different types
	 * has no place here: rename ours instead.
	 */
	private static final Map<String, String> SAME_TYPE = Map.of();

	@Test
	void noPublicTypeOfOursSharesASimpleNameWithATypeOfTheDriverOrOfSpring() throws IOException {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(
				getClass().getClassLoader());
		List<String> ourRoots = Stream.of(CollectionTemplate.class, EmbeddedMongoServer.class, EmbeddedMongoExtension.class)
			.map((type) -> type.getProtectionDomain().getCodeSource().getLocation().toString())
			.toList();
		// a directory (file:…/classes/…) or a jar (jar:file:….jar!/…)
		Predicate<String> isOurs = (url) -> ourRoots.stream()
			.anyMatch((root) -> url.startsWith(root) || url.startsWith("jar:" + root + "!/"));
		Map<String, PublicType> ours = publicTypes(resolver, OUR_PACKAGE, isOurs);
		assertThat(ours).as("public types of ours under %s", ourRoots)
			.containsKeys(CollectionTemplate.class.getName(), EmbeddedMongoServer.class.getName(),
					EmbeddedMongoExtension.class.getName());
		Map<String, Map<String, PublicType>> theirsBySimpleName = new HashMap<>();
		for (String location : THEIR_PACKAGES) {
			publicTypes(resolver, location, isOurs.negate()).forEach((name, type) -> theirsBySimpleName
				.computeIfAbsent(type.simpleName(), (key) -> new TreeMap<>())
				.put(name, type));
		}
		assertThat(theirsBySimpleName).as("simple names of the public types of the driver and of Spring")
			.containsKeys("MongoCollection", "MongoClient", "MongoTemplate", "Page", "MongoHealthIndicator");
		Map<String, String> collisions = new TreeMap<>();
		ours.forEach((name, type) -> {
			Set<String> theirs = new TreeSet<>();
			theirsBySimpleName.getOrDefault(type.simpleName(), Map.of()).forEach((theirName, theirType) -> {
				if (!(type.nested() && theirType.nested() && QUALIFIED_BY_CONVENTION.contains(type.simpleName()))) {
					theirs.add(theirName);
				}
			});
			if (!theirs.isEmpty() && !SAME_TYPE.containsKey(name)) {
				collisions.put(name, name + " collides with " + String.join(", ", theirs));
			}
		});
		List<String> problems = new ArrayList<>();
		collisions.forEach((name, line) -> {
			if (!PENDING_RENAMES.contains(name)) {
				problems.add(line);
			}
		});
		new TreeSet<>(PENDING_RENAMES).forEach((name) -> {
			if (!collisions.containsKey(name)) {
				problems.add(name + " no longer collides: remove it from PENDING_RENAMES");
			}
		});
		assertThat(problems).as("collisions of our public type names (issue 16); all of them:%n%s",
				String.join(System.lineSeparator(), collisions.values()))
			.isEmpty();
	}

	/**
	 * The public types in the class files under {@code location} whose class-path entry
	 * {@code root} accepts, by fully qualified (canonical) name.
	 */
	private static Map<String, PublicType> publicTypes(PathMatchingResourcePatternResolver resolver, String location,
			Predicate<String> root) throws IOException {
		Map<String, TypeHeader> headers = new HashMap<>();
		for (Resource resource : resolver.getResources("classpath*:" + location + "**/*.class")) {
			URL url = resource.getURL();
			if (!root.test(url.toString()) || resource.getFilename() == null
					|| resource.getFilename().endsWith("package-info.class")
					|| resource.getFilename().equals("module-info.class")) {
				continue;
			}
			try (InputStream in = resource.getInputStream()) {
				TypeHeader header = TypeHeader.read(in);
				headers.putIfAbsent(header.internalName, header);
			}
		}
		Map<String, PublicType> types = new TreeMap<>();
		headers.values().forEach((header) -> {
			if (header.simpleName != null && isEffectivelyPublic(header, headers)) {
				types.put(canonicalName(header, headers), new PublicType(header.simpleName, header.outerName != null));
			}
		});
		return types;
	}

	private static boolean isEffectivelyPublic(TypeHeader header, Map<String, TypeHeader> headers) {
		for (TypeHeader type = header; type != null; type = (type.outerName != null) ? headers.get(type.outerName)
				: null) {
			if ((type.access & Opcodes.ACC_PUBLIC) == 0 || (type.access & Opcodes.ACC_SYNTHETIC) != 0) {
				return false;
			}
			if (type.outerName != null && !headers.containsKey(type.outerName)) {
				return false;
			}
		}
		return true;
	}

	private static String canonicalName(TypeHeader header, Map<String, TypeHeader> headers) {
		if (header.outerName == null) {
			return header.internalName.replace('/', '.');
		}
		return canonicalName(headers.get(header.outerName), headers) + "." + header.simpleName;
	}

	private record PublicType(String simpleName, boolean nested) {

	}

	/**
	 * What a class file says about its own name and access: for a member type, the access,
	 * outer type and simple name come from its own entry in the {@code InnerClasses}
	 * attribute, as the class header widens {@code protected} to {@code public} and
	 * {@code private} to package access. Local and anonymous classes get no simple name.
	 */
	private static final class TypeHeader extends ClassVisitor {

		private String internalName;

		private int access;

		private String outerName;

		private String simpleName;

		private TypeHeader() {
			super(Opcodes.ASM9);
		}

		static TypeHeader read(InputStream in) throws IOException {
			TypeHeader header = new TypeHeader();
			new ClassReader(in).accept(header, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
			return header;
		}

		@Override
		public void visit(int version, int access, String name, String signature, String superName,
				String[] interfaces) {
			this.internalName = name;
			this.access = access;
			this.simpleName = name.substring(name.lastIndexOf('/') + 1);
		}

		@Override
		public void visitInnerClass(String name, String outerName, String innerName, int access) {
			if (name.equals(this.internalName)) {
				this.access = access;
				this.outerName = outerName;
				this.simpleName = (outerName != null) ? innerName : null;
			}
		}

	}

}
