package io.connectplatform.mongodb.metrics;

import java.util.EnumMap;
import java.util.Map;

import io.connectplatform.mongodb.core.validation.ValidationRejectionListener;
import io.connectplatform.mongodb.core.validation.ValidationRule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Counts validation rejections in {@value #METER_NAME}, tagged with the {@code rule}.
 *
 * @author Connect MongoDB team
 */
public final class ValidationRejectionMetrics implements ValidationRejectionListener {

	/**
	 * The name of the counter.
	 */
	public static final String METER_NAME = "connect.mongodb.validation.rejections";

	private final Map<ValidationRule, Counter> counters = new EnumMap<>(ValidationRule.class);

	/**
	 * Register one counter per rule.
	 * @param registry the meter registry
	 */
	public ValidationRejectionMetrics(MeterRegistry registry) {
		for (ValidationRule rule : ValidationRule.values()) {
			this.counters.put(rule, Counter.builder(METER_NAME)
				.description("Inputs rejected by validation before they were sent to MongoDB")
				.tag("rule", rule.tagValue())
				.register(registry));
		}
	}

	@Override
	public void rejected(ValidationRule rule, @Nullable String collection) {
		this.counters.get(rule).increment();
	}

}
