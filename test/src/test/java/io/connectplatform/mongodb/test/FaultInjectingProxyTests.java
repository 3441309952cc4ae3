package io.connectplatform.mongodb.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.connectplatform.mongodb.embedded.EmbeddedMongoServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link FaultInjectingProxy}, with the MongoDB driver talking to an embedded
 * server through it.
 *
 * @author Connect MongoDB team
 */
class FaultInjectingProxyTests {

	private static final Document ALICE = new Document("_id", 1).append("name", "Alice");

	private EmbeddedMongoServer server;

	private FaultInjectingProxy proxy;

	@BeforeEach
	void start() {
		this.server = EmbeddedMongoServer.start("localhost", 0);
		this.proxy = FaultInjectingProxy.start(this.server.getAddress());
	}

	@AfterEach
	void stop() {
		this.proxy.close();
		this.server.close();
	}

	@Test
	void proxyForwardsCommandsToTheTarget() {
		try (MongoClient client = MongoClients.create(connectionString(""))) {
			people(client).insertOne(ALICE);
		}
		try (MongoClient direct = MongoClients.create(this.server.getConnectionString())) {
			assertThat(people(direct).find().first()).isEqualTo(ALICE);
		}
		assertThat(this.proxy.acceptedConnections()).isPositive();
		assertThat(this.proxy.getAddress().getAddress().isLoopbackAddress()).isTrue();
		assertThat(this.proxy.getTarget()).isEqualTo(this.server.getAddress());
	}

	@Test
	void readOnADroppedConnectionIsRetriedOnANewConnection() {
		// A polling monitor: the streaming one would open a new connection at once after the
		// drop, racing the check that none is left open.
		try (MongoClient client = MongoClients
			.create(connectionString("&serverSelectionTimeoutMS=2000&serverMonitoringMode=poll"))) {
			people(client).insertOne(ALICE);
			long accepted = this.proxy.acceptedConnections();
			assertThat(this.proxy.dropConnections()).isPositive();
			assertThat(this.proxy.openConnections()).isZero();
			Throwable failure = catchThrowable(() -> people(client).find().first());
			if (failure != null) {
				assertThat(failure).isInstanceOf(MongoSocketException.class);
			}
			await().atMost(Duration.ofSeconds(5))
				.ignoreExceptionsInstanceOf(MongoSocketException.class)
				.untilAsserted(() -> assertThat(people(client).find().first()).isEqualTo(ALICE));
			assertThat(this.proxy.acceptedConnections()).isGreaterThan(accepted);
			assertThat(this.proxy.openConnections()).isPositive();
		}
	}

	@Test
	void writeOnADroppedConnectionFailsAndTheNextWriteSucceeds() {
		try (MongoClient client = MongoClients
			.create(connectionString("&serverSelectionTimeoutMS=2000&retryWrites=false&serverMonitoringMode=poll"))) {
			people(client).insertOne(ALICE);
			assertThat(this.proxy.dropConnections()).isPositive();
			// without retryable writes, the driver does not send the write again; and with a
			// polling monitor, it does not learn of the drop (and clear its pool) first
			assertThatExceptionOfType(MongoSocketException.class)
				.isThrownBy(() -> people(client).insertOne(new Document("_id", 2)));
			people(client).insertOne(new Document("_id", 3));
			assertThat(people(client).find()).containsExactly(ALICE, new Document("_id", 3));
		}
	}

	@Test
	void refusedConnectionsMakeNewClientsTimeOutUntilAcceptedAgain() {
		int port = this.proxy.getPort();
		try (MongoClient existing = MongoClients.create(connectionString(""))) {
			people(existing).insertOne(ALICE);
			this.proxy.refuseConnections();
			assertThat(this.proxy.isAcceptingConnections()).isFalse();
			try (MongoClient fresh = MongoClients.create(connectionString("&serverSelectionTimeoutMS=500"))) {
				// Usually a server selection timeout; a socket error when another process of the
				// machine briefly took the freed port (seen under load): either way, no service.
				assertThatThrownBy(() -> people(fresh).find().first())
					.isInstanceOfAny(MongoTimeoutException.class, MongoSocketOpenException.class);
			}
			assertThat(people(existing).find().first()).isEqualTo(ALICE);
		}
		this.proxy.acceptConnections();
		assertThat(this.proxy.isAcceptingConnections()).isTrue();
		assertThat(this.proxy.getPort()).isEqualTo(port);
		try (MongoClient fresh = MongoClients.create(connectionString("&serverSelectionTimeoutMS=2000"))) {
			assertThat(people(fresh).find().first()).isEqualTo(ALICE);
		}
	}

