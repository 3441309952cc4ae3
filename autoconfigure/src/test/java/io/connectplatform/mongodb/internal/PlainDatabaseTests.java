package io.connectplatform.mongodb.internal;

import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.BsonReader;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PlainDatabase}: the library's own layers get a database with the name and
 * every setting of the one they were given, never a joining proxy.
 *
 * @author Connect MongoDB team
 */
class PlainDatabaseTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private MongoClient client;

	@BeforeEach
	void connect() {
		this.client = MongoClients.create(mongo.getConnectionString());
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void keepsTheNameAndEverySettingOfAJoiningDatabaseWithoutItsProxy() {
		Codec<Marker> markerCodec = new MarkerCodec();
		CodecRegistry registry = CodecRegistries.fromRegistries(CodecRegistries.fromCodecs(markerCodec),
				MongoClientSettings.getDefaultCodecRegistry());
		MongoDatabase configured = this.client.getDatabase("plain")
			.withCodecRegistry(registry)
			.withReadPreference(ReadPreference.secondaryPreferred())
			.withReadConcern(ReadConcern.MAJORITY)
			.withWriteConcern(WriteConcern.W1.withJournal(true))
			.withTimeout(2500, TimeUnit.MILLISECONDS);
		MongoDatabase joining = SessionJoiningProxy.database(configured, MongoSessionLookup.NONE);
		MongoDatabase plain = PlainDatabase.of(this.client, joining);
		assertThat(Proxy.isProxyClass(plain.getClass())).isFalse();
		assertThat(plain.getName()).isEqualTo("plain");
		assertThat(plain.getCodecRegistry().get(Marker.class)).isSameAs(markerCodec);
		assertThat(plain.getReadPreference()).isEqualTo(ReadPreference.secondaryPreferred());
		assertThat(plain.getReadConcern()).isEqualTo(ReadConcern.MAJORITY);
		assertThat(plain.getWriteConcern()).isEqualTo(WriteConcern.W1.withJournal(true));
		assertThat(plain.getTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2500);
		plain.getCollection("notes").insertOne(new Document("_id", 1));
		assertThat(this.client.getDatabase("plain").getCollection("notes").countDocuments()).isOne();
	}

	@Test
	void aDatabaseAsTheClientReturnsItKeepsTheClientsSettingsAsTheyAre() {
		MongoDatabase given = this.client.getDatabase("plain");
		MongoDatabase plain = PlainDatabase.of(this.client, SessionJoiningProxy.database(given, MongoSessionLookup.NONE));
		assertThat(plain.getCodecRegistry()).as("not wrapped again").isSameAs(given.getCodecRegistry());
		assertThat(plain.getTimeout(TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void refusesNullArguments() {
		assertThatIllegalArgumentException().isThrownBy(() -> PlainDatabase.of(null, this.client.getDatabase("x")))
			.withMessageContaining("'client'");
		assertThatIllegalArgumentException().isThrownBy(() -> PlainDatabase.of(this.client, null))
			.withMessageContaining("'database'");
	}

	record Marker() {
	}

	/**
	 * A codec only a configured registry has.
	 */
	static final class MarkerCodec implements Codec<Marker> {

		@Override
		public void encode(BsonWriter writer, Marker value, EncoderContext encoderContext) {
			writer.writeNull();
		}

		@Override
		public Marker decode(BsonReader reader, DecoderContext decoderContext) {
			reader.readNull();
			return new Marker();
		}

		@Override
		public Class<Marker> getEncoderClass() {
			return Marker.class;
		}

	}

}
