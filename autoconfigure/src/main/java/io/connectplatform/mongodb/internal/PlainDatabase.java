package io.connectplatform.mongodb.internal;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

import org.springframework.util.Assert;

/**
 * Gives the library's own layers (templates, GridFS, change streams, the token store) the
 * database they run on: the one of the same name, straight from the client, with the given
 * database's codec registry, read preference, read and write concerns and timeout. They bind
 * each operation to the current session themselves ({@link SessionBinding}), or never join a
 * transaction (change streams), so they must not run through a database that joins by itself,
 * such as the {@code MongoDatabase} bean the auto-configuration creates, whatever was
 * injected.
 *
 * @author Connect MongoDB team
 */
public final class PlainDatabase {

	private PlainDatabase() {
	}

	/**
	 * Return a plain database with the name and settings of another.
	 * @param client the client the database belongs to
	 * @param database the database, joining or not
	 * @return the plain database
	 */
	public static MongoDatabase of(MongoClient client, MongoDatabase database) {
		Assert.notNull(client, "'client' must not be null");
		Assert.notNull(database, "'database' must not be null");
		MongoDatabase plain = client.getDatabase(database.getName());
		// Only what differs is set again: the driver wraps a registry each time it is set.
		if (plain.getCodecRegistry() != database.getCodecRegistry()) {
			plain = plain.withCodecRegistry(database.getCodecRegistry());
		}
		if (!Objects.equals(plain.getReadPreference(), database.getReadPreference())) {
			plain = plain.withReadPreference(database.getReadPreference());
		}
		if (!Objects.equals(plain.getReadConcern(), database.getReadConcern())) {
			plain = plain.withReadConcern(database.getReadConcern());
		}
		if (!Objects.equals(plain.getWriteConcern(), database.getWriteConcern())) {
			plain = plain.withWriteConcern(database.getWriteConcern());
		}
		Long timeout = database.getTimeout(TimeUnit.MILLISECONDS);
		if (timeout != null && !timeout.equals(plain.getTimeout(TimeUnit.MILLISECONDS))) {
			plain = plain.withTimeout(timeout, TimeUnit.MILLISECONDS);
		}
		return plain;
	}

}
