package io.connectplatform.mongodb.autoconfigure;

import java.util.stream.Collectors;

import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerDescription;
import com.mongodb.event.ClusterDescriptionChangedEvent;
import com.mongodb.event.ClusterListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs, at INFO, the cluster's topology once the driver knows it, and again whenever the
 * cluster type changes: the type and each server's address and type.
 *
 * @author Connect MongoDB team
 */
final class MongoTopologyLogger implements ClusterListener {

	private static final Log logger = LogFactory.getLog(MongoTopologyLogger.class);

	private volatile ClusterType lastLogged = ClusterType.UNKNOWN;

	@Override
	public void clusterDescriptionChanged(ClusterDescriptionChangedEvent event) {
		ClusterDescription description = event.getNewDescription();
		ClusterType type = description.getType();
		if (type != ClusterType.UNKNOWN && type != this.lastLogged) {
			this.lastLogged = type;
			logger.info("MongoDB cluster topology: " + describe(description));
		}
	}

	/**
	 * Describe a cluster in one line, without credentials.
	 * @param description the cluster description
	 * @return a line such as {@code REPLICA_SET [db1:27017 REPLICA_SET_PRIMARY, ...]}
	 */
	public static String describe(ClusterDescription description) {
		return description.getType() + " " + description.getServerDescriptions()
			.stream()
			.map(MongoTopologyLogger::describe)
			.collect(Collectors.joining(", ", "[", "]"));
	}

	private static String describe(ServerDescription server) {
		return server.getAddress() + " " + server.getType();
	}

}
