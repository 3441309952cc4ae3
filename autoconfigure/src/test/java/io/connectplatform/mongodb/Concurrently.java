package io.connectplatform.mongodb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the same work on several threads released together, for tests of what concurrent
 * clients do; every wait is bounded.
 *
 * @author Connect MongoDB team
 */
public final class Concurrently {

	private Concurrently() {
	}

	/**
	 * Run work on threads that start together, and wait for all of them (at most two
	 * minutes each); the first failure is rethrown.
	 * @param threads how many threads
	 * @param work what each runs
	 * @throws Exception the first failure, or a timeout
	 */
	public static void run(int threads, Runnable work) throws Exception {
		CyclicBarrier start = new CyclicBarrier(threads);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(executor.submit(() -> {
					start.await(30, TimeUnit.SECONDS);
					work.run();
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

}
