package io.connectplatform.mongodb.gridfs;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import io.connectplatform.mongodb.core.SafeFilters;
import io.connectplatform.mongodb.gridfs.GridFsObserver.FileOperation;
import io.connectplatform.mongodb.gridfs.GridFsObserver.Outcome;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * The management of the files of a {@link GridFsBucketTemplate}: renaming them, replacing their
 * metadata, deleting them, and the bucket's indexes and dropping.
 *
 * @author Connect MongoDB team
 */
final class GridFsFileManager {

	private static final int DELETE_BATCH = 1000;

	private final BucketHandle handle;

	private final GridFsContext context;

	private final String bucketName;

	private final MongoCollection<BsonDocument> files;

	private final MongoCollection<BsonDocument> chunks;

	GridFsFileManager(BucketHandle handle) {
		this.handle = handle;
		this.context = handle.context();
		this.bucketName = handle.bucketName();
		this.files = handle.files();
		this.chunks = handle.chunks();
	}

	void rename(Object id, String newFilename) {
		BsonValue bsonId = this.handle.id(id);
		GridFsChecks.checkFilename(newFilename, "newFilename");
		this.handle.timed(FileOperation.RENAME, () -> {
			MongoCollection<BsonDocument> files = this.context.forWrite(this.files, "rename", this.bucketName);
			UpdateResult result = files.updateOne(SafeFilters.id(bsonId), Updates.set("filename", newFilename));
			if (result.wasAcknowledged() && result.getMatchedCount() == 0) {
				throw this.handle.notFound(bsonId);
			}
			return null;
		});
	}

	long renameAll(String filename, String newFilename) {
		GridFsChecks.checkFilename(filename, "filename");
		GridFsChecks.checkFilename(newFilename, "newFilename");
		return this.handle.timed(FileOperation.RENAME, () -> {
			MongoCollection<BsonDocument> files = this.context.forWrite(this.files, "rename", this.bucketName);
			UpdateResult result = files.updateMany(SafeFilters.eq("filename", filename),
					Updates.set("filename", newFilename));
			return result.wasAcknowledged() ? result.getMatchedCount() : -1;
		});
	}

	void replaceMetadata(Object id, @Nullable Object metadata) {
		BsonValue bsonId = this.handle.id(id);
		Document replacement = this.handle.metadata(metadata);
		this.handle.timed(FileOperation.REPLACE_METADATA, () -> {
			MongoCollection<BsonDocument> files = this.context.forWrite(this.files, "replace the metadata of",
					this.bucketName);
			Bson filter = SafeFilters.id(bsonId);
			Bson kept = Projections.include("metadata." + StoredFile.CONTENT_TYPE_KEY,
					"metadata." + StoredFile.CHECKSUM_KEY);
			BsonDocument current = files.find(filter).projection(kept).first();
			if (current == null) {
				throw this.handle.notFound(bsonId);
			}
			replacement.putAll(current.getDocument("metadata", new BsonDocument()));
			Bson update = replacement.isEmpty() ? Updates.unset("metadata") : Updates.set("metadata", replacement);
			UpdateResult result = files.updateOne(filter, update);
			if (result.wasAcknowledged() && result.getMatchedCount() == 0) {
				throw this.handle.notFound(bsonId);
			}
			return null;
		});
	}

	boolean delete(Object id) {
		BsonValue bsonId = this.handle.id(id);
		long started = System.nanoTime();
		try {
			this.context.forWrite(this.handle.bucket(), "delete", this.bucketName).delete(bsonId);
		}
		catch (MongoGridFSException ex) {
			// The only GridFS error of a delete: no files document had the id. Its chunks,
			// if any were left behind, are deleted all the same.
			this.handle.completed(FileOperation.DELETE, Outcome.NOT_FOUND, started);
			return false;
		}
		catch (RuntimeException ex) {
			this.handle.completed(FileOperation.DELETE, Outcome.ERROR, started);
			throw this.context.translate(ex);
		}
		this.handle.completed(FileOperation.DELETE, Outcome.SUCCESS, started);
		return true;
	}

	long deleteAll(String filename) {
		GridFsChecks.checkFilename(filename, "filename");
		return this.handle.timed(FileOperation.DELETE, () -> {
			MongoCollection<BsonDocument> files = this.context.forWrite(this.files, "delete", this.bucketName);
			MongoCollection<BsonDocument> chunks = this.context.forRead(this.chunks);
			List<BsonValue> ids = files.find(SafeFilters.eq("filename", filename)).projection(Projections.include("_id"))
				.map((file) -> file.get("_id"))
				.into(new ArrayList<>());
			long deleted = 0;
			for (int from = 0; from < ids.size(); from += DELETE_BATCH) {
				List<BsonValue> batch = ids.subList(from, Math.min(ids.size(), from + DELETE_BATCH));
				// The files first, as the driver does: a file is never seen without its chunks.
				Bson byId = Filters.in("_id", batch);
				Bson byFile = Filters.in("files_id", batch);
				deleted += files.deleteMany(byId).getDeletedCount();
				chunks.deleteMany(byFile);
			}
			return deleted;
		});
	}

	void ensureIndexes() {
		this.handle.ensureIndexes();
	}

	void drop() {
		this.handle.timed(FileOperation.DROP, () -> {
			this.context.requireWritable("drop", this.bucketName);
			this.handle.dropAndReplace();
			return null;
		});
	}

}
