package io.connectplatform.mongodb.autoconfigure.embedded;

import java.time.Duration;
import java.util.Locale;

import com.mongodb.ConnectionString;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.ConnectMongoProperties;
import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;
import io.connectplatform.mongodb.autoconfigure.support.MongoConnectionStrings;
import io.connectplatform.mongodb.internal.MongoUriSanitizer;
import io.connectplatform.mongodb.embedded.EmbeddedMongoCluster;
import io.connectplatform.mongodb.embedded.EmbeddedMongoServer;
import io.connectplatform.mongodb.embedded.EmbeddedMongoSettings;
import io.connectplatform.mongodb.embedded.EmbeddedTopology;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the in-memory MongoDB server,
 * switched on by {@code connect.mongodb.embedded.enabled=true}: a single-node replica set
 * by default, or what {@code connect.mongodb.embedded.topology} says; with
 * {@code topology=sharded} and {@code servers} above one, several servers share the data
 * as the routers of a sharded cluster. The server starts before
 * the client is built, and Boot's client is pointed at it through
 * {@link MongoConnectionDetails}, so {@code spring.mongodb.uri} is ignored (but must still
 * be valid). A service connection (Testcontainers, Docker Compose) wins over it.
 * <p>
 * The server lives in the optional {@code io.connectplatform:connect-mongodb-embedded};
 * only the nested configuration that runs when it is on the class path refers to its
 * types, and {@link ConnectMongoProperties} holds plain values, so that an application
 * without it starts (and fails with a clear message only if it enables the server).
 *
 * @author Connect MongoDB team
 */
@AutoConfiguration(before = { MongoAutoConfiguration.class, ConnectMongoAutoConfiguration.class })
@ConditionalOnBooleanProperty(ConnectMongoProperties.PREFIX + ".embedded.enabled")
@EnableConfigurationProperties({ ConnectMongoProperties.class, MongoProperties.class })
public final class ConnectMongoEmbeddedAutoConfiguration {

	static final String SERVER_CLASS = "io.connectplatform.mongodb.embedded.EmbeddedMongoServer";

	static final String MONGO_JAVA_SERVER_CLASS = "de.bwaldvogel.mongo.MongoServer";

