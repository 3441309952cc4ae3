package io.connectplatform.mongodb.autoconfigure.strict;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KnownPropertyNames}, read from this module's configuration metadata.
 *
 * @author Connect MongoDB team
 */
class KnownPropertyNamesTests {

	private final KnownPropertyNames known = KnownPropertyNames.load(getClass().getClassLoader(), "connect.mongodb");

	@Test
	void knowsEveryFormOfADocumentedKey() {
		assertThat(this.known.isKnown(name("connect.mongodb.pool.max-size"), "5")).isTrue();
		assertThat(this.known.isKnown(ConfigurationPropertyName.adapt("connect.mongodb.pool.maxSize", '.'), "5"))
			.isTrue();
		assertThat(this.known.isKnown(name("connect.mongodb.pool.maxsize"), "5")).isTrue();
		assertThat(this.known.isKnown(name("connect.mongodb.strict-properties"), "false")).isTrue();
	}

	@Test
	void knowsKeysBelowMapsAndListsButNotBelowOtherProperties() {
		assertThat(this.known.isKnown(name("connect.mongodb.balancing.weights.db1"), "2")).isTrue();
		assertThat(this.known.isKnown(name("connect.mongodb.read-preference.tag-sets[0].dc"), "east")).isTrue();
		assertThat(this.known.isKnown(name("connect.mongodb.compressors[1]"), "zlib")).isTrue();
		assertThat(this.known.isKnown(name("connect.mongodb.pool.max-size.extra"), "1")).isFalse();
		assertThat(this.known.isKnown(name("connect.mongodb.pool.max-sise"), "1")).isFalse();
	}

	@Test
	void knowsAGroupOnlyWhenItIsSetToNothing() {
		assertThat(this.known.isKnown(name("connect.mongodb.pool"), "")).isTrue();
		assertThat(this.known.isKnown(name("connect.mongodb.pool"), "5")).isFalse();
	}

	@Test
	void nearestIsTheDocumentedKeyAtTheSmallestEditDistance() {
		assertThat(this.known.nearest(name("connect.mongodb.pool.max-sise"))).isEqualTo("connect.mongodb.pool.max-size");
		assertThat(this.known.nearest(name("connect.mongodb.timeouts.conect"))).isEqualTo("connect.mongodb.timeouts.connect");
		assertThat(this.known.nearest(name("connect.mongodb.pool.maxsise"))).isEqualTo("connect.mongodb.pool.max-size");
	}

	@Test
	void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
		assertThat(EditDistance.between("kitten", "sitting", 100)).isEqualTo(3);
		assertThat(EditDistance.between("maxsise", "maxsize", 100)).isEqualTo(1);
		assertThat(EditDistance.between("", "abc", 100)).isEqualTo(3);
		assertThat(EditDistance.between("abcdef", "uvwxyz", 2)).isGreaterThanOrEqualTo(2);
	}

	private static ConfigurationPropertyName name(String name) {
		return ConfigurationPropertyName.of(name);
	}

}
