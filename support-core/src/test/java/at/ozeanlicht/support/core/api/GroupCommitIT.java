package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.Race;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Group commit on the receive path (issue 12): deliveries that queue behind a busy transaction
 * share one, and one bad delivery in a batch costs only its own sender an error. The first
 * delivery is held inside its transaction (a latch in its raw-payload step) while the others queue
 * behind it, with one transaction allowed, so the batch is known; no sleeps.
 */
@ExtendWith(PostgresExtension.class)
class GroupCommitIT {
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);
  private SupportEngine engine;

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    if (engine != null) {
      engine.close();
    }
  }

  private SupportEngine engine(int maxMessages, int transactions) {
    engine = SupportEngine.builder()
        .store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small())
        .clock(Clock.fixed(Instant.parse("2026-11-26T09:00:00Z"), ZoneOffset.UTC))
        .groupCommit(maxMessages, transactions)
        .build();
    return engine;
  }

  private static ReceiveMessage message(String sender, String id) {
    return ReceiveMessage.text("wa", InboundContact.of(sender), id, "Hallo, Nachricht " + id);
  }

  /** The first delivery, held inside its transaction until {@link #release}. */
  private Future<ReceiveResult> holdFirst() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    Future<ReceiveResult> f = pool.submit(() -> engine.receive(message("4911", "first"), tx -> {
      inside.countDown();
      try {
        assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    assertThat(inside.await(30, TimeUnit.SECONDS)).as("first delivery in its transaction").isTrue();
    return f;
  }

  /** Delivers {@code m} and waits until it is queued behind the held transaction. */
  private Future<ReceiveResult> queued(ReceiveMessage m, Consumer<ConversationStore.Transaction> also) {
    int before = engine.receivesWaiting();
    Future<ReceiveResult> f = pool.submit(() -> engine.receive(m, also));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (engine.receivesWaiting() == before) {
      assertThat(System.nanoTime()).as("queued in time").isLessThan(deadline);
      Thread.onSpinWait();
    }
    return f;
  }

  @Test
  void receive_queuedBehindABusyTransaction_threeSendersShareOneTransaction() throws Exception {
    engine(16, 1);
    Future<ReceiveResult> first = holdFirst();
    List<Future<ReceiveResult>> rest = new ArrayList<>();
    for (String sender : List.of("4912", "4913", "4914")) {
      rest.add(queued(message(sender, "m-" + sender), tx -> { }));
    }
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(ReceiveResult.Outcome.OPENED);
    for (Future<ReceiveResult> f : rest) {
      assertThat(f.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(ReceiveResult.Outcome.OPENED);
    }
    assertThat(transactions("m-4912", "m-4913", "m-4914")).as("one transaction for the three").isEqualTo(1);
    assertThat(transactions("first", "m-4912")).isEqualTo(2);
    assertThat(count("select count(*) from outbox_events where type = 'message.created'")).isEqualTo(4);
    assertThat(count("select count(*) from audit_log where action = 'message.created'")).isEqualTo(4);
  }

  @Test
  void receive_oneBadDeliveryInABatch_onlyItsSenderGetsTheError_theOthersAreStoredOnce() throws Exception {
    engine(16, 1);
    Future<ReceiveResult> first = holdFirst();
    Future<ReceiveResult> good1 = queued(message("4912", "good-1"), tx -> { });
    Future<ReceiveResult> bad = queued(message("4913", "bad"), tx -> {
      throw new IllegalStateException("payload store failed for bad");
    });
    Future<ReceiveResult> good2 = queued(message("4914", "good-2"), tx -> { });
    release.countDown();
    first.get(30, TimeUnit.SECONDS);
    assertThat(good1.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(ReceiveResult.Outcome.OPENED);
    assertThat(good2.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(ReceiveResult.Outcome.OPENED);
    assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("payload store failed for bad");
    assertThat(count("select count(*) from messages")).isEqualTo(3);
    assertThat(count("select count(*) from messages where channel_message_id = 'bad'")).isZero();
    assertThat(count("select count(*) from conversations")).isEqualTo(3);
    assertThat(count("select count(*) from outbox_events where type = 'message.created'")).isEqualTo(3);
    // The batch was rolled back and its good deliveries ran again, each alone.
    assertThat(transactions("good-1", "good-2")).isEqualTo(2);
  }

  @Test
  void receive_sameSenderQueuedTwice_neverInOneBatch_bothInOrderInOneConversation() throws Exception {
    engine(16, 1);
    Future<ReceiveResult> first = holdFirst();
    Future<ReceiveResult> a = queued(message("4912", "a-1"), tx -> { });
    Future<ReceiveResult> b = queued(message("4912", "a-2"), tx -> { });
    Future<ReceiveResult> c = queued(message("4913", "c-1"), tx -> { });
    release.countDown();
    first.get(30, TimeUnit.SECONDS);
    assertThat(a.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(ReceiveResult.Outcome.OPENED);
    assertThat(b.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(ReceiveResult.Outcome.APPENDED);
    assertThat(b.get().conversation().id()).isEqualTo(a.get().conversation().id());
    assertThat(transactions("a-1", "c-1")).isEqualTo(1);
    assertThat(transactions("a-1", "a-2")).isEqualTo(2);
  }

  @Test
  void receive_batchOfFollowUps_writtenTogether_sameStateAsOneByOne() throws Exception {
    engine(16, 1);
    List<ReceiveResult> opened = new ArrayList<>();
    for (String sender : List.of("4912", "4913", "4914")) {
      opened.add(engine.receive(message(sender, "open-" + sender)));
    }
    Future<ReceiveResult> first = holdFirst();
    List<Future<ReceiveResult>> rest = new ArrayList<>();
    for (String sender : List.of("4912", "4913", "4914", "4915")) {
      rest.add(queued(message(sender, "next-" + sender), tx -> { }));
    }
    release.countDown();
    first.get(30, TimeUnit.SECONDS);
    for (Future<ReceiveResult> f : rest) {
      f.get(30, TimeUnit.SECONDS);
    }
    assertThat(transactions("next-4912", "next-4913", "next-4914", "next-4915"))
        .as("one transaction for the four").isEqualTo(1);
    for (int i = 0; i < 4; i++) {
      ReceiveResult r = rest.get(i).get(30, TimeUnit.SECONDS);
      assertThat(r.outcome()).isEqualTo(i < 3 ? ReceiveResult.Outcome.APPENDED : ReceiveResult.Outcome.OPENED);
      if (i < 3) {
        assertThat(r.conversation().id()).isEqualTo(opened.get(i).conversation().id());
      }
      // What the receive returned is what is stored, version included (the update was deferred).
      java.util.Optional<at.ozeanlicht.support.core.domain.Conversation> stored = SharedPostgres
          .database().conversationStore().inTransaction(tx -> tx.conversation(r.conversation().id(), false));
      assertThat(stored).contains(r.conversation());
      assertThat(count("select count(*) from conversations c join messages m on m.seq = c.last_message_seq"
          + " where m.id = '" + r.message().id() + "' and c.waiting_since is not null")).isOne();
    }
    assertThat(count("select count(*) from messages where kind = 'incoming'")).isEqualTo(8);
  }

  @Test
  void receive_fromAListenerOfAReceive_runsWithoutWaitingForItself() throws Exception {
    java.util.concurrent.atomic.AtomicReference<SupportEngine> self = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean echoed = new java.util.concurrent.atomic.AtomicBoolean();
    engine = SupportEngine.builder()
        .store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small())
        .clock(Clock.fixed(Instant.parse("2026-11-26T09:00:00Z"), ZoneOffset.UTC))
        .groupCommit(16, 1)
        .listener(e -> {
          if (e.type().equals("message.created") && echoed.compareAndSet(false, true)) {
            self.get().receive(message("4999", "from-listener"));
          }
        })
        .build();
    self.set(engine);
    Future<ReceiveResult> f = pool.submit(() -> engine.receive(message("4911", "outer")));
    assertThat(f.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(ReceiveResult.Outcome.OPENED);
    assertThat(count("select count(*) from messages")).isEqualTo(2);
  }

  @Test
  void receive_manyThreadsManySenders_everyMessageOnce_oneConversationPerSender() throws Exception {
    engine(16, 2);
    List<ReceiveResult> results = Race.run(16, i -> {
      List<ReceiveResult> mine = new ArrayList<>();
      for (int n = 0; n < 20; n++) {
        mine.add(engine.receive(message("49" + (100 + (i * 20 + n) % 40), "many-" + i + "-" + n)));
      }
      return mine;
    }).stream().flatMap(List::stream).toList();
    assertThat(results).hasSize(320);
    assertThat(results).extracting(r -> r.message().id()).doesNotHaveDuplicates();
    assertThat(count("select count(*) from messages")).isEqualTo(320);
    assertThat(count("select count(distinct conversation_id) from messages")).isEqualTo(40);
    assertThat(count("select count(*) from conversations")).isEqualTo(40);
    assertThat(count("select count(*) from outbox_events where type = 'message.created'")).isEqualTo(320);
  }

  /** In how many transactions the messages with these channel ids were written. */
  private static long transactions(String... channelIds) throws Exception {
    try (Connection c = SharedPostgres.pool().getConnection();
        PreparedStatement s = c.prepareStatement("select count(distinct xmin::text) from messages"
            + " where channel_message_id = any(?)")) {
      s.setArray(1, c.createArrayOf("text", channelIds));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long n = rs.getLong(1);
        c.rollback();
        return n;
      }
    }
  }

  private static long count(String sql) throws Exception {
    try (Connection c = SharedPostgres.pool().getConnection();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      long n = rs.getLong(1);
      c.rollback();
      return n;
    }
  }
}
