package io.connectplatform.mongodb.benchmarks;

import java.nio.ByteBuffer;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.core.validation.MongoValidator;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;

/**
 * One way of turning an {@link Order} into the BSON bytes sent to the server and back: the
 * client-side cost of a write and a read, without the server.
 *
 * @author Connect MongoDB team
 */
abstract class CodecContender {

	static final EncoderContext COLLECTIBLE = EncoderContext.builder().isEncodingCollectibleDocument(true).build();

	static final DecoderContext DECODER = DecoderContext.builder().build();

	static final int MAX_DOCUMENT_SIZE = 16 * 1024 * 1024;

	/**
	 * Encode an order to BSON as the library does before sending it.
	 * @param order the order
	 * @return the BSON bytes
	 */
	abstract ByteBuffer encode(Order order);

	/**
	 * Decode BSON this contender encoded as the library does after receiving it.
	 * @param bson the bytes
	 * @return the order
	 */
	abstract Order decode(ByteBuffer bson);

	/**
	 * Return the contender of the given name.
	 * @param name {@code raw}, {@code connect} or {@code spring-data}
	 * @param client a client, only for the libraries' set-up (nothing is sent)
	 * @return the contender
	 */
	static CodecContender of(String name, MongoClient client) {
		return switch (name) {
			case "raw" -> new Raw();
			case "connect" -> new Connect(client);
			case "spring-data" -> new SpringData(client);
			default -> throw new IllegalArgumentException("Unknown contender '" + name + "'");
		};
	}

	static ByteBuffer encodeWith(Codec<Order> codec, Order order) {
		BasicOutputBuffer buffer = new BasicOutputBuffer();
		try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
			codec.encode(writer, order, COLLECTIBLE);
		}
		return ByteBuffer.wrap(buffer.getInternalBuffer(), 0, buffer.getPosition());
	}

	static <T> T decodeWith(Codec<T> codec, ByteBuffer bson) {
		try (BsonBinaryReader reader = new BsonBinaryReader(bson.duplicate())) {
			return codec.decode(reader, DECODER);
		}
	}

	/**
	 * The driver's record codec, writing straight into the output buffer as the driver
	 * does when it sends a command.
	 */
	static final class Raw extends CodecContender {

		private final Codec<Order> codec = MongoClientSettings.getDefaultCodecRegistry().get(Order.class);

		@Override
		ByteBuffer encode(Order order) {
			return encodeWith(this.codec, order);
		}

		@Override
		Order decode(ByteBuffer bson) {
			return decodeWith(this.codec, bson);
		}

	}

	/**
	 * What {@link CollectionTemplate} does: {@code insert} encodes with the templates'
	 * codec through {@link MongoValidator#encode} (which also checks the document), and
	 * reads decode with the same codec.
	 */
	static final class Connect extends CodecContender {

		private final Codec<Order> codec;

		private final MongoValidator validator = MongoValidator.defaults();

		Connect(MongoClient client) {
			MongoTemplates templates = MongoTemplates.builder(client, BenchmarkServers.DATABASE).build();
			this.codec = templates.getCodecRegistry().get(Order.class);
		}

		@Override
		ByteBuffer encode(Order order) {
			RawBsonDocument document = this.validator.encode("orders", order, this.codec, MAX_DOCUMENT_SIZE);
			return document.getByteBuffer().asNIO();
		}

		@Override
		Order decode(ByteBuffer bson) {
			return decodeWith(this.codec, bson);
		}

	}

	/**
	 * Spring Data's {@code MappingMongoConverter} (from a default {@code MongoTemplate}) to
	 * and from a {@code Document}, which the driver's document codec encodes and decodes.
	 */
	static final class SpringData extends CodecContender {

		private final MongoConverter converter;

		private final Codec<Document> documents = MongoClientSettings.getDefaultCodecRegistry().get(Document.class);

		SpringData(MongoClient client) {
			this.converter = new MongoTemplate(client, BenchmarkServers.DATABASE).getConverter();
		}

		@Override
		ByteBuffer encode(Order order) {
			Document document = new Document();
			this.converter.write(order, document);
			BasicOutputBuffer buffer = new BasicOutputBuffer();
			try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
				this.documents.encode(writer, document, COLLECTIBLE);
			}
			return ByteBuffer.wrap(buffer.getInternalBuffer(), 0, buffer.getPosition());
		}

		@Override
		Order decode(ByteBuffer bson) {
			return this.converter.read(Order.class, decodeWith(this.documents, bson));
		}

	}

}
