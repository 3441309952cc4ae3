package io.connectplatform.mongodb.autoconfigure.strict;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * The property names Connect MongoDB knows under a prefix, read from the configuration
 * metadata on the class path (the generated {@code spring-configuration-metadata.json},
 * into which the annotation processor merges the hand-written additional metadata), so
 * that every documented key, and only a documented key, is known.
 * <p>
 * Names are compared in Boot's uniform form (lower case, without dashes), so every
 * relaxed form of a key matches: {@code max-size}, {@code maxSize}, {@code max_size} and
 * the {@code MAXSIZE} of an environment variable. Below a property of a map, list or
 * array type, any key is known: map keys and indexes ({@code weights.db1},
 * {@code tag-sets[0].dc}).
 *
 * @author Connect MongoDB team
 */
final class KnownPropertyNames {

	static final String METADATA_LOCATION = "META-INF/spring-configuration-metadata.json";

	/** Known names by their uniform form, to the name as documented. */
	private final Map<String, String> names;

	/** Uniform forms of the known names of a map, list or array type. */
	private final Set<String> containers;

	/** Uniform forms of every ancestor of a known name, such as {@code connect.mongodb.pool}. */
	private final Set<String> groups;

	private KnownPropertyNames(Map<String, String> names, Set<String> containers) {
		this.names = names;
		this.containers = containers;
		this.groups = new HashSet<>();
		for (String name : names.values()) {
			ConfigurationPropertyName parsed = ConfigurationPropertyName.of(name);
			for (int size = 1; size < parsed.getNumberOfElements(); size++) {
				this.groups.add(uniform(parsed, size));
			}
		}
	}

	/**
	 * Read the names under a prefix from every configuration metadata file on the class
	 * path.
	 * @param classLoader the class loader to search
	 * @param prefix the prefix, such as {@code connect.mongodb}
	 * @return the known names
	 */
	static KnownPropertyNames load(@Nullable ClassLoader classLoader, String prefix) {
		Map<String, String> names = new TreeMap<>();
		Set<String> containers = new HashSet<>();
		String quotedPrefix = "\"" + prefix + ".";
		try {
			String own = (classLoader == KnownPropertyNames.class.getClassLoader()) ? readOwn() : null;
			if (own != null) {
				add(own, prefix + ".", names, containers);
			}
			else {
				Enumeration<URL> resources = (classLoader != null) ? classLoader.getResources(METADATA_LOCATION)
						: ClassLoader.getSystemResources(METADATA_LOCATION);
				for (URL resource : Collections.list(resources)) {
					String json = read(resource);
					if (json.contains(quotedPrefix)) {
						add(json, prefix + ".", names, containers);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the configuration metadata", ex);
		}
		return new KnownPropertyNames(names, containers);
	}

	private static void add(String json, String prefix, Map<String, String> names, Set<String> containers) {
		Object properties = (MetadataJson.parse(json) instanceof Map<?, ?> metadata) ? metadata.get("properties") : null;
		if (!(properties instanceof List<?> list)) {
			return;
		}
		for (Object each : list) {
			if (!(each instanceof Map<?, ?> property)) {
				continue;
			}
			Object name = property.get("name");
			if (name instanceof String text && text.startsWith(prefix)) {
				ConfigurationPropertyName parsed = ConfigurationPropertyName.of(text);
				String key = uniform(parsed, parsed.getNumberOfElements());
				names.put(key, text);
				if (isContainer(property.get("type"))) {
					containers.add(key);
				}
			}
		}
	}

	private static boolean isContainer(@Nullable Object type) {
		if (!(type instanceof String text)) {
			return false;
		}
		return text.startsWith("java.util.") && (text.contains("Map<") || text.contains("List<")
				|| text.contains("Set<") || text.contains("Collection<")) || text.endsWith("[]");
	}

	/**
	 * Read the metadata of the jar or directory this class was loaded from, without asking
	 * the class loader for every metadata file on the class path (a search of every jar,
	 * about 20 ms at start-up, and Boot's files are large); {@code null} when that location
	 * is not known or holds none (a native image), and then every file is searched for the
	 * prefix.
	 */
	private static @Nullable String readOwn() {
		CodeSource source = KnownPropertyNames.class.getProtectionDomain().getCodeSource();
		URL location = (source != null) ? source.getLocation() : null;
		if (location == null) {
			return null;
		}
		try {
			String base = location.toExternalForm();
			String metadata = base.endsWith("/") ? base + METADATA_LOCATION : "jar:" + base + "!/" + METADATA_LOCATION;
			return read(URI.create(metadata).toURL());
		}
		catch (IOException | IllegalArgumentException ex) {
			return null;
		}
	}

	private static String read(URL resource) throws IOException {
		try (InputStream in = resource.openStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/**
	 * Return whether a name is known: a documented property in any of its relaxed forms,
	 * a key below a map or list property, or a group (such as
	 * {@code connect.mongodb.pool}) set to nothing, as an empty YAML section is.
	 * @param name the name
	 * @param value its value
	 * @return whether it is known
	 */
	boolean isKnown(ConfigurationPropertyName name, @Nullable Object value) {
		int size = name.getNumberOfElements();
		if (this.names.containsKey(uniform(name, size))) {
			return true;
		}
		for (int ancestor = 1; ancestor < size; ancestor++) {
			if (this.containers.contains(uniform(name, ancestor))) {
				return true;
			}
		}
		boolean empty = value == null || (value instanceof CharSequence text && text.isEmpty());
		return empty && this.groups.contains(uniform(name, size));
	}

	/**
	 * Return the known name nearest to a name, by edit distance between their uniform
	 * forms.
	 * @param name the unknown name
	 * @return the nearest known name, as documented, or {@code null} when none is known
	 */
	@Nullable String nearest(ConfigurationPropertyName name) {
		String wanted = uniform(name, name.getNumberOfElements());
		String nearest = null;
		int best = Integer.MAX_VALUE;
		for (Map.Entry<String, String> known : this.names.entrySet()) {
			int distance = EditDistance.between(wanted, known.getKey(), best);
			if (distance < best) {
				best = distance;
				nearest = known.getValue();
			}
		}
		return nearest;
	}

	/**
	 * Return the number of known names.
	 * @return the number of names
	 */
	int size() {
		return this.names.size();
	}

	private static String uniform(ConfigurationPropertyName name, int size) {
		StringBuilder result = new StringBuilder();
		for (int i = 0; i < size; i++) {
			if (i > 0) {
				result.append('.');
			}
			String element = name.getElement(i, Form.UNIFORM);
			result.append(name.isNumericIndex(i) ? "[" + element + "]" : element);
		}
		return result.toString();
	}

}
