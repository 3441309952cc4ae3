package io.connectplatform.mongodb.metrics;

import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.connectplatform.mongodb.gridfs.GridFsDownloadStream;
import io.connectplatform.mongodb.gridfs.GridFsFileNotFoundException;
import io.connectplatform.mongodb.gridfs.GridFsFileTooLargeException;
import io.connectplatform.mongodb.gridfs.GridFsBucketTemplate;
import io.connectplatform.mongodb.gridfs.GridFsUploadStream;
import io.connectplatform.mongodb.gridfs.UploadedFile;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link GridFsMetrics} fed by a {@link GridFsBucketTemplate} over TCP against the
 * embedded server: bytes are counted as they move (a download read halfway counts half), and
 * each operation is timed once with its outcome.
 *
 * @author Connect MongoDB team
 */
class GridFsMetricsTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private MongoClient client;

	private GridFsBucketTemplate gridFs;

	@BeforeEach
	void createTemplate() {
		this.client = MongoClients.create(mongo.getConnectionString());
		String databaseName = "metrics_" + UUID.randomUUID().toString().substring(0, 8);
		this.gridFs = GridFsBucketTemplate.builder(this.client.getDatabase(databaseName))
			.chunkSize(1000)
			.maxFileSize(10_000)
			.observer(new GridFsMetrics(this.registry))
			.build();
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void countsTheBytesUploadedAndDownloadedPerBucket() {
		UploadedFile uploaded = this.gridFs.upload("a.bin", new byte[3000]);
		this.gridFs.bucket("invoices").upload("b.bin", new byte[700]);
		assertThat(bytes("fs", "upload").count()).isEqualTo(3000);
		assertThat(bytes("invoices", "upload").count()).isEqualTo(700);
		this.gridFs.downloadBytes(uploaded.id());
		assertThat(bytes("fs", "download").count()).isEqualTo(3000);
		this.gridFs.downloadBytes(uploaded.id(), 2500, 100);
		assertThat(bytes("fs", "download").count()).isEqualTo(3100);
		assertThat(bytes("fs", "download").getId().getBaseUnit()).isEqualTo("bytes");
	}

	@Test
	void countsTheDownloadBytesActuallyRead() {
		UploadedFile uploaded = this.gridFs.upload("a.bin", new byte[3000]);
		try (GridFsDownloadStream stream = this.gridFs.openDownloadStream(uploaded.id())) {
			stream.read(new byte[10]);
			stream.read();
		}
		assertThat(bytes("fs", "download").count()).isEqualTo(11);
	}

	@Test
	void timesEachOperationWithItsOutcome() {
		UploadedFile uploaded = this.gridFs.upload("a.bin", new byte[3000]);
		this.gridFs.downloadBytes(uploaded.id());
		this.gridFs.findById(uploaded.id());
		this.gridFs.rename(uploaded.id(), "b.bin");
		this.gridFs.replaceMetadata(uploaded.id(), null);
		this.gridFs.verify(uploaded.id());
		assertThatExceptionOfType(GridFsFileNotFoundException.class)
			.isThrownBy(() -> this.gridFs.downloadBytes(new ObjectId()));
		assertThatExceptionOfType(GridFsFileTooLargeException.class)
			.isThrownBy(() -> this.gridFs.upload("big.bin", new byte[10_001]));
		GridFsUploadStream aborted = this.gridFs.openUploadStream("aborted.bin");
		aborted.write(new byte[1500]);
		aborted.abort();
		this.gridFs.delete(uploaded.id());
		this.gridFs.delete(uploaded.id());
		this.gridFs.drop();
		assertThat(timer("upload", "success").count()).isOne();
		assertThat(timer("upload", "error").count()).isOne();
		assertThat(timer("upload", "aborted").count()).isOne();
		assertThat(timer("download", "success").count()).isOne();
		assertThat(timer("download", "not-found").count()).isOne();
		assertThat(timer("find", "success").count()).isOne();
		assertThat(timer("rename", "success").count()).isOne();
		assertThat(timer("replace-metadata", "success").count()).isOne();
		assertThat(timer("verify", "success").count()).isOne();
		assertThat(timer("delete", "success").count()).isOne();
		assertThat(timer("delete", "not-found").count()).isOne();
		assertThat(timer("drop", "success").count()).isOne();
		assertThat(this.registry.find(GridFsMetrics.OPERATIONS_METER_NAME).timers()).hasSize(12);
		assertThat(bytes("fs", "upload").count()).as("aborted bytes were sent too").isEqualTo(4500);
	}

	private Counter bytes(String bucket, String direction) {
		return this.registry.get(GridFsMetrics.BYTES_METER_NAME).tag("bucket", bucket).tag("direction", direction)
			.counter();
	}

	private Timer timer(String operation, String outcome) {
		return this.registry.get(GridFsMetrics.OPERATIONS_METER_NAME)
			.tag("bucket", "fs")
			.tag("operation", operation)
			.tag("outcome", outcome)
			.timer();
	}

}
