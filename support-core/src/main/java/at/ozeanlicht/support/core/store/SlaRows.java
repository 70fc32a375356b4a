package at.ozeanlicht.support.core.store;

import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.SlaMetric;
import at.ozeanlicht.support.core.domain.Wires;
import at.ozeanlicht.support.core.spi.SlaClock;
import at.ozeanlicht.support.core.spi.SlaNotification;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** SLA clock and notification rows for {@link PostgresConversationStore}. */
final class SlaRows {
  private SlaRows() {}

  /** The columns {@link #clock} reads, in order. */
  private static final String CLOCK_COLUMNS = "id, conversation_id, metric, policy, calendar,"
      + " target_ms, warn_after_ms, started_at, running_since, elapsed_ms, warn_at, due_at,"
      + " paused_at, warned_at, breached_at, stopped_at";

  // Clocks are plain JDBC (no entity): the receive path reads a conversation's clocks and often
  // updates one per message; see ConversationRows for why.

  static void insert(Connection conn, SlaClock c) throws SQLException {
    // Immediately, so the partial unique index decides inside the caller's transaction.
    try (PreparedStatement ps = conn.prepareStatement("insert into sla_clocks (conversation_id,"
        + " metric, policy, calendar, target_ms, warn_after_ms, started_at, running_since,"
        + " elapsed_ms, warn_at, due_at, paused_at, warned_at, breached_at, stopped_at, id)"
        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      Jdbc.bind(ps, fields(c));
      ps.executeUpdate();
    }
  }

  static void update(Connection conn, SlaClock c) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("update sla_clocks set conversation_id = ?,"
        + " metric = ?, policy = ?, calendar = ?, target_ms = ?, warn_after_ms = ?,"
        + " started_at = ?, running_since = ?, elapsed_ms = ?, warn_at = ?, due_at = ?,"
        + " paused_at = ?, warned_at = ?, breached_at = ?, stopped_at = ? where id = ?")) {
      Jdbc.bind(ps, fields(c));
      if (ps.executeUpdate() == 0) {
        throw new IllegalStateException("sla clock " + c.id() + " does not exist");
      }
    }
  }

  /** Every column but the id, then the id. */
  private static Object[] fields(SlaClock c) {
    return new Object[] {c.conversationId(), c.metric().wire(), c.policy(), c.calendar(),
        c.target().toMillis(), c.warnAfter().toMillis(), c.startedAt(), c.runningSince(),
        c.elapsed().toMillis(), c.warnAt(), c.dueAt(), c.pausedAt(), c.warnedAt(), c.breachedAt(),
        c.stoppedAt(), c.id()};
  }

  static List<SlaClock> open(Connection conn, UUID conversationId) throws SQLException {
    return open(conn, List.of(conversationId)).getOrDefault(conversationId, List.of());
  }

  /**
   * The open clocks of several conversations in one statement, locked, by conversation; each
   * conversation's in start order.
   */
  static Map<UUID, List<SlaClock>> open(Connection conn, List<UUID> conversationIds)
      throws SQLException {
    Map<UUID, List<SlaClock>> out = new HashMap<>();
    for (SlaClock c : clocks(conn, "select " + CLOCK_COLUMNS + " from sla_clocks"
        + " where conversation_id = any(?) and stopped_at is null"
        + " order by conversation_id, started_at, metric for no key update",
        conn.createArrayOf("uuid", conversationIds.toArray()))) {
      out.computeIfAbsent(c.conversationId(), k -> new ArrayList<>()).add(c);
    }
    return out;
  }

  static List<SlaClock> due(Connection conn, Instant now, int limit) throws SQLException {
    // Locks the clock and its conversation together and skips either when taken: the tick then
    // never waits on a command (which locks conversation, then clocks), so no deadlock is possible.
    return clocks(conn, "select " + CLOCK_COLUMNS.replaceAll("(\\w+)", "k.$1")
        + " from sla_clocks k join conversations c on c.id = k.conversation_id"
        + " where k.stopped_at is null and k.paused_at is null"
        + " and ((k.warned_at is null and k.warn_at <= ?) or (k.breached_at is null and k.due_at <= ?))"
        + " order by least(k.warn_at, k.due_at) limit ? for update of k, c skip locked",
        now, now, limit);
  }

  static List<SlaClock> findOpen(Connection conn, int limit) throws SQLException {
    return clocks(conn, "select " + CLOCK_COLUMNS + " from sla_clocks where stopped_at is null"
        + " order by due_at, id limit ?", limit);
  }

  private static List<SlaClock> clocks(Connection conn, String sql, Object... params)
      throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      Jdbc.bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        List<SlaClock> out = new ArrayList<>();
        while (rs.next()) {
          out.add(clock(rs));
        }
        return out;
      }
    }
  }

  private static SlaClock clock(ResultSet rs) throws SQLException {
    return new SlaClock(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
        Wires.parse(SlaMetric.class, "metric", rs.getString(3)), rs.getString(4), rs.getString(5),
        Duration.ofMillis(rs.getLong(6)), Duration.ofMillis(rs.getLong(7)), instant(rs, 8),
        instant(rs, 9), Duration.ofMillis(rs.getLong(10)), instant(rs, 11), instant(rs, 12),
        instant(rs, 13), instant(rs, 14), instant(rs, 15), instant(rs, 16));
  }

  private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  static void enqueue(EntityManager em, SlaNotification n) {
    SlaNotificationEntity e = new SlaNotificationEntity(n.id());
    e.clockId = n.clockId();
    e.conversationId = n.conversationId();
    e.conversationNumber = n.conversationNumber();
    e.kind = n.kind().wire();
    e.metric = n.metric().wire();
    e.policy = n.policy();
    e.priority = n.priority().wire();
    e.team = n.team();
    e.assignee = n.assignee();
    e.dueAt = n.dueAt();
    e.onCall = n.onCall();
    e.deliverAt = n.deliverAt();
    e.createdAt = n.createdAt();
    em.persist(e);
  }

  static List<SlaNotification> dueNotifications(EntityManager em, Instant now, int limit) {
    @SuppressWarnings("unchecked")
    List<SlaNotificationEntity> rows = em.createNativeQuery("select * from sla_notifications"
            + " where sent_at is null and deliver_at <= ?1 order by deliver_at, created_at"
            + " limit ?2 for update skip locked", SlaNotificationEntity.class)
        .setParameter(1, Timestamp.from(now))
        .setParameter(2, limit)
        .getResultList();
    return rows.stream().map(e -> new SlaNotification(e.id, e.clockId, e.conversationId,
        e.conversationNumber, Wires.parse(SlaNotification.Kind.class, "kind", e.kind),
        Wires.parse(SlaMetric.class, "metric", e.metric), e.policy,
        Wires.parse(Priority.class, "priority", e.priority), e.team, e.assignee, e.dueAt, e.onCall,
        e.deliverAt, e.createdAt)).toList();
  }

  static void markSent(EntityManager em, UUID id, Instant at) {
    SlaNotificationEntity e = em.find(SlaNotificationEntity.class, id);
    if (e == null) {
      throw new IllegalStateException("sla notification " + id + " does not exist");
    }
    e.sentAt = at;
  }
}
