package at.ozeanlicht.support.core.store;

import at.ozeanlicht.support.core.api.StoreException;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.domain.Wires;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Conversation rows read and written with plain JDBC on the transaction's connection.
 *
 * <p>Every read and write of a conversation goes through here, never through a Hibernate entity:
 * the receive path reads and updates one conversation per message, and doing that through the
 * persistence context (entity loading, dirty checking of twenty fields, a flush before every
 * native statement) cost more CPU than the statements themselves. With no conversation entity
 * ever managed, no stale copy can exist in a persistence context either. The optimistic version
 * check of an update is part of its {@code where} clause; row locks are {@code for no key
 * update} (what Hibernate took for a pessimistic write), so inserting a message that references
 * a locked conversation does not wait.
 */
final class ConversationRows {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {};

  /** The columns {@link #read} expects, in order; prefix-free, so usable as {@code c.}-less list. */
  static final String COLUMNS = "id, number, kind, inbox, contact_id, participants, status,"
      + " priority, labels, team, assignee, attributes::text, external_id, created_at,"
      + " last_activity_at, first_response_at, resolved_at, snoozed_until, version";

  /** {@link #COLUMNS} qualified with the alias {@code c}. */
  static final String C_COLUMNS = "c.id, c.number, c.kind, c.inbox, c.contact_id, c.participants,"
      + " c.status, c.priority, c.labels, c.team, c.assignee, c.attributes::text, c.external_id,"
      + " c.created_at, c.last_activity_at, c.first_response_at, c.resolved_at, c.snoozed_until,"
      + " c.version";

  private ConversationRows() {}

  static Conversation read(ResultSet rs) throws SQLException {
    return new Conversation(rs.getObject(1, UUID.class), rs.getLong(2),
        Wires.parse(ConversationKind.class, "kind", rs.getString(3)), rs.getString(4),
        rs.getObject(5, UUID.class), texts(rs.getArray(6)),
        Wires.parse(Status.class, "status", rs.getString(7)),
        Wires.parse(Priority.class, "priority", rs.getString(8)),
        new LinkedHashSet<>(texts(rs.getArray(9))), rs.getString(10), rs.getString(11),
        attributes(rs.getString(12)), rs.getString(13), instant(rs, 14), instant(rs, 15),
        nullableInstant(rs, 16), nullableInstant(rs, 17), nullableInstant(rs, 18), rs.getLong(19));
  }

