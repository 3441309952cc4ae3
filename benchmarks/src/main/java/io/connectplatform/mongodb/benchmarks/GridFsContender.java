package io.connectplatform.mongodb.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSFile;
import org.bson.BsonObjectId;
import org.bson.BsonValue;
import org.bson.types.ObjectId;

import io.connectplatform.mongodb.gridfs.GridFsChecksum;
import io.connectplatform.mongodb.gridfs.GridFsBucketTemplate;
import io.connectplatform.mongodb.transaction.TransactionalSessionLookup;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * One way of storing and reading GridFS files, each as a user of that library would.
 *
 * @author Connect MongoDB team
 */
interface GridFsContender {

	/**
	 * Store a file.
	 * @param filename its name
	 * @param content its content
	 * @return its id
	 */
	BsonValue upload(String filename, InputStream content);

	/**
	 * Read a whole file.
	 * @param id its id
	 * @param target where its bytes go
	 */
	void download(BsonValue id, OutputStream target);

	/**
	 * Drop the bucket.
	 */
	void drop();

	/**
	 * Return the contender of the given name, on a bucket of its own.
	 * @param name {@code raw}, {@code connect-sha256}, {@code connect-none} or
	 * {@code spring-data}
	 * @param client the client
	 * @return the contender
	 */
	static GridFsContender of(String name, MongoClient client) {
		MongoDatabase database = client.getDatabase(BenchmarkServers.DATABASE);
		String bucket = "bench_" + name.replace('-', '_');
		return switch (name) {
			case "raw" -> new Raw(GridFSBuckets.create(database, bucket));
			case "connect-sha256" -> new Connect(client, database, bucket, GridFsChecksum.SHA_256);
			case "connect-none" -> new Connect(client, database, bucket, GridFsChecksum.NONE);
			case "spring-data" -> new SpringData(client, bucket);
			default -> throw new IllegalArgumentException("Unknown contender '" + name + "'");
		};
	}

	/**
	 * The driver's {@link GridFSBucket}.
	 */
	final class Raw implements GridFsContender {

		private final GridFSBucket bucket;

		Raw(GridFSBucket bucket) {
			this.bucket = bucket;
		}

		@Override
		public BsonValue upload(String filename, InputStream content) {
			return new BsonObjectId(this.bucket.uploadFromStream(filename, content));
		}

		@Override
		public void download(BsonValue id, OutputStream target) {
			this.bucket.downloadToStream(id, target);
		}

		@Override
		public void drop() {
			this.bucket.drop();
		}

	}

	/**
	 * Our {@link GridFsBucketTemplate}, as the auto-configuration builds it, with the checksum on
	 * or off.
	 */
	final class Connect implements GridFsContender {

		private final GridFsBucketTemplate template;

		Connect(MongoClient client, MongoDatabase database, String bucket, GridFsChecksum checksum) {
			this.template = GridFsBucketTemplate.builder(database)
				.bucketName(bucket)
				.checksum(checksum)
				.sessionLookup(new TransactionalSessionLookup(client))
				.build();
		}

		@Override
		public BsonValue upload(String filename, InputStream content) {
			return this.template.upload(filename, content).id();
		}

		@Override
		public void download(BsonValue id, OutputStream target) {
			this.template.download(id, target);
		}

		@Override
		public void drop() {
			this.template.drop();
		}

	}

	/**
	 * Spring Data's {@code GridFsBucketTemplate}: store, then find the file and read its
	 * resource.
	 */
	final class SpringData implements GridFsContender {

		private final org.springframework.data.mongodb.gridfs.GridFsTemplate template;

		SpringData(MongoClient client, String bucket) {
			SimpleMongoClientDatabaseFactory factory = new SimpleMongoClientDatabaseFactory(client,
					BenchmarkServers.DATABASE);
			this.template = new org.springframework.data.mongodb.gridfs.GridFsTemplate(factory,
					new MongoTemplate(factory).getConverter(), bucket);
		}

		@Override
		public BsonValue upload(String filename, InputStream content) {
			ObjectId id = this.template.store(content, filename);
			return new BsonObjectId(id);
		}

		@Override
		public void download(BsonValue id, OutputStream target) {
			GridFSFile file = this.template.findOne(Query.query(Criteria.where("_id").is(id)));
			try (InputStream content = this.template.getResource(file).getInputStream()) {
				content.transferTo(target);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public void drop() {
			this.template.delete(new Query());
		}

	}

}
