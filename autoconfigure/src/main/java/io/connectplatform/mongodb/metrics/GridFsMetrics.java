package io.connectplatform.mongodb.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.connectplatform.mongodb.gridfs.GridFsObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;

/**
 * Counts the bytes GridFS moves in {@value #BYTES_METER_NAME} (tags {@code bucket},
 * {@code direction}) and times its operations in {@value #OPERATIONS_METER_NAME} (tags
 * {@code bucket}, {@code operation}, {@code outcome}). Download bytes are counted as they are
 * read, so a download abandoned halfway counts half the file.
 *
 * @author Connect MongoDB team
 */
public final class GridFsMetrics implements GridFsObserver {

	/**
	 * The name of the counter of bytes.
	 */
	public static final String BYTES_METER_NAME = "connect.mongodb.gridfs.bytes";

	/**
	 * The name of the timer of operations.
	 */
	public static final String OPERATIONS_METER_NAME = "connect.mongodb.gridfs.operations";

	private final MeterRegistry registry;

	private final Map<BytesKey, Counter> counters = new ConcurrentHashMap<>();

	private final Map<OperationKey, Timer> timers = new ConcurrentHashMap<>();

	/**
	 * Create the meters in a registry, as they are first needed.
	 * @param registry the meter registry
	 */
	public GridFsMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void bytesTransferred(String bucket, TransferDirection direction, long bytes) {
		this.counters.computeIfAbsent(new BytesKey(bucket, direction), this::counter).increment(bytes);
	}

	@Override
	public void operationCompleted(String bucket, FileOperation operation, Outcome outcome, long durationNanos) {
		this.timers.computeIfAbsent(new OperationKey(bucket, operation, outcome), this::timer)
			.record(durationNanos, TimeUnit.NANOSECONDS);
	}

	private Counter counter(BytesKey key) {
		return Counter.builder(BYTES_METER_NAME)
			.description("Bytes uploaded to and downloaded from GridFS")
			.baseUnit(BaseUnits.BYTES)
			.tag("bucket", key.bucket())
			.tag("direction", key.direction().tagValue())
			.register(this.registry);
	}

	private Timer timer(OperationKey key) {
		return Timer.builder(OPERATIONS_METER_NAME)
			.description("GridFS operations; uploads and downloads from opening to closing their stream")
			.tag("bucket", key.bucket())
			.tag("operation", key.operation().tagValue())
			.tag("outcome", key.outcome().tagValue())
			.register(this.registry);
	}

	private record BytesKey(String bucket, TransferDirection direction) {
	}

	private record OperationKey(String bucket, FileOperation operation, Outcome outcome) {
	}

}
