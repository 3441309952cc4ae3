package io.connectplatform.mongodb.autoconfigure.balancing;

import java.util.Map;

import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;
import io.connectplatform.mongodb.balancing.BalancingSettings;
import io.connectplatform.mongodb.balancing.BalancingStrategy;

import org.springframework.util.StringUtils;

/**
 * Checks {@link ConnectMongoBalancingProperties} and turns them into
 * {@link BalancingSettings}; a value that cannot work stops startup with an
 * {@link InvalidMongoPropertyException} naming the property.
 *
 * @author Connect MongoDB team
 */
final class BalancingPropertiesMapper {

	private static final String PREFIX = ConnectMongoBalancingProperties.PREFIX + ".";

	private BalancingPropertiesMapper() {
	}

	static BalancingSettings settings(ConnectMongoBalancingProperties properties) {
		properties.getWeights().forEach((server, weight) -> {
			checkServer("weights", server, weight);
			if (weight == null || weight < 0) {
				throw new InvalidMongoPropertyException(PREFIX + "weights[" + server + "]", weight,
						"a weight must be 0 or more",
						"Give " + server + " a weight such as 1 (the default) or 3; 0 uses it only when no other "
								+ "server is available.");
			}
		});
		properties.getZones().forEach((server, zone) -> checkServer("zones", server, zone));
		if (properties.getDefaultWeight() < 0) {
			throw new InvalidMongoPropertyException(PREFIX + "default-weight", properties.getDefaultWeight(),
					"a weight must be 0 or more", "Set " + PREFIX + "default-weight to 1 (the default) or more.");
		}
		if (properties.getStrategy() == BalancingStrategy.ZONE && !StringUtils.hasText(properties.getLocalZone())) {
			throw new InvalidMongoPropertyException(PREFIX + "local-zone", properties.getLocalZone(),
					"the zone strategy needs the zone the application runs in",
					"Set " + PREFIX + "local-zone (for example eu-west-1a), or choose another " + PREFIX + "strategy.");
		}
		double share = properties.getResponseTimeShare();
		if (!(share >= 0 && share < 1)) {
			throw new InvalidMongoPropertyException(PREFIX + "response-time-share", share,
					"it must be at least 0 and less than 1",
					"Set " + PREFIX + "response-time-share to a share such as 0.05 (the default), or 0 to always "
							+ "use the fastest server.");
		}
		if (!StringUtils.hasText(properties.getZoneTag())) {
			throw new InvalidMongoPropertyException(PREFIX + "zone-tag", properties.getZoneTag(),
					"it must not be empty", "Set " + PREFIX + "zone-tag to a member tag name such as 'zone'.");
		}
		return BalancingSettings.builder()
			.strategy(properties.getStrategy())
			.whenAllOpen(properties.getWhenAllOpen())
			.weights(Map.copyOf(properties.getWeights()))
			.defaultWeight(properties.getDefaultWeight())
			.localZone(StringUtils.hasText(properties.getLocalZone()) ? properties.getLocalZone() : null)
			.zones(Map.copyOf(properties.getZones()))
			.zoneTag(properties.getZoneTag())
			.responseTimeShare(share)
			.build();
	}

	/**
	 * Check that a key names a server as {@code host:port}: without brackets, Boot drops the
	 * colon of a map key, and the key would silently match no server.
	 */
	private static void checkServer(String property, String server, Object value) {
		int colon = server.lastIndexOf(':');
		boolean valid = colon > 0 && colon < server.length() - 1;
		if (valid) {
			try {
				int port = Integer.parseInt(server.substring(colon + 1));
				valid = port > 0 && port <= 65535;
			}
			catch (NumberFormatException ex) {
				valid = false;
			}
		}
		if (!valid) {
			throw new InvalidMongoPropertyException(PREFIX + property + "[" + server + "]", value,
					"the key must name a server as host:port",
					"Write the key as \"[host:port]\", for example " + PREFIX + property
							+ ".[mongos-a:27017]; in YAML quote it: \"[mongos-a:27017]\". Without brackets the colon "
							+ "is dropped.");
		}
	}

}
