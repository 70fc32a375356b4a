package at.ozeanlicht.support.core.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task on several threads released at the same moment, as several nodes would run it
 * (concurrent webhook deliveries, ticks on many nodes). Waits with a deadline, never sleeps.
 */
public final class Race {
  private Race() {}

  /** A task that knows which of the racing threads runs it. */
  @FunctionalInterface
  public interface Task<T> {
    /** Runs the task as thread {@code index} (0-based). */
    T call(int index) throws Exception;
  }

  /**
   * Runs {@code task} on {@code threads} threads that start together and returns their results
   * in thread order; a task's exception fails the race.
   */
  public static <T> List<T> run(int threads, Task<T> task) throws Exception {
    return run(threads, Duration.ofSeconds(120), task);
  }

  /** Like {@link #run(int, Task)}, waiting up to {@code deadline} for each thread (long runs). */
  public static <T> List<T> run(int threads, Duration deadline, Task<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CyclicBarrier start = new CyclicBarrier(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          start.await(30, TimeUnit.SECONDS);
          return task.call(index);
        }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(deadline.toMillis(), TimeUnit.MILLISECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
  }
}
