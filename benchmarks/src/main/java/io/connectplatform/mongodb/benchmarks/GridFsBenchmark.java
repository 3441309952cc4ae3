package io.connectplatform.mongodb.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import org.bson.BsonValue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * GridFS uploads and whole-file downloads of 1 MiB and 64 MiB, through our
 * {@code GridFsBucketTemplate} with the checksum on and off, the driver's {@code GridFSBucket}
 * and Spring Data's {@code GridFsTemplate}. Every contender reads the same bytes from
 * memory and writes them to a stream that drops them.
 *
 * @author Connect MongoDB team
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GridFsBenchmark {

	@Param({ "raw", "connect-none", "connect-sha256", "spring-data" })
	public String contender;

	@Param({ "1", "64" })
	public int mebibytes;

	private MongoClient client;

	private GridFsContender gridFs;

	private byte[] content;

	private BsonValue stored;

	@Setup(Level.Trial)
	public void start() {
		this.client = BenchmarkServers.client(BenchmarkServers.plain());
		this.gridFs = GridFsContender.of(this.contender, this.client);
		this.gridFs.drop();
		this.content = new byte[this.mebibytes * 1024 * 1024];
		new Random(42).nextBytes(this.content);
		this.stored = this.gridFs.upload("stored.bin", new ByteArrayInputStream(this.content));
	}

	@Setup(Level.Iteration)
	public void dropUploads(BenchmarkParams params) {
		// Keeps the server's memory bounded; the downloaded file stays
		if (params.getBenchmark().endsWith(".upload")) {
			this.gridFs.drop();
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.gridFs.drop();
		this.client.close();
	}

	@Benchmark
	public BsonValue upload() {
		return this.gridFs.upload("upload.bin", new ByteArrayInputStream(this.content));
	}

	@Benchmark
	public void download() {
		this.gridFs.download(this.stored, OutputStream.nullOutputStream());
	}

}
