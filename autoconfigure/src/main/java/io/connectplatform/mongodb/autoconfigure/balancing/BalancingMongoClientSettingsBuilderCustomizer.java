package io.connectplatform.mongodb.autoconfigure.balancing;

import com.mongodb.MongoClientSettings;
import io.connectplatform.mongodb.balancing.CircuitBreakingServerSelector;
import io.connectplatform.mongodb.balancing.ServerStatisticsRegistry;

import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.core.Ordered;

/**
 * Plugs balancing into Boot's client: the statistics registry listens to commands, pools
 * and the cluster, and the circuit-breaking selector becomes the cluster's server
 * selector (replacing any set before).
 *
 * @author Connect MongoDB team
 */
public final class BalancingMongoClientSettingsBuilderCustomizer implements MongoClientSettingsBuilderCustomizer, Ordered {

	/**
	 * The order: after Boot's standard customizer and Connect MongoDB's settings.
	 */
	public static final int ORDER = 200;

	private final ServerStatisticsRegistry registry;

	private final CircuitBreakingServerSelector selector;

	/**
	 * Create a new customizer.
	 * @param registry the statistics registry to register as a listener
	 * @param selector the selector to set
	 */
	public BalancingMongoClientSettingsBuilderCustomizer(ServerStatisticsRegistry registry,
			CircuitBreakingServerSelector selector) {
		this.registry = registry;
		this.selector = selector;
	}

	@Override
	public void customize(MongoClientSettings.Builder builder) {
		builder.addCommandListener(this.registry);
		builder.applyToConnectionPoolSettings((pool) -> pool.addConnectionPoolListener(this.registry));
		builder.applyToClusterSettings(
				(cluster) -> cluster.serverSelector(this.selector).addClusterListener(this.registry));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
