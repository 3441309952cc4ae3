package io.connectplatform.mongodb.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ServerDescription;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.bson.Document;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

/**
 * Reports MongoDB health with one {@code ping} bounded by a timeout. Unlike Boot's
 * indicator it needs no {@code hello} command and never lists the databases. Details:
 * the sanitized connection target, the cluster type, and each server's address, type and
 * round-trip time. A failure is reported DOWN with the error, and logged at WARN in one line.
 *
 * @author Connect MongoDB team
 */
public class MongoPingHealthIndicator extends AbstractHealthIndicator {

	private static final Log logger = LogFactory.getLog(MongoPingHealthIndicator.class);

	private static final Document PING_COMMAND = new Document("ping", 1);

	private final MongoClient mongoClient;

	private final String target;

	private final Duration timeout;

	/**
	 * Create a new indicator.
	 * @param mongoClient the client to check
	 * @param target where the client connects, with credentials already masked
	 * @param timeout how long the ping may take
	 */
	public MongoPingHealthIndicator(MongoClient mongoClient, String target, Duration timeout) {
		super("MongoDB health check failed");
		Assert.notNull(mongoClient, "'mongoClient' must not be null");
		Assert.isTrue(!timeout.isNegative() && !timeout.isZero(), () -> "'timeout' must be positive, but was " + timeout);
		this.mongoClient = mongoClient;
		this.target = target;
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		try {
			this.mongoClient.getDatabase("admin")
				.withTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
				.runCommand(PING_COMMAND);
			builder.up();
		}
		catch (RuntimeException ex) {
			logger.warn("MongoDB health check failed against " + this.target + ": " + ex);
			builder.down(ex);
		}
		ClusterDescription cluster = this.mongoClient.getClusterDescription();
		builder.withDetail("target", this.target)
			.withDetail("clusterType", cluster.getType().name())
			.withDetail("servers", servers(cluster.getServerDescriptions()));
	}

	private static List<Map<String, Object>> servers(List<ServerDescription> servers) {
		return servers.stream().map(MongoPingHealthIndicator::server).toList();
	}

	private static Map<String, Object> server(ServerDescription server) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("address", server.getAddress().toString());
		details.put("type", server.getType().name());
		if (server.isOk()) {
			details.put("roundTripTimeMillis",
					Math.round(server.getRoundTripTimeNanos() / (double) TimeUnit.MILLISECONDS.toNanos(1) * 10) / 10.0);
		}
		return details;
	}

}
