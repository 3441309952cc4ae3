package io.connectplatform.mongodb.jackson;

import java.math.BigDecimal;

import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.Version;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.ToStringSerializer;

/**
 * A Jackson 3 module that writes MongoDB's {@link ObjectId} as its 24-character hexadecimal
 * string and {@link Decimal128} as its decimal string ({@code "12.50"}, exact, with its
 * scale), and reads both back from such strings (a {@code Decimal128} also from a JSON
 * number). Without it Jackson writes an {@code ObjectId} as {@code {timestamp, date}}.
 * <p>
 * Both are written with their {@code toString()} (an {@code ObjectId}'s is its hexadecimal
 * string). A bad value fails with Jackson's {@code InvalidFormatException}, which names the value
 * and what was expected.
 *
 * @author Connect MongoDB team
 */
public class BsonValuesJacksonModule extends SimpleModule {

	private static final long serialVersionUID = 1L;

	/**
	 * The module's name.
	 */
	public static final String NAME = "ConnectMongoBsonValues";

	/**
	 * Create the module.
	 */
	public BsonValuesJacksonModule() {
		super(NAME, Version.unknownVersion());
		addSerializer(ObjectId.class, ToStringSerializer.instance);
		addDeserializer(ObjectId.class, new ObjectIdDeserializer());
		addSerializer(Decimal128.class, ToStringSerializer.instance);
		addDeserializer(Decimal128.class, new Decimal128Deserializer());
	}

	static final class ObjectIdDeserializer extends StdScalarDeserializer<ObjectId> {

		ObjectIdDeserializer() {
			super(ObjectId.class);
		}

		@Override
		public ObjectId deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
			if (!parser.hasToken(JsonToken.VALUE_STRING)) {
				return (ObjectId) context.handleUnexpectedToken(ObjectId.class, parser);
			}
			String text = parser.getString().trim();
			if (!ObjectId.isValid(text)) {
				return (ObjectId) context.handleWeirdStringValue(ObjectId.class, text,
						"an ObjectId is a string of 24 hexadecimal digits");
			}
			return new ObjectId(text);
		}

	}

	static final class Decimal128Deserializer extends StdScalarDeserializer<Decimal128> {

		Decimal128Deserializer() {
			super(Decimal128.class);
		}

		@Override
		public Decimal128 deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
			if (parser.hasToken(JsonToken.VALUE_NUMBER_INT) || parser.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
				BigDecimal number = parser.getDecimalValue();
				try {
					return new Decimal128(number);
				}
				catch (IllegalArgumentException ex) {
					return (Decimal128) context.handleWeirdNumberValue(Decimal128.class, number,
							"a Decimal128 holds at most 34 significant digits and an exponent from -6176 to 6111");
				}
			}
			if (!parser.hasToken(JsonToken.VALUE_STRING)) {
				return (Decimal128) context.handleUnexpectedToken(Decimal128.class, parser);
			}
			String text = parser.getString().trim();
			try {
				return Decimal128.parse(text);
			}
			catch (IllegalArgumentException ex) {
				return (Decimal128) context.handleWeirdStringValue(Decimal128.class, text,
						"a Decimal128 is a decimal number of at most 34 significant digits, such as \"12.50\"");
			}
		}

	}

}
