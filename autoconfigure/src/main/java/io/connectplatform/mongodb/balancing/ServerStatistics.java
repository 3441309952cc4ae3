package io.connectplatform.mongodb.balancing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.ServerAddress;
import com.mongodb.connection.ServerDescription;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

/**
 * What one server has done lately, from the driver's events: operations in flight, an
 * exponentially weighted latency and error rate, requests per second, and the server's
 * circuit breaker, which every outcome is recorded on. Updates are lock-free.
 *
 * @author Connect MongoDB team
 */
public final class ServerStatistics {

	/**
	 * Weight of the newest sample in the weighted latency and error rate.
	 */
	static final double DECAY = 0.2;

	private static final long OPEN_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final ServerAddress address;

	private final String name;

	private final CircuitBreaker circuitBreaker;

	private final int weight;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicLong latencyNanos = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));

	private final AtomicLong errorRate = new AtomicLong(Double.doubleToRawLongBits(0.0));

	private final RequestRate requests = new RequestRate();

	private final AtomicInteger trials = new AtomicInteger();

	private final AtomicLong nextOpenCheckNanos = new AtomicLong();

	private volatile @Nullable ServerDescription description;

	/**
	 * Current value of the smooth weighted round-robin; guarded by the weighted strategy.
	 */
	long weightedCurrent;

	/**
	 * Create statistics for one server.
	 * @param address the server's address
	 * @param circuitBreaker the server's circuit breaker
	 * @param weight the server's weight for the weighted strategy
	 */
	public ServerStatistics(ServerAddress address, CircuitBreaker circuitBreaker, int weight) {
		this.address = address;
		this.name = name(address);
		this.circuitBreaker = circuitBreaker;
		this.weight = weight;
	}

	/**
	 * Return the {@code host:port} name of a server address.
	 * @param address the address
	 * @return the name
	 */
	public static String name(ServerAddress address) {
		return address.getHost() + ":" + address.getPort();
	}

	/**
	 * Return the server's address.
	 * @return the address
	 */
	public ServerAddress getAddress() {
		return this.address;
	}

	/**
	 * Return the server's name.
	 * @return {@code host:port}
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the server's circuit breaker.
	 * @return the circuit breaker, named {@code mongodb:<host:port>}
	 */
	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * Return the state of the server's circuit breaker.
	 * @return the state
	 */
	public CircuitBreaker.State getState() {
		return this.circuitBreaker.getState();
	}

	/**
	 * Return the server's weight for the weighted strategy.
	 * @return the weight, {@code 0} or more
	 */
	public int getWeight() {
		return this.weight;
	}

	/**
	 * Return the number of commands sent to the server and not answered yet.
	 * @return the commands in flight
	 */
	public int getInFlight() {
		return this.inFlight.get();
	}

	/**
	 * Return the exponentially weighted latency of the server's commands.
	 * @return the latency in milliseconds, or {@code NaN} before the first answer
	 */
	public double getWeightedLatencyMillis() {
		return getWeightedLatencyNanos() / TimeUnit.MILLISECONDS.toNanos(1);
	}

	double getWeightedLatencyNanos() {
		return Double.longBitsToDouble(this.latencyNanos.get());
	}

	/**
	 * Return the exponentially weighted share of the server's commands that failed because
	 * the server was unwell.
	 * @return the error rate, between {@code 0} and {@code 1}
	 */
	public double getErrorRate() {
		return Double.longBitsToDouble(this.errorRate.get());
	}

	/**
	 * Return the average number of commands started per second over the last few seconds.
	 * @return requests per second
	 */
	public double getRequestsPerSecond() {
		return this.requests.perSecond(System.nanoTime());
	}

	/**
	 * Return the server's description as the driver last reported it.
	 * @return the description, or {@code null} when the driver has not reported one yet
	 */
	public @Nullable ServerDescription getDescription() {
		return this.description;
	}

	void setDescription(ServerDescription description) {
		this.description = description;
	}

	void commandStarted(long nowNanos) {
		this.inFlight.incrementAndGet();
		this.requests.mark(nowNanos);
	}

	/**
	 * Record a command the server answered.
	 * @param elapsedNanos how long the command took
	 * @param timed whether the duration says something about the server (not for
	 * {@code getMore}s that wait for data)
	 */
	void commandSucceeded(long elapsedNanos, boolean timed) {
		this.inFlight.decrementAndGet();
		succeeded(elapsedNanos, timed);
	}

	/**
	 * Record a command that failed.
	 * @param elapsedNanos how long the command took
	 * @param failure the error
	 * @param timed whether the duration says something about the server
	 */
	void commandFailed(long elapsedNanos, Throwable failure, boolean timed) {
		this.inFlight.decrementAndGet();
		if (ServerFailures.isServerFailure(failure)) {
			failed(elapsedNanos, failure, timed);
		}
		else {
			succeeded(elapsedNanos, timed);
		}
	}

	/**
	 * Record a connection the pool could not open to the server.
	 * @param elapsedNanos how long the attempt took
	 * @param failure a description of the failure
	 */
	void connectionFailed(long elapsedNanos, Throwable failure) {
		failed(elapsedNanos, failure, false);
	}

	private void succeeded(long elapsedNanos, boolean timed) {
		if (timed) {
			average(this.latencyNanos, elapsedNanos);
		}
		average(this.errorRate, 0.0);
		this.circuitBreaker.onSuccess(timed ? elapsedNanos : 0, TimeUnit.NANOSECONDS);
	}

	private void failed(long elapsedNanos, Throwable failure, boolean timed) {
		if (timed) {
			average(this.latencyNanos, elapsedNanos);
		}
		average(this.errorRate, 1.0);
		this.circuitBreaker.onError(timed ? elapsedNanos : 0, TimeUnit.NANOSECONDS, failure);
	}

	private static void average(AtomicLong average, double sample) {
		long bits = average.get();
		while (true) {
			double current = Double.longBitsToDouble(bits);
			double next = Double.isNaN(current) ? sample : current + DECAY * (sample - current);
			long witness = average.compareAndExchange(bits, Double.doubleToRawLongBits(next));
			if (witness == bits) {
				return;
			}
			bits = witness;
		}
	}

	/**
	 * Try to route one trial call to this half-open server: succeeds while fewer trials
	 * than the breaker permits in the half-open state have been routed since it became
	 * half-open, and then takes one of the breaker's permits.
	 * @return whether the caller must route the operation to this server
	 */
	boolean tryStartTrial() {
		int permitted = this.circuitBreaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState();
		int started = this.trials.get();
		while (started < permitted) {
			int witness = this.trials.compareAndExchange(started, started + 1);
			if (witness == started) {
				return this.circuitBreaker.tryAcquirePermission();
			}
			started = witness;
		}
		return false;
	}

	/**
	 * Try to move this open server to half-open once its wait in the open state should be
	 * over, asking the breaker at most every 100ms so that its count of calls not
	 * permitted stays meaningful.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return whether the breaker is now half-open and the caller holds a trial permit
	 */
	boolean tryLeaveOpen(long nowNanos) {
		long next = this.nextOpenCheckNanos.get();
		if (nowNanos - next < 0
				|| !this.nextOpenCheckNanos.compareAndSet(next, nowNanos + OPEN_RECHECK_NANOS)) {
			return false;
		}
		if (!this.circuitBreaker.tryAcquirePermission()) {
			return false;
		}
		this.trials.incrementAndGet();
		return true;
	}

	/**
	 * Note a transition of the breaker: trials start again from zero in the half-open
	 * state, and an open breaker is not asked before its wait should be over.
	 * @param to the new state
	 * @param nowNanos the current {@link System#nanoTime()}
	 */
	void transitioned(CircuitBreaker.State to, long nowNanos) {
		if (to == CircuitBreaker.State.HALF_OPEN) {
			this.trials.set(0);
		}
		else if (to == CircuitBreaker.State.OPEN) {
			long waitMillis = this.circuitBreaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
			this.nextOpenCheckNanos.set(nowNanos + TimeUnit.MILLISECONDS.toNanos(waitMillis));
		}
	}

	@Override
	public String toString() {
		return "ServerStatistics(" + this.name + ", " + getState() + ", in flight: " + getInFlight() + ")";
	}

}
