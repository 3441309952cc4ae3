package io.connectplatform.mongodb.balancing;

import java.util.List;

/**
 * Told what balancing does, for meters and the like. Implementations must be cheap and
 * thread-safe: {@link #serverSelected} runs on every server selection.
 *
 * @author Connect MongoDB team
 */
public interface BalancingObserver {

	/**
	 * An observer that does nothing.
	 */
	BalancingObserver NONE = new BalancingObserver() {
	};

	/**
	 * Called once when statistics for a server are first kept.
	 * @param server the server's statistics
	 */
	default void serverAdded(ServerStatistics server) {
	}

	/**
	 * Called when the selector has chosen a server for an operation.
	 * @param server the chosen server's statistics
	 * @param strategy the strategy that chose it
	 */
	default void serverSelected(ServerStatistics server, BalancingStrategy strategy) {
	}

	/**
	 * Return an observer that tells every one of the given observers, in order.
	 * @param observers the observers
	 * @return a single observer
	 */
	static BalancingObserver of(List<? extends BalancingObserver> observers) {
		if (observers.isEmpty()) {
			return NONE;
		}
		if (observers.size() == 1) {
			return observers.get(0);
		}
		List<BalancingObserver> all = List.copyOf(observers);
		return new BalancingObserver() {

			@Override
			public void serverAdded(ServerStatistics server) {
				all.forEach((observer) -> observer.serverAdded(server));
			}

			@Override
			public void serverSelected(ServerStatistics server, BalancingStrategy strategy) {
				for (BalancingObserver observer : all) {
					observer.serverSelected(server, strategy);
				}
			}

		};
	}

}
