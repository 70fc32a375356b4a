package at.ozeanlicht.support.core.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Group commit: work items submitted by many threads at once run several to a transaction, so
 * that they share its begin, its end-of-transaction statements (events, audit) and its commit
 * (one WAL flush). Whoever submits waits; a submitter finding fewer than {@code runners} batches
 * running takes up to {@code maxBatch} queued items, its own or others', and runs them. With one
 * submitter at a time every batch has one item, so the latency of a lone request does not change.
 *
 * <p>A batch holds at most one item per {@code key} (for received messages: the sender), in key
 * order. Items of one key therefore never share a transaction and keep their arrival order, and
 * two batches running at once take the per-key locks in the same order, so they cannot deadlock on
 * them. An item whose key a running batch holds stays queued until that batch ends, rather than
 * starting a batch that would only wait for the lock (and hold its other keys meanwhile). If a
 * batch fails for any reason (a duplicate raced in, a deadlock on some other lock, a
 * bad item), its transaction is rolled back and each of its items runs again alone, so one item's
 * failure is reported to its submitter only and never loses another's.
 *
 * <p>Thread-safe. Submitters are not interruptible while waiting (their item may already be in a
 * running transaction); an interrupt is kept and re-asserted on return.
 *
 * @param <I> the work item
 * @param <R> its result
 */
final class GroupCommit<I, R> {
  /** Runs items in one transaction, returning their results in order, or throws for all. */
  interface Batch<I, R> {
    List<R> runAll(List<I> items);
  }

  private final int runners;
  private final int maxBatch;
  private final Function<I, String> key;
  private final Batch<I, R> batch;
  private final Function<I, R> alone;
  private final ArrayDeque<Pending<I, R>> queue = new ArrayDeque<>();
  /** Set while this thread runs a transaction of this instance (see {@link #submit}). */
  private final ThreadLocal<Boolean> runningHere = new ThreadLocal<>();
  private int running;
  /** The keys of the batches running now. */
  private final Set<String> runningKeys = new HashSet<>();

  /**
   * @param runners batches that may run at once (at most the connections to use), at least 1
   * @param maxBatch most items in one batch, at least 1
   * @param key the item's lock key: one item per key in a batch, batches in key order
   * @param batch runs several items in one transaction
   * @param alone runs one item in its own transaction (also after a failed batch)
   */
  GroupCommit(int runners, int maxBatch, Function<I, String> key, Batch<I, R> batch,
      Function<I, R> alone) {
    if (runners < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("runners and maxBatch: must be at least 1, were "
          + runners + " and " + maxBatch);
    }
    this.runners = runners;
    this.maxBatch = maxBatch;
    this.key = Objects.requireNonNull(key, "key");
    this.batch = Objects.requireNonNull(batch, "batch");
    this.alone = Objects.requireNonNull(alone, "alone");
  }

  /** Runs {@code item} (perhaps with others) and returns its result or throws its exception. */
  R submit(I item) {
    if (runningHere.get() != null) {
      // Submitted from inside a running transaction's work (e.g. an event listener after its
      // commit): waiting for a runner here could wait for this very thread.
      return alone.apply(item);
    }
    Pending<I, R> mine = new Pending<>(item, key.apply(item));
    boolean interrupted = false;
    try {
      synchronized (this) {
        queue.add(mine);
      }
      while (true) {
        List<Pending<I, R>> taken;
        synchronized (this) {
          while (true) {
            if (mine.done) {
              return mine.result();
            }
            taken = running < runners ? take() : List.of();
            if (!taken.isEmpty()) {
              break;
            }
            try {
              wait();
            } catch (InterruptedException e) {
              interrupted = true;
            }
          }
          running++;
        }
        runningHere.set(Boolean.TRUE);
        try {
          execute(taken);
        } finally {
          runningHere.remove();
          for (Pending<I, R> p : taken) { // whatever went wrong, no submitter waits forever
            if (!p.done) {
              p.fail(new IllegalStateException("group commit: the item was not run"));
            }
          }
          synchronized (this) {
            running--;
            for (Pending<I, R> p : taken) {
              runningKeys.remove(p.key);
            }
            notifyAll();
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Items waiting for a transaction (for tests). */
  synchronized int queued() {
    return queue.size();
  }

  /**
   * Up to maxBatch queued items with distinct keys that no running batch holds, oldest first,
   * then sorted by key; their keys are then running.
   */
  private List<Pending<I, R>> take() {
    List<Pending<I, R>> out = new ArrayList<>();
    for (Iterator<Pending<I, R>> it = queue.iterator(); it.hasNext() && out.size() < maxBatch; ) {
      Pending<I, R> p = it.next();
      if (runningKeys.add(p.key)) {
        out.add(p);
        it.remove();
      }
    }
    out.sort(Comparator.comparing(p -> p.key));
    return out;
  }

  private void execute(List<Pending<I, R>> taken) {
    if (taken.size() > 1) {
      List<R> results = null;
      try {
        results = batch.runAll(taken.stream().map(p -> p.item).toList());
      } catch (RuntimeException | Error e) {
        // Rolled back as a whole: each item again on its own, below.
      }
      if (results != null) {
        if (results.size() != taken.size()) {
          IllegalStateException e = new IllegalStateException("group commit: batch returned "
              + results.size() + " results for " + taken.size() + " items");
          taken.forEach(p -> p.fail(e));
          return;
        }
        for (int i = 0; i < taken.size(); i++) {
          taken.get(i).succeed(results.get(i));
        }
        return;
      }
    }
    for (Pending<I, R> p : taken) {
      try {
        p.succeed(alone.apply(p.item));
      } catch (RuntimeException | Error e) {
        p.fail(e);
      }
    }
  }

  private static final class Pending<I, R> {
    final I item;
    final String key;
    // Written by the running thread before it takes the monitor to notify; read under it.
    @Nullable R value;
    @Nullable Throwable failure;
    volatile boolean done;

    Pending(I item, String key) {
      this.item = item;
      this.key = key;
    }

    void succeed(R r) {
      value = r;
      done = true;
    }

    void fail(Throwable t) {
      failure = t;
      done = true;
    }

    R result() {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      return value;
    }
  }
}
