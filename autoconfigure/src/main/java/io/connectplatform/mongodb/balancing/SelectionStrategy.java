package io.connectplatform.mongodb.balancing;

import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.connection.ServerDescription;

/**
 * Chooses one of the servers whose breaker lets work through. Implementations run on
 * every selection: no locks held long, no allocation.
 *
 * @author Connect MongoDB team
 */
abstract class SelectionStrategy {

	private final AtomicLong turn = new AtomicLong();

	/**
	 * Choose a server.
	 * @param servers the candidates' descriptions, in the first {@code count} slots
	 * @param statistics the candidates' statistics, in the same order
	 * @param count the number of candidates, at least 2
	 * @return the index of the chosen candidate
	 */
	abstract int choose(ServerDescription[] servers, ServerStatistics[] statistics, int count);

	/**
	 * Return the next turn, for choices in turn and tie breaking.
	 * @return a number that grows by one on every call
	 */
	final long nextTurn() {
		return this.turn.getAndIncrement();
	}

	/**
	 * Return the strategy that the given settings describe.
	 * @param settings the settings
	 * @return the strategy
	 */
	static SelectionStrategy of(BalancingSettings settings) {
		return switch (settings.getStrategy()) {
			case ROUND_ROBIN -> new RoundRobin();
			case LEAST_IN_FLIGHT -> new LeastInFlight();
			case WEIGHTED -> new Weighted();
			case RESPONSE_TIME -> new ResponseTime(settings.getResponseTimeShare());
			case ZONE -> new Zone(settings);
		};
	}

	/**
	 * Each server in turn.
	 */
	static final class RoundRobin extends SelectionStrategy {

		@Override
		int choose(ServerDescription[] servers, ServerStatistics[] statistics, int count) {
			return (int) Math.floorMod(nextTurn(), count);
		}

	}

	/**
	 * The fewest commands in flight; ties in turn.
	 */
	static final class LeastInFlight extends SelectionStrategy {

		@Override
		int choose(ServerDescription[] servers, ServerStatistics[] statistics, int count) {
			int start = (int) Math.floorMod(nextTurn(), count);
			int best = start;
			int fewest = statistics[start].getInFlight();
			for (int i = 1; i < count; i++) {
				int candidate = (start + i) % count;
				int inFlight = statistics[candidate].getInFlight();
				if (inFlight < fewest) {
					best = candidate;
					fewest = inFlight;
				}
			}
			return best;
		}

	}

	/**
	 * Smooth weighted round-robin (as nginx does it): every candidate gains its weight,
	 * the one with most is chosen and gives back the total. Servers of weight 0 are
	 * chosen in turn when all candidates weigh 0.
	 */
	static final class Weighted extends SelectionStrategy {

		private final Object monitor = new Object();

		@Override
		int choose(ServerDescription[] servers, ServerStatistics[] statistics, int count) {
			synchronized (this.monitor) {
				long total = 0;
				int best = -1;
				for (int i = 0; i < count; i++) {
					ServerStatistics candidate = statistics[i];
					int weight = candidate.getWeight();
					if (weight == 0) {
						continue;
					}
					candidate.weightedCurrent += weight;
					total += weight;
					if (best < 0 || candidate.weightedCurrent > statistics[best].weightedCurrent) {
						best = i;
					}
				}
				if (best < 0) {
					return (int) Math.floorMod(nextTurn(), count);
				}
				statistics[best].weightedCurrent -= total;
				return best;
			}
		}

	}

	/**
	 * The lowest weighted latency (a server not measured yet first, so it gets measured),
	 * except that one selection in {@code 1 / share} goes to the others in turn.
	 */
	static final class ResponseTime extends SelectionStrategy {

		private final long period;

		ResponseTime(double share) {
			this.period = (share > 0) ? Math.max(2, Math.round(1 / share)) : 0;
		}

		@Override
		int choose(ServerDescription[] servers, ServerStatistics[] statistics, int count) {
			long turn = nextTurn();
			int start = (int) Math.floorMod(turn, count);
			int best = start;
			double lowest = latency(statistics[start]);
			for (int i = 1; i < count; i++) {
				int candidate = (start + i) % count;
				double latency = latency(statistics[candidate]);
				if (latency < lowest) {
					best = candidate;
					lowest = latency;
				}
			}
			if (this.period > 0 && Math.floorMod(turn, this.period) == this.period - 1) {
				int other = (int) Math.floorMod(turn / this.period, count - 1);
				return (best + 1 + other) % count;
			}
			return best;
		}

		private static double latency(ServerStatistics statistics) {
			double latency = statistics.getWeightedLatencyNanos();
			return Double.isNaN(latency) ? -1 : latency;
		}

	}

	/**
	 * Servers of the local zone in turn; all servers in turn when none is local.
	 */
	static final class Zone extends SelectionStrategy {

		private final BalancingSettings settings;

		private final String localZone;

		Zone(BalancingSettings settings) {
			this.settings = settings;
			String zone = settings.getLocalZone();
			if (zone == null) {
				throw new IllegalArgumentException("The zone strategy needs a local zone");
			}
			this.localZone = zone;
		}

		@Override
		int choose(ServerDescription[] servers, ServerStatistics[] statistics, int count) {
			int local = 0;
			for (int i = 0; i < count; i++) {
				if (isLocal(servers[i], statistics[i])) {
					local++;
				}
			}
			long turn = nextTurn();
			if (local == 0) {
				return (int) Math.floorMod(turn, count);
			}
			int wanted = (int) Math.floorMod(turn, local);
			for (int i = 0; i < count; i++) {
				if (isLocal(servers[i], statistics[i]) && wanted-- == 0) {
					return i;
				}
			}
			throw new IllegalStateException("Unreachable");
		}

		private boolean isLocal(ServerDescription server, ServerStatistics statistics) {
			return this.localZone.equals(this.settings.zoneOf(statistics.getName(), server));
		}

	}

}
