package io.connectplatform.mongodb.autoconfigure.strict;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link MetadataJson}.
 *
 * @author Connect MongoDB team
 */
class MetadataJsonTests {

	@Test
	@SuppressWarnings("unchecked")
	void readsObjectsArraysAndStringsHoldingBracketsCommasAndEscapes() {
		Object parsed = MetadataJson.parse("""
				{"properties": [
				  {"name": "a.b", "description": "Tag sets, such as [{dc: east}], or \\"none\\"\\u0021", "defaultValue": 2.5},
				  {"name": "a.c", "deprecation": {"level": "error"}, "flag": true, "other": null}
				], "hints": []}""");
		assertThat(parsed).isInstanceOf(Map.class);
		List<?> properties = (List<?>) ((Map<?, ?>) parsed).get("properties");
		assertThat(properties).hasSize(2);
		assertThat((Map<Object, Object>) properties.get(0)).containsEntry("name", "a.b")
			.containsEntry("description", "Tag sets, such as [{dc: east}], or \"none\"!")
			.containsEntry("defaultValue", 2.5);
		assertThat((Map<Object, Object>) properties.get(1)).containsEntry("flag", true)
			.containsEntry("other", null)
			.containsEntry("deprecation", Map.of("level", "error"));
	}

	@Test
	void rejectsTextThatIsNotJson() {
		assertThatIllegalArgumentException().isThrownBy(() -> MetadataJson.parse("{\"a\": [1, 2}"))
			.withMessageContaining("expected ']'");
		assertThatIllegalArgumentException().isThrownBy(() -> MetadataJson.parse("{} x"))
			.withMessageContaining("end of input");
	}

}