	@Test
	void stalledProxyMakesOperationsTimeOutUntilResumed() {
		try (MongoClient client = MongoClients
			.create(connectionString("&socketTimeoutMS=500&connectTimeoutMS=500&serverSelectionTimeoutMS=2000"))) {
			people(client).insertOne(ALICE);
			this.proxy.stall();
			assertThat(this.proxy.isStalled()).isTrue();
			Throwable failure = catchThrowable(() -> people(client).find().first());
			assertThat(failure).isInstanceOfAny(MongoSocketReadTimeoutException.class, MongoTimeoutException.class);
			this.proxy.resume();
			await().atMost(Duration.ofSeconds(5))
				.ignoreExceptionsInstanceOf(MongoTimeoutException.class)
				.untilAsserted(() -> assertThat(people(client).find().first()).isEqualTo(ALICE));
		}
	}

	@Test
	void latencyLongerThanTheTimeoutMakesOperationsTimeOut() {
		try (MongoClient client = MongoClients.create(connectionString("&serverSelectionTimeoutMS=2000"))) {
			people(client).insertOne(ALICE);
			MongoCollection<Document> people = people(client).withTimeout(1, TimeUnit.SECONDS);
			this.proxy.setLatency(Duration.ofSeconds(2));
			assertThat(this.proxy.getLatency()).isEqualTo(Duration.ofSeconds(2));
			assertThatExceptionOfType(MongoOperationTimeoutException.class).isThrownBy(() -> people.find().first());
			this.proxy.setLatency(Duration.ZERO);
			assertThat(people.find().first()).isEqualTo(ALICE);
		}
	}

	@Test
	void connectionToAnUnreachableTargetIsClosed() throws IOException {
		InetSocketAddress target = this.server.getAddress();
		this.server.close();
		try (FaultInjectingProxy unreachable = FaultInjectingProxy.start(target);
				Socket socket = new Socket(InetAddress.getLoopbackAddress(), unreachable.getPort())) {
			socket.setSoTimeout(5000);
			InputStream input = socket.getInputStream();
			assertThat(input.read()).isEqualTo(-1);
			assertThat(unreachable.acceptedConnections()).isOne();
		}
	}

	@Test
	void closeClosesConnectionsAndStopsEveryThread() {
		try (MongoClient client = MongoClients.create(connectionString(""))) {
			people(client).insertOne(ALICE);
			assertThat(this.proxy.openConnections()).isPositive();
			String threadPrefix = "fault-injecting-proxy-" + this.proxy.getPort() + "-";
			assertThat(Thread.getAllStackTraces().keySet()).anyMatch((thread) -> thread.getName().startsWith(threadPrefix));
			this.proxy.close();
			assertThat(this.proxy.openConnections()).isZero();
			assertThat(this.proxy.isAcceptingConnections()).isFalse();
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
					.noneMatch((thread) -> thread.getName().startsWith(threadPrefix)));
			assertThatExceptionOfType(ConnectException.class)
				.isThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), this.proxy.getPort()).close());
		}
	}

	@Test
	void closedProxyRejectsFaultInjection() {
		this.proxy.close();
		this.proxy.close();
		assertThatIllegalStateException().isThrownBy(this.proxy::refuseConnections)
			.withMessage("Proxy has been closed");
		assertThatIllegalStateException().isThrownBy(this.proxy::acceptConnections)
			.withMessage("Proxy has been closed");
	}

	@Test
	void negativeLatencyIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.proxy.setLatency(Duration.ofMillis(-1)))
			.withMessage("'latency' must not be negative, but was PT-0.001S");
	}

	@Test
	void unresolvedTargetIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FaultInjectingProxy.start(InetSocketAddress.createUnresolved("localhost", 27017)))
			.withMessageStartingWith("'target' must be a resolved address, but was ");
	}

	private String connectionString(String options) {
		return "mongodb://localhost:" + this.proxy.getPort() + "/?directConnection=true" + options;
	}

	private static MongoCollection<Document> people(MongoClient client) {
		return client.getDatabase("test").getCollection("people");
	}

}
