package io.connectplatform.mongodb.gridfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSFindIterable;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.connectplatform.mongodb.core.SafeFilters;
import io.connectplatform.mongodb.core.SafeSorts;
import io.connectplatform.mongodb.gridfs.GridFsObserver.FileOperation;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.util.Assert;

/**
 * The finding of a {@link GridFsBucketTemplate}: stored files by id, by filename and revision,
 * or by {@link FileQuery}, in lists or pages; their count and existence; and the decoding
 * of their metadata.
 *
 * @author Connect MongoDB team
 */
final class GridFsFinder {

	private final BucketHandle handle;

	private final GridFsContext context;

	private final MongoCollection<BsonDocument> files;

	GridFsFinder(BucketHandle handle) {
		this.handle = handle;
		this.context = handle.context();
		this.files = handle.files();
	}

	Optional<StoredFile> findById(Object id) {
		BsonValue bsonId = this.handle.id(id);
		return this.handle.timed(FileOperation.FIND, () -> first(find(SafeFilters.id(bsonId))));
	}

	Optional<StoredFile> findOne(String filename, int revision) {
		GridFsChecks.checkFilename(filename, "filename");
		// The driver's revision lookup: oldest first from 0, newest first from -1.
		int skip = (revision >= 0) ? revision : -revision - 1;
		Bson sort = (revision >= 0) ? Sorts.ascending("uploadDate") : Sorts.descending("uploadDate");
		return this.handle.timed(FileOperation.FIND,
				() -> first(find(SafeFilters.eq("filename", filename)).sort(sort).skip(skip)));
	}

	List<StoredFile> find(FileQuery query) {
		Assert.notNull(query, "'query' must not be null");
		return this.handle.timed(FileOperation.FIND, () -> list(find(query.getFilter()), query.getSort(),
				query.getSkip(), query.getLimit()));
	}

	Page<StoredFile> page(FileQuery query, Pageable pageable) {
		Assert.notNull(query, "'query' must not be null");
		Assert.notNull(pageable, "'pageable' must not be null");
		BsonDocument pageSort = SafeSorts.of(pageable.getSort());
		Bson sort = pageSort.isEmpty() ? query.getSort() : pageSort;
		long offset = pageable.isPaged() ? pageable.getOffset() : 0;
		Assert.isTrue(offset <= Integer.MAX_VALUE, () -> "'pageable' must not skip more than " + Integer.MAX_VALUE
				+ " files, but page " + pageable.getPageNumber() + " of size " + pageable.getPageSize() + " skips "
				+ offset);
		int limit = pageable.isPaged() ? pageable.getPageSize() : 0;
		return this.handle.timed(FileOperation.FIND, () -> {
			List<StoredFile> content = list(find(query.getFilter()), sort, (int) offset, limit);
			return PageableExecutionUtils.getPage(content, pageable, () -> countDocuments(query.getFilter()));
		});
	}

	long count(FileQuery query) {
		Assert.notNull(query, "'query' must not be null");
		return this.handle.timed(FileOperation.FIND, () -> countDocuments(query.getFilter()));
	}

	boolean existsById(Object id) {
		BsonValue bsonId = this.handle.id(id);
		return this.handle.timed(FileOperation.FIND, () -> exists(SafeFilters.id(bsonId)));
	}

	boolean exists(FileQuery query) {
		Assert.notNull(query, "'query' must not be null");
		return this.handle.timed(FileOperation.FIND, () -> exists(query.getFilter()));
	}

	<T> T metadata(StoredFile file, Class<T> type) {
		Assert.notNull(file, "'file' must not be null");
		Assert.notNull(type, "'type' must not be null");
		try {
			return GridFsMetadata.decode(file, type, this.context.codecRegistry());
		}
		catch (RuntimeException ex) {
			throw this.context.translate(ex);
		}
	}

	private GridFSFindIterable find(Bson filter) {
		return this.context.forRead(this.handle.bucket()).find(filter);
	}

	private static Optional<StoredFile> first(GridFSFindIterable find) {
		return Optional.ofNullable(find.limit(1).first()).map(StoredFile::of);
	}

	private static List<StoredFile> list(GridFSFindIterable find, @Nullable Bson sort, int skip, int limit) {
		if (sort != null) {
			find.sort(sort);
		}
		List<StoredFile> files = new ArrayList<>();
		find.skip(skip).limit(limit).forEach((file) -> files.add(StoredFile.of(file)));
		return files;
	}

	private long countDocuments(Bson filter) {
		return this.context.forRead(this.files).countDocuments(filter);
	}

	private boolean exists(Bson filter) {
		return this.context.forRead(this.files).find(filter).projection(Projections.include("_id")).limit(1).first() != null;
	}

}
