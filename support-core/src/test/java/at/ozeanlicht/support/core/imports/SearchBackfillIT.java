package at.ozeanlicht.support.core.imports;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.api.ImportConversation;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sender;
import at.ozeanlicht.support.core.domain.SenderType;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.Race;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link SearchBackfill} over the id ranges {@link BulkImport} records in {@code search_backlog}
 * (V22): batches never exceed their limit, a range is consumed across batches and deleted when
 * done, re-runs find nothing, concurrent runs fill every message exactly once, and a message
 * another transaction holds keeps its range until it has its vector.
 */
@ExtendWith(PostgresExtension.class)
class SearchBackfillIT {
  private static final Instant T0 = Instant.parse("2026-11-17T08:00:00Z");

  /** {@code count} conversations of three messages each, in one bulk call (one backlog range). */
  private static long importCall(String prefix, int count) {
    List<ImportConversation> list = new ArrayList<>();
    Sender customer = new Sender(SenderType.CONTACT, "c");
    for (int i = 0; i < count; i++) {
      Instant t = T0.plusSeconds(i);
      list.add(new ImportConversation(prefix + i, "web", ChannelType.WEB,
          new ImportConversation.Contact(prefix + "contact-" + i, null, null, null, false), null, "support",
          Status.OPEN, Priority.NORMAL, Set.of(), t, null, null, List.of(
              new ImportConversation.ImportMessage("a", MessageKind.INCOMING, customer, "Frage zur Rechnung " + i, t),
              new ImportConversation.ImportMessage("b", MessageKind.OUTGOING, Sender.agent("anna"), "Antwort " + i,
                  t.plusSeconds(60)),
              new ImportConversation.ImportMessage("c", MessageKind.NOTE, Sender.agent("anna"), "Notiz " + i,
                  t.plusSeconds(90)))));
    }
    return BulkImport.of(SharedPostgres.pool(), prefix.hashCode()).write(list);
  }

  private static long scalar(String sql) throws SQLException {
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      long v = rs.getLong(1);
      c.rollback();
      return v;
    }
  }

  /** Every vector is the one the trigger computes for the body (so none is missing or stale). */
  private static void assertAllFilled() throws SQLException {
    assertThat(scalar("select count(*) from messages where search is null")).isZero();
    assertThat(scalar("select count(*) from messages where search is distinct from"
        + " to_tsvector('support_de'::regconfig, body) || to_tsvector('support_en'::regconfig, body)")).isZero();
    assertThat(scalar("select count(*) from search_backlog")).isZero();
  }

  @Test
  void importsRecordOneRangeEach_andSmallBatchesConsumeThemAcrossCalls() throws SQLException {
    long messages = importCall("x-", 10) + importCall("y-", 7);
    SearchBackfill backfill = SearchBackfill.of(SharedPostgres.pool());
    assertThat(scalar("select count(*) from search_backlog")).isEqualTo(2);
    assertThat(backfill.pending()).isEqualTo(messages).isEqualTo(51);

    List<Integer> batches = new ArrayList<>();
    for (int n = backfill.batch(8); n > 0; n = backfill.batch(8)) {
      batches.add(n);
      assertThat(backfill.pending()).isEqualTo(messages - batches.stream().mapToInt(Integer::intValue).sum());
    }

    assertThat(batches).allMatch(n -> n <= 8);
    assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(51);
    assertAllFilled();
    assertThat(backfill.run(8, Long.MAX_VALUE)).isZero();
    assertThat(backfill.pending()).isZero();
  }

  @Test
  void overlappingRanges_fillEveryMessageOnce_andRerunsFindNothing() throws SQLException {
    long messages = importCall("x-", 12) + importCall("y-", 12);
    // a range over every id, as V22 records for vectors a V20 import left pending: overlaps both
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement()) {
      s.execute("insert into search_backlog (from_id, to_id) values ('00000000-0000-0000-0000-000000000000',"
          + " 'ffffffff-ffff-ffff-ffff-ffffffffffff')");
      c.commit();
    }
    SearchBackfill backfill = SearchBackfill.of(SharedPostgres.pool());
    assertThat(backfill.pending()).isEqualTo(messages);

    assertThat(backfill.run(5, Long.MAX_VALUE)).isEqualTo(messages);

    assertAllFilled();
    assertThat(backfill.run(5, Long.MAX_VALUE)).isZero();
  }

  @Test
  void concurrentBackfills_fillEveryMessageExactlyOnce() throws Exception {
    long messages = 0;
    for (int call = 0; call < 6; call++) {
      messages += importCall("c" + call + "-", 15);
    }
    SearchBackfill backfill = SearchBackfill.of(SharedPostgres.pool());

    List<Long> filled = Race.run(4, i -> backfill.run(7, Long.MAX_VALUE));

    assertThat(filled.stream().mapToLong(Long::longValue).sum()).isEqualTo(messages);
    // a range whose last message another thread filled may be left for the next run to delete
    assertThat(backfill.run(7, Long.MAX_VALUE)).isZero();
    assertAllFilled();
  }

  @Test
  void aMessageHeldByAnotherTransaction_keepsItsRangeUntilItHasItsVector() throws SQLException {
    long messages = importCall("x-", 4);
    SearchBackfill backfill = SearchBackfill.of(SharedPostgres.pool());
    try (Connection holder = SharedPostgres.pool().getConnection()) {
      UUID held;
      try (PreparedStatement ps = holder.prepareStatement(
          // the sixth message only (a locking clause next to OFFSET would lock the five before it too)
          "select id from messages where id = (select id from messages order by id offset 5 limit 1)"
              + " for no key update");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        held = rs.getObject(1, UUID.class);
      }

      assertThat(backfill.run(3, Long.MAX_VALUE)).isEqualTo(messages - 1);
      assertThat(backfill.pending()).isEqualTo(1);
      assertThat(scalar("select count(*) from search_backlog")).isEqualTo(1);
      assertThat(scalar("select count(*) from messages where search is null and id = '" + held + "'")).isEqualTo(1);
      holder.rollback();
    }

    assertThat(backfill.run(3, Long.MAX_VALUE)).isEqualTo(1);
    assertAllFilled();
  }
}
