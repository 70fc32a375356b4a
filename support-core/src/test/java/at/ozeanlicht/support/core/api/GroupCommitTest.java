package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupCommit} without a database: a "transaction" here is a call of the batch or the
 * alone function, recorded. The first submitter is held inside its transaction (a latch) until the
 * others have queued behind it, so what the next runner takes is deterministic; no sleeps.
 */
class GroupCommitTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
  private final List<String> alone = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Items are "key/name"; "hold" blocks in its transaction until released; "bad" fails. */
  private GroupCommit<String, String> commit(int runners, int maxBatch) {
    return new GroupCommit<>(runners, maxBatch, item -> item.substring(0, item.indexOf('/')),
        items -> {
          batches.add(List.copyOf(items));
          if (items.stream().anyMatch(i -> i.endsWith("bad"))) {
            throw new IllegalStateException("batch rolled back");
          }
          return items.stream().map(i -> "ok:" + i).toList();
        },
        item -> {
          alone.add(item);
          if (item.endsWith("hold")) {
            await(release);
          }
          if (item.endsWith("bad")) {
            throw new IllegalArgumentException("bad item " + item);
          }
          return "alone:" + item;
        });
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).as("released").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Submits the first item and waits until it is inside its (held) transaction. */
  private Future<String> holdFirst(GroupCommit<String, String> gc) {
    Future<String> first = pool.submit(() -> gc.submit("a/hold"));
    while (!alone.contains("a/hold")) {
      Thread.onSpinWait();
    }
    return first;
  }

  /** Submits items and waits until all are queued behind the held transaction. */
  private List<Future<String>> queue(GroupCommit<String, String> gc, String... items) {
    List<Future<String>> out = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (String i : items) { // one at a time, so that the queue has them in this order
      int before = gc.queued();
      out.add(pool.submit(() -> gc.submit(i)));
      while (gc.queued() == before) {
        assertThat(System.nanoTime()).as("queued in time").isLessThan(deadline);
        Thread.onSpinWait();
      }
    }
    return out;
  }

  @Test
  void submit_alone_runsItInItsOwnTransaction() {
    GroupCommit<String, String> gc = commit(2, 16);
    assertThat(gc.submit("a/1")).isEqualTo("alone:a/1");
    assertThat(gc.submit("b/2")).isEqualTo("alone:b/2");
    assertThat(batches).isEmpty();
  }

  @Test
  void submit_whileARunnerIsBusy_queuedItemsShareOneTransaction_oneItemPerKey_inKeyOrder()
      throws Exception {
    GroupCommit<String, String> gc = commit(1, 16);
    Future<String> first = holdFirst(gc);
    List<Future<String>> rest = queue(gc, "c/1", "b/1", "c/2", "d/1");
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("alone:a/hold");
    List<String> results = new ArrayList<>();
    for (Future<String> f : rest) {
      results.add(f.get(30, TimeUnit.SECONDS));
    }
    // c/2 waits for the next transaction: never two items of one key in a batch.
    assertThat(batches).containsExactly(List.of("b/1", "c/1", "d/1"));
    assertThat(results).containsExactly("ok:c/1", "ok:b/1", "alone:c/2", "ok:d/1");
  }

  @Test
  void submit_itemWhoseKeyARunningBatchHolds_waitsQueued_whileAnotherRunnerRunsOthers()
      throws Exception {
    GroupCommit<String, String> gc = commit(2, 16);
    Future<String> first = holdFirst(gc); // holds key a
    Future<String> sameKey = queue(gc, "a/2").get(0);
    // The free runner does not start a/2 (it would only wait for a's lock): b/1 runs meanwhile.
    assertThat(pool.submit(() -> gc.submit("b/1")).get(30, TimeUnit.SECONDS)).isEqualTo("alone:b/1");
    assertThat(sameKey.isDone()).isFalse();
    assertThat(gc.queued()).isOne();
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("alone:a/hold");
    assertThat(sameKey.get(30, TimeUnit.SECONDS)).isEqualTo("alone:a/2");
    assertThat(alone).containsExactly("a/hold", "b/1", "a/2");
  }

  @Test
  void submit_batchFails_eachItemRunsAlone_onlyTheBadOneFails() throws Exception {
    GroupCommit<String, String> gc = commit(1, 16);
    Future<String> first = holdFirst(gc);
    List<Future<String>> rest = queue(gc, "b/1", "c/bad", "d/1");
    release.countDown();
    first.get(30, TimeUnit.SECONDS);
    assertThat(rest.get(0).get(30, TimeUnit.SECONDS)).isEqualTo("alone:b/1");
    assertThat(rest.get(2).get(30, TimeUnit.SECONDS)).isEqualTo("alone:d/1");
    assertThatThrownBy(() -> rest.get(1).get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad item c/bad");
    assertThat(batches).containsExactly(List.of("b/1", "c/bad", "d/1"));
    assertThat(alone).containsExactly("a/hold", "b/1", "c/bad", "d/1");
  }

  @Test
  void submit_batchesAreCappedAtMaxBatch() throws Exception {
    GroupCommit<String, String> gc = commit(1, 2);
    Future<String> first = holdFirst(gc);
    List<Future<String>> rest = queue(gc, "b/1", "c/1", "d/1", "e/1", "f/1");
    release.countDown();
    first.get(30, TimeUnit.SECONDS);
    for (Future<String> f : rest) {
      f.get(30, TimeUnit.SECONDS);
    }
    assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(2));
    assertThat(batches.stream().mapToInt(List::size).sum() + alone.size() - 1).isEqualTo(5);
  }

  @Test
  void submit_manyThreads_everyItemOnce_neverMoreRunnersThanAllowed() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<String, String> gc = new GroupCommit<>(2, 8,
        item -> item.substring(0, item.indexOf('/')),
        items -> {
          most.accumulateAndGet(inside.incrementAndGet(), Math::max);
          seen.addAll(items);
          inside.decrementAndGet();
          return items.stream().map(i -> "ok:" + i).toList();
        },
        item -> {
          most.accumulateAndGet(inside.incrementAndGet(), Math::max);
          seen.add(item);
          inside.decrementAndGet();
          return "alone:" + item;
        });
    List<Future<String>> futures = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String item = "k" + (i % 37) + "/" + i;
      futures.add(pool.submit(() -> gc.submit(item)));
    }
    for (int i = 0; i < futures.size(); i++) {
      assertThat(futures.get(i).get(60, TimeUnit.SECONDS)).endsWith("k" + (i % 37) + "/" + i);
    }
    assertThat(seen).hasSize(2000).doesNotHaveDuplicates();
    assertThat(most.get()).isLessThanOrEqualTo(2);
    assertThat(gc.queued()).isZero();
  }

  @Test
  void submit_fromInsideARunningTransaction_runsAloneInsteadOfWaitingForItself() throws Exception {
    List<GroupCommit<String, String>> self = new ArrayList<>();
    GroupCommit<String, String> gc = new GroupCommit<>(1, 16, item -> item,
        items -> items.stream().map(i -> "ok:" + i).toList(),
        item -> item.equals("outer") ? "alone:outer+" + self.get(0).submit("inner") : "alone:" + item);
    self.add(gc);
    Future<String> f = pool.submit(() -> gc.submit("outer"));
    assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("alone:outer+alone:inner");
  }

  @Test
  void submit_batchReturnsTheWrongNumberOfResults_everySubmitterGetsAnError() throws Exception {
    GroupCommit<String, String> gc = new GroupCommit<>(1, 16,
        item -> item.substring(0, item.indexOf('/')),
        items -> List.of("only one"),
        item -> {
          alone.add(item);
          if (item.endsWith("hold")) {
            await(release);
          }
          return "alone:" + item;
        });
    Future<String> first = holdFirst(gc);
    List<Future<String>> rest = queue(gc, "b/1", "c/1");
    release.countDown();
    first.get(30, TimeUnit.SECONDS);
    for (Future<String> f : rest) {
      assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("1 results for 2 items");
    }
  }

  @Test
  void constructor_rejectsNoRunnersOrEmptyBatches() {
    assertThatThrownBy(() -> new GroupCommit<String, String>(0, 1, s -> s, l -> l, s -> s))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runners");
    assertThatThrownBy(() -> new GroupCommit<String, String>(1, 0, s -> s, l -> l, s -> s))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBatch");
  }
}
