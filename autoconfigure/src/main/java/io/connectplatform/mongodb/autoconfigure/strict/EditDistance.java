package io.connectplatform.mongodb.autoconfigure.strict;

/**
 * The Levenshtein distance between two strings: the fewest insertions, deletions and
 * substitutions of single characters that turn one into the other.
 *
 * @author Connect MongoDB team
 */
final class EditDistance {

	private EditDistance() {
	}

	/**
	 * Return the distance between two strings, or a value of at least {@code limit} when
	 * it is not below it (the search stops early then).
	 * @param first one string
	 * @param second the other
	 * @param limit the distance from which the exact value no longer matters
	 * @return the distance, or a value of at least {@code limit}
	 */
	static int between(String first, String second, int limit) {
		if (Math.abs(first.length() - second.length()) >= limit) {
			return limit;
		}
		int[] previous = new int[second.length() + 1];
		int[] current = new int[second.length() + 1];
		for (int j = 0; j <= second.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= first.length(); i++) {
			current[0] = i;
			int rowMinimum = current[0];
			for (int j = 1; j <= second.length(); j++) {
				int substitution = previous[j - 1] + ((first.charAt(i - 1) == second.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
				rowMinimum = Math.min(rowMinimum, current[j]);
			}
			if (rowMinimum >= limit) {
				return limit;
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[second.length()];
	}

}
