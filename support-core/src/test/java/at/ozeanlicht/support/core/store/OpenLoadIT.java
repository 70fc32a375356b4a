package at.ozeanlicht.support.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The open load per agent that assignment reads: right counts, and served by the small partial
 * index conversations_open_load (V25) instead of a walk over the agent's whole history.
 */
@ExtendWith(PostgresExtension.class)
class OpenLoadIT {
  private final ConversationStore store = SharedPostgres.database().conversationStore();

  /** anna: 3 open, 1 pending, 1 snoozed, 2,000 resolved; ben: 1 open; 2 open unassigned. */
  @BeforeEach
  void history() throws SQLException {
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement()) {
      s.execute("insert into contacts (id, created_at)"
          + " values ('00000000-0000-0000-0000-000000000001', now())");
      s.execute("insert into conversations (id, number, kind, inbox, contact_id, status, priority,"
          + " assignee, created_at, last_activity_at, snoozed_until, version)"
          + " select gen_random_uuid(), 5000 + g, 'support', 'web', '00000000-0000-0000-0000-000000000001',"
          + " case when g <= 3 or g > 2005 then 'open' when g = 4 then 'pending' when g = 5 then 'snoozed'"
          + "   else 'resolved' end, 'normal',"
          + " case when g <= 2005 then 'anna' when g = 2006 then 'ben' end,"
          + " now() - g * interval '1 minute', now() - g * interval '1 minute',"
          + " case when g = 5 then now() + interval '1 day' end, 0"
          + " from generate_series(1, 2008) g"); // 2006: ben's open one; 2007, 2008: unassigned open
      s.execute("analyze conversations");
      c.commit();
    }
  }

  @Test
  void openCountsByAgent_countsOpenAndPendingOnly() {
    Map<String, Integer> load = store.inTransaction(tx -> tx.openCountsByAgent(List.of("anna", "ben", "carl")));
    assertThat(load).containsExactlyInAnyOrderEntriesOf(Map.of("anna", 4, "ben", 1));
  }

  @Test
  void openLoadQuery_usesThePartialIndex() throws SQLException {
    String plan;
    try (Connection c = SharedPostgres.pool().getConnection()) {
      try (Statement s = c.createStatement()) {
        // Only rules out the sequential scan, which a table this small may cost lower than any
        // index; which index serves the count is still the planner's cost-based choice (the
        // history-wide conversations_assignee_activity is a candidate too).
        s.execute("set local enable_seqscan = off");
      }
      // The exact statement the store runs, with JDBC's parameter marker.
      try (PreparedStatement ps = c.prepareStatement("explain (format json) "
          + PostgresConversationStore.OPEN_LOAD_SQL.replace("?1", "?"))) {
        ps.setArray(1, c.createArrayOf("text", new String[] {"anna", "ben"}));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          plan = rs.getString(1);
        }
      }
      c.rollback();
    }
    assertThat(plan).contains("\"Index Name\": \"conversations_open_load\"")
        .doesNotContain("conversations_assignee_activity");
  }
}
