package io.connectplatform.mongodb.autoconfigure.gridfs;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;
import io.connectplatform.mongodb.autoconfigure.template.ConnectMongoTemplatesAutoConfiguration;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import io.connectplatform.mongodb.gridfs.GridFsBucketTemplateBuilder;
import io.connectplatform.mongodb.internal.PlainDatabase;
import io.connectplatform.mongodb.core.MongoTemplates;
import io.connectplatform.mongodb.gridfs.GridFsObserver;
import io.connectplatform.mongodb.gridfs.GridFsBucketOperations;
import io.connectplatform.mongodb.gridfs.GridFsBucketTemplate;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of GridFS: a {@link GridFsBucketTemplate} for
 * the default bucket, whose {@link GridFsBucketTemplate#bucket(String) bucket(name)} gives the
 * others. It joins the transactions a {@link MongoSessionLookup} bean finds, encodes metadata
 * with the codec registry of {@link MongoTemplates} when there is one, and tells every
 * {@link GridFsObserver} bean (the Micrometer meters among them) what it does.
 * <p>
 * The bean is named {@code gridFsBucketTemplate}: Boot's Spring Data MongoDB
 * auto-configuration registers its own {@code GridFsTemplate} as {@code gridFsTemplate}, and an
 * application may have both.
 *
 * @author Connect MongoDB team
 */
@AutoConfiguration(after = { ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class,
		ConnectMongoTemplatesAutoConfiguration.class })
@ConditionalOnClass({ MongoClient.class, GridFSBucket.class })
@ConditionalOnBean({ MongoClient.class, MongoDatabase.class })
@EnableConfigurationProperties(ConnectMongoGridFsProperties.class)
public final class ConnectMongoGridFsAutoConfiguration {

	private static final String PREFIX = ConnectMongoGridFsProperties.PREFIX + ".";

	@Bean
	@ConditionalOnMissingBean(GridFsBucketOperations.class)
	GridFsBucketTemplate gridFsBucketTemplate(MongoClient client, MongoDatabase database, ConnectMongoGridFsProperties properties,
			ObjectProvider<MongoSessionLookup> sessionLookup, ObjectProvider<GridFsObserver> observers,
			ObjectProvider<MongoTemplates> templates) {
		String databaseName = properties.getDatabase();
		if (databaseName != null) {
			checkDatabase(databaseName);
		}
		GridFsBucketTemplateBuilder builder = GridFsBucketTemplate
			.builder((databaseName != null) ? client.getDatabase(databaseName) : PlainDatabase.of(client, database))
			.bucketName(checkBucket(properties.getBucket()))
			.chunkSize(checkChunkSize(properties.getChunkSize()))
			.checksum(properties.getChecksum())
			.sessionLookup(sessionLookup.getIfAvailable(() -> MongoSessionLookup.NONE))
			.observer(GridFsObserver.of(observers.orderedStream().toList()));
		DataSize maxFileSize = properties.getMaxFileSize();
		if (maxFileSize != null) {
			builder.maxFileSize(checkMaxFileSize(maxFileSize));
		}
		MongoTemplates mongoTemplates = templates.getIfAvailable();
		if (mongoTemplates != null) {
			builder.codecRegistry(mongoTemplates.getCodecRegistry());
		}
		return builder.build();
	}

	private static void checkDatabase(String database) {
		try {
			MongoNamespace.checkDatabaseNameValidity(database);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidMongoPropertyException(PREFIX + "database", database,
					"it is not a valid MongoDB database name (" + ex.getMessage() + ")",
					"Set " + PREFIX + "database to a database name without spaces, '.', '/', '\\', '\"' or '$', "
							+ "or remove it to use the database of the MongoDatabase bean.");
		}
	}

	private static String checkBucket(String bucket) {
		try {
			GridFsBucketTemplate.checkBucketName(bucket);
			return bucket;
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidMongoPropertyException(PREFIX + "bucket", bucket, ex.getMessage(),
					"Set " + PREFIX + "bucket to a name such as 'fs' (the default) or 'attachments': without '$' "
							+ "or NUL, not starting with 'system.', not starting or ending with a dot.");
		}
	}

	private static int checkChunkSize(@Nullable DataSize chunkSize) {
		long bytes = (chunkSize != null) ? chunkSize.toBytes() : 0;
		if (bytes < 1 || bytes > GridFsBucketTemplate.MAX_CHUNK_SIZE) {
			throw new InvalidMongoPropertyException(PREFIX + "chunk-size", chunkSize,
					"it must be between 1B and 16MB less 1KB (" + GridFsBucketTemplate.MAX_CHUNK_SIZE
							+ "B), so that a chunk fits in a MongoDB document",
					"Set " + PREFIX + "chunk-size to a size such as 255KB (the default) or 1MB.");
		}
		return (int) bytes;
	}

	private static long checkMaxFileSize(DataSize maxFileSize) {
		if (maxFileSize.toBytes() < 1) {
			throw new InvalidMongoPropertyException(PREFIX + "max-file-size", maxFileSize, "it must be 1B or more",
					"Set " + PREFIX + "max-file-size to a size such as 100MB, or remove it for no limit.");
		}
		return maxFileSize.toBytes();
	}

}
