package io.connectplatform.mongodb.autoconfigure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.convert.TypeDescriptor;

/**
 * Reports a {@code connect.mongodb.*} property whose value is not one of its enum's
 * values, listing the valid values as the README and the IDE metadata write them
 * ({@code primary-preferred}, not {@code PRIMARY_PREFERRED}).
 * <p>
 * Runs before Boot's analyzer of a {@link BindException}, which lists the enum's constant
 * names; for any other property, or a failure that is not an enum conversion, it steps
 * aside and Boot's analysis applies.
 *
 * @author Connect MongoDB team
 */
class EnumPropertyFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	private static final String PREFIX = ConnectMongoProperties.PREFIX + ".";

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		ConfigurationProperty property = cause.getProperty();
		if (property == null || !property.getName().toString().startsWith(PREFIX)) {
			return null;
		}
		Class<?> enumType = enumTarget(cause);
		if (enumType == null) {
			return null;
		}
		String values = Arrays.stream(enumType.getEnumConstants())
			.map((constant) -> asWritten((Enum<?>) constant))
			.collect(Collectors.joining(", "));
		StringBuilder description = new StringBuilder(String.format("Invalid value '%s' for property '%s': it is not one of %s",
				property.getValue(), property.getName(), values));
		if (property.getOrigin() != null) {
			description.append(String.format("%n%nOrigin: %s", property.getOrigin()));
		}
		return new FailureAnalysis(description.toString(),
				"Set '" + property.getName() + "' to one of " + values + ".", cause);
	}

	/**
	 * Return the enum a conversion in the cause chain failed to convert to: its target
	 * type, or the element type of a target collection (a list of compressors).
	 */
	private static @Nullable Class<?> enumTarget(Throwable cause) {
		for (Throwable candidate = cause; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof ConversionFailedException conversion) {
				Class<?> type = enumType(conversion.getTargetType());
				if (type != null) {
					return type;
				}
			}
		}
		return null;
	}

	private static @Nullable Class<?> enumType(@Nullable TypeDescriptor descriptor) {
		if (descriptor == null) {
			return null;
		}
		if (descriptor.getType().isEnum()) {
			return descriptor.getType();
		}
		return descriptor.isCollection() || descriptor.isArray() ? enumType(descriptor.getElementTypeDescriptor())
				: null;
	}

	/**
	 * Return an enum constant as a property value is written in the README and the
	 * metadata: lower case, words joined with hyphens.
	 * @param constant the constant
	 * @return the constant as written, such as {@code primary-preferred}
	 */
	static String asWritten(Enum<?> constant) {
		return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