  /** Runs {@code sql} (selecting {@link #COLUMNS} or {@link #C_COLUMNS}) with {@code params}. */
  static List<Conversation> query(Connection conn, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      Jdbc.bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        List<Conversation> out = new ArrayList<>();
        while (rs.next()) {
          out.add(read(rs));
        }
        return out;
      }
    }
  }

  static Optional<Conversation> first(Connection conn, String sql, Object... params)
      throws SQLException {
    List<Conversation> rows = query(conn, sql, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  static void insert(Connection conn, Conversation c) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("insert into conversations (number, kind,"
        + " inbox, contact_id, participants, status, priority, labels, team, assignee, attributes,"
        + " external_id, created_at, last_activity_at, first_response_at, resolved_at,"
        + " snoozed_until, version, id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb),"
        + " ?, ?, ?, ?, ?, ?, 0, ?)")) {
      int i = bindFields(conn, ps, c);
      ps.setObject(i, c.id());
      ps.executeUpdate();
    }
  }

  /**
   * Writes every field of {@code c} if the stored version is still {@code c.version()}; returns
   * the conversation with its new version, or empty when the row is gone or has moved on.
   */
  static Optional<Conversation> update(Connection conn, Conversation c) throws SQLException {
    Conversation next = withVersion(c, c.version() + 1);
    try (PreparedStatement ps = conn.prepareStatement(UPDATE)) {
      bindUpdate(conn, ps, c.version(), next);
      return ps.executeUpdate() == 0 ? Optional.empty() : Optional.of(next);
    }
  }

  /** Every field and the new version, if the stored version is still the expected one. */
  private static final String UPDATE = "update conversations set number = ?, kind = ?, inbox = ?,"
      + " contact_id = ?, participants = ?, status = ?, priority = ?, labels = ?, team = ?,"
      + " assignee = ?, attributes = cast(? as jsonb), external_id = ?, created_at = ?,"
      + " last_activity_at = ?, first_response_at = ?, resolved_at = ?, snoozed_until = ?,"
      + " version = ? where id = ? and version = ?";

  private static void bindUpdate(Connection conn, PreparedStatement ps, long expected,
      Conversation c) throws SQLException {
    int i = bindFields(conn, ps, c);
    ps.setLong(i, c.version());
    ps.setObject(i + 1, c.id());
    ps.setLong(i + 2, expected);
  }

  /**
   * Writes conversations with one statement (their fields as arrays, unnested), each if its
   * stored version is still the entry's key; the entry's value carries the fields and the version
   * to store. Returns whether every row was written. One statement rather than a JDBC batch of
   * {@link #UPDATE}s: each of those opened the table and its fourteen indexes again.
   */
  static boolean updateAll(Connection conn, List<Map.Entry<Long, Conversation>> changes)
      throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(UPDATE_ALL_SET + " from " + UPDATE_ALL_ROWS
        + " where " + UPDATE_ALL_WHERE)) {
      bindAll(conn, ps, 1, changes);
      return ps.executeUpdate() == changes.size();
    }
  }

  /**
   * {@link #UPDATE} for many rows, in three parts: the SET list (of {@code c}, from {@code u}),
   * the rows {@code u} (text arrays such as participants and labels come as JSON arrays) and the
   * condition. Bound by {@link #bindAll}.
   */
  static final String UPDATE_ALL_SET = "update conversations c set number = u.number,"
      + " kind = u.kind, inbox = u.inbox, contact_id = u.contact_id,"
      + " participants = " + textArray("u.participants") + ", status = u.status,"
      + " priority = u.priority, labels = " + textArray("u.labels") + ", team = u.team,"
      + " assignee = u.assignee, attributes = cast(u.attributes as jsonb),"
      + " external_id = u.external_id, created_at = u.created_at,"
      + " last_activity_at = u.last_activity_at, first_response_at = u.first_response_at,"
      + " resolved_at = u.resolved_at, snoozed_until = u.snoozed_until, version = u.version";
  static final String UPDATE_ALL_ROWS = "unnest(" + Jdbc.opaqueArrays(20) + ") as u(id,"
      + " expected, number, kind, inbox, contact_id, participants, status, priority, labels, team,"
      + " assignee, attributes, external_id, created_at, last_activity_at, first_response_at,"
      + " resolved_at, snoozed_until, version)";
  static final String UPDATE_ALL_WHERE = "c.id = u.id and c.version = u.expected";
  private static final String[] UPDATE_ALL_TYPES = {"uuid", "int8", "int8", "text", "text", "uuid",
      "text", "text", "text", "text", "text", "text", "text", "text", "timestamptz", "timestamptz",
      "timestamptz", "timestamptz", "timestamptz", "int8"};

  /**
   * Binds {@link #UPDATE_ALL_ROWS} from parameter {@code first} on: each entry's key is the
   * version the row must still have, its value the fields and the version to store.
   */
  static int bindAll(Connection conn, PreparedStatement ps, int first,
      List<Map.Entry<Long, Conversation>> changes) throws SQLException {
    return Jdbc.bindColumnsFrom(conn, ps, first, UPDATE_ALL_TYPES, changes, change -> {
      Conversation c = change.getValue();
      return new Object[] {c.id(), change.getKey(), c.number(), c.kind().wire(), c.inbox(),
          c.contactId(), jsonTexts(c.participants()), c.status().wire(), c.priority().wire(),
          jsonTexts(c.labels().stream().sorted().toList()), c.team(), c.assignee(),
          json(c.attributes()), c.externalId(), c.createdAt(), c.lastActivityAt(),
          c.firstResponseAt(), c.resolvedAt(), c.snoozedUntil(), c.version()};
    });
  }

  /** SQL turning the JSON array of strings in {@code column} into a text[] in its order. */
  static String textArray(String column) {
    return "array(select j.t from jsonb_array_elements_text(cast(" + column + " as jsonb))"
        + " with ordinality j(t, n) order by j.n)";
  }

  /** {@code c} with another version. */
  static Conversation withVersion(Conversation c, long version) {
    return new Conversation(c.id(), c.number(), c.kind(), c.inbox(), c.contactId(),
        c.participants(), c.status(), c.priority(), c.labels(), c.team(), c.assignee(),
        c.attributes(), c.externalId(), c.createdAt(), c.lastActivityAt(), c.firstResponseAt(),
        c.resolvedAt(), c.snoozedUntil(), version);
  }

  /** The stored version of a conversation, if it exists. */
  static Optional<Long> version(Connection conn, UUID id) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("select version from conversations where id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  /** Binds the fields from {@code number} to {@code snoozed_until}; returns the next index. */
  private static int bindFields(Connection conn, PreparedStatement ps, Conversation c)
      throws SQLException {
    ps.setLong(1, c.number());
    ps.setString(2, c.kind().wire());
    ps.setString(3, c.inbox());
    ps.setObject(4, c.contactId());
    ps.setArray(5, conn.createArrayOf("text", c.participants().toArray()));
    ps.setString(6, c.status().wire());
    ps.setString(7, c.priority().wire());
    ps.setArray(8, conn.createArrayOf("text", c.labels().stream().sorted().toArray()));
    ps.setString(9, c.team());
    ps.setString(10, c.assignee());
    ps.setString(11, json(c.attributes()));
    ps.setString(12, c.externalId());
    ps.setTimestamp(13, Timestamp.from(c.createdAt()));
    ps.setTimestamp(14, Timestamp.from(c.lastActivityAt()));
    ps.setTimestamp(15, timestamp(c.firstResponseAt()));
    ps.setTimestamp(16, timestamp(c.resolvedAt()));
    ps.setTimestamp(17, timestamp(c.snoozedUntil()));
    return 18;
  }

  private static List<String> texts(@Nullable Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    return Arrays.asList((String[]) array.getArray());
  }

  static Map<String, String> attributes(@Nullable String json) {
    if (json == null || json.equals("{}")) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, ATTRIBUTES);
    } catch (JsonProcessingException e) {
      throw new StoreException("conversations.attributes: stored JSON is unreadable", e);
    }
  }

  /** A JSON array of {@code texts}, for a text[] column written from unnested arrays. */
  static String jsonTexts(java.util.Collection<String> texts) {
    try {
      return JSON.writeValueAsString(texts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("texts: cannot be written as JSON", e);
    }
  }

  static String json(Map<String, String> attributes) {
    try {
      return JSON.writeValueAsString(attributes);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("attributes: cannot be written as JSON", e);
    }
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getTimestamp(column).toInstant();
  }

  private static @Nullable Instant nullableInstant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static @Nullable Timestamp timestamp(@Nullable Instant at) {
    return at == null ? null : Timestamp.from(at);
  }
}
