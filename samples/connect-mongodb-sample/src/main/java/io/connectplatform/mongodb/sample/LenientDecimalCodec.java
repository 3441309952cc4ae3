package io.connectplatform.mongodb.sample;

import java.math.BigDecimal;

import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.types.Decimal128;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Stores {@link BigDecimal} amounts as {@code Decimal128}, as the driver's own codec does,
 * but reads them leniently, because other clients write the same collections: a price
 * stored as a 32- or 64-bit integer, a double or a numeric string is read as that number,
 * rather than failing the decoding of the document and with it every list the document is
 * in. A value that is not a number at all (a string such as {@code "twelve"}, a
 * sub-document, {@code NaN}) is read as {@code null}: the document is still read, and the
 * missing amount shows in the answer for that one item (a product without a price, which
 * cannot be ordered). Declared as a bean, it comes before the driver's codecs in the
 * registry of every template.
 */
@Component
public final class LenientDecimalCodec implements Codec<BigDecimal> {

	@Override
	public void encode(BsonWriter writer, BigDecimal value, EncoderContext encoderContext) {
		writer.writeDecimal128(new Decimal128(value));
	}

	@Override
	public @Nullable BigDecimal decode(BsonReader reader, DecoderContext decoderContext) {
		BsonType type = reader.getCurrentBsonType();
		return switch (type) {
			case DECIMAL128 -> finite(reader.readDecimal128());
			case INT32 -> BigDecimal.valueOf(reader.readInt32());
			case INT64 -> BigDecimal.valueOf(reader.readInt64());
			case DOUBLE -> finite(reader.readDouble());
			case STRING -> number(reader.readString());
			default -> {
				reader.skipValue();
				yield null;
			}
		};
	}

	@Override
	public Class<BigDecimal> getEncoderClass() {
		return BigDecimal.class;
	}

	private static @Nullable BigDecimal finite(Decimal128 value) {
		if (value.isNaN() || value.isInfinite()) {
			return null;
		}
		try {
			return value.bigDecimalValue();
		}
		catch (ArithmeticException ex) {
			// A negative zero, which BigDecimal does not have
			return BigDecimal.ZERO;
		}
	}

	private static @Nullable BigDecimal finite(double value) {
		return Double.isFinite(value) ? BigDecimal.valueOf(value) : null;
	}

	private static @Nullable BigDecimal number(String value) {
		try {
			return new BigDecimal(value.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