	static final String ARTIFACT = "io.connectplatform:connect-mongodb-embedded";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { SERVER_CLASS, MONGO_JAVA_SERVER_CLASS })
	@ConditionalOnMissingBean(MongoConnectionDetails.class)
	static class EmbeddedServerConfiguration {

		private static final Log logger = LogFactory.getLog(ConnectMongoEmbeddedAutoConfiguration.class);

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		EmbeddedMongoCluster embeddedMongoCluster(ConnectMongoProperties properties, MongoProperties mongoProperties) {
			String ignoredUri = mongoProperties.getUri();
			ConnectMongoProperties.Embedded embedded = properties.getEmbedded();
			EmbeddedMongoCluster cluster = start(embedded);
			String what = (cluster.getServers().size() == 1) ? (cluster.isRouters() ? "an in-memory MongoDB router"
					: "an in-memory MongoDB " + describe(cluster.getSettings().topology()))
					: cluster.getServers().size() + " in-memory MongoDB routers";
			logger.warn("Started " + what + " at " + cluster.getConnectionString()
					+ " (connect.mongodb.embedded.enabled=true); its data lives in memory and is lost when the application stops"
					+ ((ignoredUri != null) ? ". Ignoring spring.mongodb.uri=" + MongoUriSanitizer.sanitize(ignoredUri)
							: ""));
			return cluster;
		}

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		EmbeddedMongoServer embeddedMongoServer(EmbeddedMongoCluster cluster) {
			return cluster.getServers().get(0);
		}

		private static EmbeddedMongoSettings settings(ConnectMongoProperties.Embedded embedded) {
			EmbeddedTopology topology = switch (embedded.getTopology()) {
				case REPLICA_SET -> EmbeddedTopology.REPLICA_SET;
				case STANDALONE -> EmbeddedTopology.STANDALONE;
				case SHARDED -> EmbeddedTopology.SHARDED;
			};
			return new EmbeddedMongoSettings(topology, embedded.isTestCommands(), embedded.getTransactionLifetime());
		}

		private static String describe(EmbeddedTopology topology) {
			return (topology == EmbeddedTopology.REPLICA_SET)
					? "single-node replica set (" + EmbeddedMongoSettings.REPLICA_SET_NAME + ")" : "standalone server";
		}

		private static EmbeddedMongoCluster start(ConnectMongoProperties.Embedded embedded) {
			String prefix = ConnectMongoProperties.PREFIX + ".embedded.";
			ConnectMongoProperties.Embedded.Topology contradicted = embedded.contradictedTopology();
			if (contradicted != null) {
				throw new InvalidMongoPropertyException(prefix + "routers", true,
						"the deprecated routers=true asks for the sharded topology, but " + prefix + "topology is "
								+ contradicted.name().toLowerCase(Locale.ROOT).replace('_', '-'),
						"Remove " + prefix + "routers and keep " + prefix + "topology, or set " + prefix
								+ "topology=sharded.");
			}
			boolean sharded = embedded.getTopology() == ConnectMongoProperties.Embedded.Topology.SHARDED;
			if (embedded.getServers() < 1 || embedded.getServers() > 1 && !sharded) {
				throw new InvalidMongoPropertyException(prefix + "servers", embedded.getServers(),
						(embedded.getServers() < 1) ? "at least one server is needed"
								: "several servers of a "
										+ embedded.getTopology().name().toLowerCase(Locale.ROOT).replace('_', '-')
										+ " topology cannot form one deployment",
						"Set " + prefix + "servers to 1 (the default), or set " + prefix
								+ "topology=sharded to run several servers as the routers of one sharded cluster.");
			}
			Duration lifetime = embedded.getTransactionLifetime();
			if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
				throw new InvalidMongoPropertyException(prefix + "transaction-lifetime", lifetime,
						"it must be positive", "Set " + prefix + "transaction-lifetime to a positive duration such as 60s"
								+ " (the default), or remove it.");
			}
			try {
				return EmbeddedMongoCluster.start(embedded.getHost(), embedded.getPort(), embedded.getServers(),
						settings(embedded));
			}
			catch (Exception ex) { // Netty throws a BindException it does not declare
				throw new InvalidMongoPropertyException(ConnectMongoProperties.PREFIX + ".embedded.port",
						embedded.getPort(), "the in-memory server could not listen on " + embedded.getHost() + ":"
								+ embedded.getPort() + " (" + ex + ")",
						"Choose a free port between 1 and 65535, or 0 for any free port, and check "
								+ ConnectMongoProperties.PREFIX + ".embedded.host.");
			}
		}

		@Bean
		EmbeddedMongoConnectionDetails mongoConnectionDetails(EmbeddedMongoCluster cluster,
				MongoProperties mongoProperties) {
			String uri = mongoProperties.getUri();
			// Parsed even though it is ignored: a bad URI fails startup, embedded or not.
			ConnectionString ignored = (uri != null) ? MongoConnectionStrings.parse(uri) : null;
			return new EmbeddedMongoConnectionDetails(cluster, MongoConnectionStrings.databaseName(mongoProperties, ignored));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(ServerMissingCondition.class)
	@ConditionalOnMissingBean(MongoConnectionDetails.class)
	static class MissingServerConfiguration {

		@Bean
		MongoConnectionDetails mongoConnectionDetails() {
			throw new InvalidMongoPropertyException(ConnectMongoProperties.PREFIX + ".embedded.enabled", true,
					"the in-memory server, " + ARTIFACT + ", is not on the class path",
					"Add the dependency " + ARTIFACT + " (runtime or test scope), "
							+ "or set connect.mongodb.embedded.enabled=false and point spring.mongodb.uri at a server.");
		}

	}

	/**
	 * Matches when our server or the mongo-java-server it builds on is missing.
	 */
	static final class ServerMissingCondition extends AnyNestedCondition {

		ServerMissingCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnMissingClass(SERVER_CLASS)
		static final class NoServer {

		}

		@ConditionalOnMissingClass(MONGO_JAVA_SERVER_CLASS)
		static final class NoMongoJavaServer {

		}

	}

}
