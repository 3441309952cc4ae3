package io.connectplatform.mongodb.gridfs;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shows that uploads and downloads stream: a child JVM with a 64 MiB heap uploads a 256 MiB
 * file from a generated stream through {@link GridFsBucketTemplate} to an embedded server in this
 * JVM, then reads it back through a {@link GridFsDownloadStream} and hashes it. A template
 * that held the file, or a few hundred of its chunks, in memory would die in the child with
 * an {@code OutOfMemoryError} and fail this test; so would one that read the whole file into
 * memory to check its checksum. The SHA-256 of what was generated, stored and read back must
 * be the one this JVM computes from the same generator.
 * <p>
 * A child JVM is used instead of a measured allocation bound because the heap limit is a
 * hard, observable failure that does not depend on how the garbage collector reports
 * allocation. The server runs here without an oplog, so it holds one copy of the data.
 *
 * @author Connect MongoDB team
 */
class GridFsStreamingTests {

	private static final long SIZE = 256L * 1024 * 1024;

	private static final String HEAP = "-Xmx64m";

	private static final long HEAP_BYTES = 64L * 1024 * 1024;

	@Test
	@Timeout(value = 3, unit = TimeUnit.MINUTES)
	void a256MiBFileStreamsThroughA64MiBHeap() throws Exception {
		MongoServer server = new MongoServer(new MemoryBackend());
		try {
			InetSocketAddress address = server.bind();
			String connectionString = "mongodb://" + address.getHostString() + ":" + address.getPort();
			List<String> output = runChild(connectionString);
			String expected = Content.sha256(new GeneratedInputStream(SIZE));
			assertThat(output).as("output of the child JVM").contains("uploaded " + expected + " " + SIZE,
					"downloaded " + expected + " " + SIZE);
			long maxHeap = Long.parseLong(line(output, "max-heap ").substring("max-heap ".length()));
			assertThat(maxHeap).as("the child's heap").isLessThanOrEqualTo(HEAP_BYTES);
			ObjectId id = new ObjectId(line(output, "id ").substring("id ".length()));
			try (MongoClient client = MongoClients.create(connectionString)) {
				MongoDatabase database = client.getDatabase("streaming");
				Document files = database.getCollection("fs.files").find(Filters.eq("_id", id)).first();
				assertThat(files).isNotNull();
				assertThat(files.getLong("length")).isEqualTo(SIZE);
				assertThat(files.get("metadata", Document.class).getString(StoredFile.CHECKSUM_KEY)).isEqualTo(expected);
				long chunks = (SIZE + GridFsBucketTemplate.DEFAULT_CHUNK_SIZE - 1) / GridFsBucketTemplate.DEFAULT_CHUNK_SIZE;
				assertThat(database.getCollection("fs.chunks").countDocuments()).isEqualTo(chunks);
			}
		}
		finally {
			server.shutdownNow();
		}
	}

	private List<String> runChild(String connectionString) throws IOException, InterruptedException {
		Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
		ProcessBuilder builder = new ProcessBuilder(java.toString(), HEAP, "-XX:+ExitOnOutOfMemoryError", "-cp",
				System.getProperty("java.class.path"), Child.class.getName(), connectionString, Long.toString(SIZE))
			.redirectErrorStream(true);
		Process child = builder.start();
		List<String> output = new ArrayList<>();
		try (InputStream stdout = child.getInputStream()) {
			for (String line : new String(stdout.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				output.add(line.strip());
			}
		}
		finally {
			if (!child.waitFor(2, TimeUnit.MINUTES)) {
				child.destroyForcibly();
			}
		}
		assertThat(child.exitValue()).as("exit code of the child JVM, which printed:%n%s", String.join("\n", output))
			.isZero();
		return output;
	}

	private static String line(List<String> output, String prefix) {
		return output.stream()
			.filter((line) -> line.startsWith(prefix))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No line '" + prefix + "...' in " + output));
	}

	/**
	 * The child JVM: uploads a generated file through the template, then reads it back.
	 */
	static final class Child {

		private Child() {
		}

		/**
		 * Upload and download a generated file, and print what was stored and read.
		 * @param args the connection string and the size of the file
		 */
		public static void main(String[] args) {
			long size = Long.parseLong(args[1]);
			try (MongoClient client = MongoClients.create(args[0])) {
				GridFsBucketTemplate gridFs = GridFsBucketTemplate.builder(client.getDatabase("streaming")).build();
				UploadedFile uploaded = gridFs.upload("big.bin", new GeneratedInputStream(size));
				System.out.println("id " + uploaded.objectId().toHexString());
				System.out.println("uploaded " + uploaded.checksum() + " " + uploaded.length());
				try (GridFsDownloadStream download = gridFs.openDownloadStream(uploaded.id())) {
					// The template checks the checksum as the last byte is read.
					System.out.println("downloaded " + Content.sha256(download) + " " + download.getFile().length());
				}
				System.out.println("max-heap " + Runtime.getRuntime().maxMemory());
			}
		}

	}

	/**
	 * A reproducible stream of pseudo-random bytes (xorshift), generated as it is read.
	 */
	static final class GeneratedInputStream extends InputStream {

		private long remaining;

		private long state = 0x9E3779B97F4A7C15L;

		GeneratedInputStream(long size) {
			this.remaining = size;
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == -1) ? -1 : (one[0] & 0xFF);
		}

		@Override
		public int read(byte[] bytes, int offset, int length) {
			Objects.checkFromIndexSize(offset, length, bytes.length);
			if (this.remaining == 0) {
				return -1;
			}
			int count = (int) Math.min(length, this.remaining);
			for (int i = 0; i < count; i++) {
				this.state ^= this.state << 13;
				this.state ^= this.state >>> 7;
				this.state ^= this.state << 17;
				bytes[offset + i] = (byte) this.state;
			}
			this.remaining -= count;
			return count;
		}

	}

}
