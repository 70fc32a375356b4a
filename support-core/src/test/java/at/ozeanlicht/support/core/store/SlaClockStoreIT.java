package at.ozeanlicht.support.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.api.StoreException;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.SlaMetric;
import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.spi.SlaClock;
import at.ozeanlicht.support.core.spi.SlaNotification;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SLA part of the store port on PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class SlaClockStoreIT {
  private static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");
  private final ConversationStore store = SharedPostgres.database().conversationStore();
  private UUID conversation;

  @BeforeEach
  void conversation() {
    try (SupportEngine engine = SupportEngine.builder().store(store).workspace(TestWorkspaces.small())
        .clock(new MutableClock(T0)).build()) {
      conversation = engine.receive(ReceiveMessage.text("web", InboundContact.of("a"), "m1", "Hallo"))
          .conversation().id();
    }
  }

  private List<SlaClock> clocks(Function<ConversationStore.Transaction, List<SlaClock>> work) {
    return store.inTransaction(work);
  }

  private List<SlaNotification> notes(Function<ConversationStore.Transaction, List<SlaNotification>> work) {
    return store.inTransaction(work);
  }

  private SlaClock running(SlaMetric metric, Instant warnAt, Instant dueAt) {
    return new SlaClock(UUID.randomUUID(), conversation, metric, "normal", "office", Duration.ofHours(4),
        Duration.ofMinutes(192), T0, T0, Duration.ZERO, warnAt, dueAt, null, null, null, null);
  }

  @Test
  void insertUpdateOpen_roundTrip() {
    SlaClock k = running(SlaMetric.FIRST_RESPONSE, T0.plusSeconds(60), T0.plusSeconds(120));
    store.inTransaction(tx -> {
      tx.insertSlaClock(k);
      return null;
    });
    assertThat(clocks(tx -> tx.openSlaClocks(conversation))).containsExactly(k);
    SlaClock paused = new SlaClock(k.id(), k.conversationId(), k.metric(), k.policy(), k.calendar(),
        k.target(), k.warnAfter(), k.startedAt(), null, Duration.ofMinutes(30), k.warnAt(), k.dueAt(),
        T0.plusSeconds(1800), null, null, null);
    store.inTransaction(tx -> {
      tx.updateSlaClock(paused);
      return null;
    });
    assertThat(clocks(tx -> tx.findOpenSlaClocks(10))).containsExactly(paused);
    assertThat(clocks(tx -> tx.dueSlaClocks(T0.plusSeconds(3600), 10))).isEmpty(); // paused
  }

  @Test
  void update_withoutDeadlineChange_leavesTheConversationRowAlone() throws SQLException {
    SlaClock k = running(SlaMetric.FIRST_RESPONSE, T0.plusSeconds(60), T0.plusSeconds(120));
    store.inTransaction(tx -> {
      tx.insertSlaClock(k);
      return null;
    });
    String before = conversationRow();
    store.inTransaction(tx -> { // what the tick does: warned_at only (the UPDATE sets every column)
      tx.updateSlaClock(new SlaClock(k.id(), k.conversationId(), k.metric(), k.policy(), k.calendar(),
          k.target(), k.warnAfter(), k.startedAt(), k.runningSince(), k.elapsed(), k.warnAt(),
          k.dueAt(), null, T0.plusSeconds(60), null, null));
      return null;
    });
    assertThat(conversationRow()).isEqualTo(before);

    Instant later = T0.plusSeconds(600);
    store.inTransaction(tx -> { // a deadline change still reaches conversations.sla_due_at
      tx.updateSlaClock(new SlaClock(k.id(), k.conversationId(), k.metric(), k.policy(), k.calendar(),
          k.target(), k.warnAfter(), k.startedAt(), k.runningSince(), k.elapsed(), k.warnAt(),
          later, null, T0.plusSeconds(60), null, null));
      return null;
    });
    assertThat(conversationRow()).isNotEqualTo(before).endsWith(later.toString());
  }

  @Test
  void laterClockInsert_leavesTheConversationRowAlone_stopAndDeleteMoveTheDeadline() throws SQLException {
    SlaClock first = running(SlaMetric.FIRST_RESPONSE, T0.plusSeconds(60), T0.plusSeconds(120));
    store.inTransaction(tx -> {
      tx.insertSlaClock(first);
      return null;
    });
    String before = conversationRow();
    SlaClock resolution = running(SlaMetric.RESOLUTION, T0.plusSeconds(6000), T0.plusSeconds(9000));
    store.inTransaction(tx -> {
      tx.insertSlaClock(resolution);
      return null;
    });
    assertThat(conversationRow()).isEqualTo(before).endsWith(T0.plusSeconds(120).toString());
    store.inTransaction(tx -> {
      tx.updateSlaClock(new SlaClock(first.id(), first.conversationId(), first.metric(), first.policy(),
          first.calendar(), first.target(), first.warnAfter(), first.startedAt(), null,
          Duration.ofSeconds(90), first.warnAt(), first.dueAt(), null, null, null, T0.plusSeconds(90)));
      return null;
    });
    assertThat(conversationRow()).endsWith(T0.plusSeconds(9000).toString());
    sql("delete from sla_clocks where id = '" + resolution.id() + "'");
    assertThat(conversationRow()).endsWith("|null");
  }

  /** The conversation row's version (xmin, ctid) and sla_due_at: changes when the row is rewritten. */
  private String conversationRow() throws SQLException {
    try (Connection c = SharedPostgres.pool().getConnection();
        PreparedStatement ps = c.prepareStatement(
            "select xmin::text, ctid::text, sla_due_at from conversations where id = ?")) {
      ps.setObject(1, conversation);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Timestamp due = rs.getTimestamp(3);
        String row = rs.getString(1) + "|" + rs.getString(2) + "|" + (due == null ? null : due.toInstant());
        c.rollback();
        return row;
      }
    }
  }

  private static void sql(String statement) throws SQLException {
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement()) {
      s.execute(statement);
      c.commit();
    }
  }

  @Test
  void insert_secondOpenClockOfSameMetric_isRefused() {
    store.inTransaction(tx -> {
      tx.insertSlaClock(running(SlaMetric.RESOLUTION, T0, T0));
      return null;
    });
    assertThatThrownBy(() -> store.inTransaction(tx -> {
      tx.insertSlaClock(running(SlaMetric.RESOLUTION, T0, T0));
      return null;
    })).isInstanceOf(StoreException.class).hasMessageContaining("sla_clocks_one_open_per_metric");
  }

  @Test
  void dueSlaClocks_skipsRowsAnotherTransactionHolds() throws Exception {
    store.inTransaction(tx -> {
      tx.insertSlaClock(running(SlaMetric.FIRST_RESPONSE, T0.plusSeconds(60), T0.plusSeconds(120)));
      tx.insertSlaClock(running(SlaMetric.RESOLUTION, T0.plusSeconds(6000), T0.plusSeconds(9000)));
      return null;
    });
    Instant now = T0.plusSeconds(90); // first-response warning due, resolution not
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<List<SlaClock>> holder = CompletableFuture.supplyAsync(() -> store.inTransaction(tx -> {
      List<SlaClock> due = tx.dueSlaClocks(now, 10);
      claimed.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return due;
    }));
    assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
    List<SlaClock> second = clocks(tx -> tx.dueSlaClocks(now, 10));
    release.countDown();
    assertThat(holder.get(30, TimeUnit.SECONDS)).extracting(SlaClock::metric)
        .containsExactly(SlaMetric.FIRST_RESPONSE);
    assertThat(second).isEmpty();
  }

  @Test
  void notifications_dueOnlyAtDeliverAtAndOnceSent() {
    SlaClock k = running(SlaMetric.FIRST_RESPONSE, T0, T0);
    SlaNotification n = new SlaNotification(UUID.randomUUID(), k.id(), conversation, 1000,
        SlaNotification.Kind.BREACH, SlaMetric.FIRST_RESPONSE, "normal", Priority.NORMAL, "support",
        null, T0, false, T0.plusSeconds(3600), T0);
    store.inTransaction(tx -> {
      tx.insertSlaClock(k);
      tx.enqueueSlaNotification(n);
      return null;
    });
    assertThat(notes(tx -> tx.dueSlaNotifications(T0.plusSeconds(3599), 10))).isEmpty();
    assertThat(notes(tx -> {
      List<SlaNotification> due = tx.dueSlaNotifications(T0.plusSeconds(3600), 10);
      due.forEach(x -> tx.markSlaNotificationSent(x.id(), T0.plusSeconds(3600)));
      return due;
    })).containsExactly(n);
    assertThat(notes(tx -> tx.dueSlaNotifications(T0.plusSeconds(7200), 10))).isEmpty();
  }
}
