package at.ozeanlicht.support.core.store;

import at.ozeanlicht.support.core.api.AuditEntry;
import at.ozeanlicht.support.core.api.FindAudit;
import at.ozeanlicht.support.core.spi.PrivacyStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.jdbc.ReturningWork;
import org.jspecify.annotations.Nullable;

/**
 * Audit log, GDPR export/erasure and retention in plain SQL on the transaction's connection.
 *
 * <p>Erasure works in two passes. First a registry of known personal-data columns ({@link
 * #REDACTIONS}) is redacted by the contact's conversations. Then every text, JSON, array and
 * byte column of every table in the schema (found in the catalog, so tables added later are
 * covered without editing this class) is swept for the contact's exact strings.
 */
final class PostgresPrivacyStore implements PrivacyStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<Map<String, AuditEntry.Change>> CHANGES = new TypeReference<>() {};
  /** Replacement for a redacted text. */
  static final String REDACTED = "[redacted]";
  /** Message texts shorter than this are not swept for elsewhere (too likely to hit others' data). */
  static final int MIN_SWEPT_TEXT = 16;

  /**
   * The registry: statements that redact the personal data of a set of conversations ({@code ?}
   * is a uuid[] of conversation ids). Rows, kinds and times stay, so reports keep their counts.
   */
  static final List<String> REDACTIONS = List.of(
      "update messages set body = '" + REDACTED + "', attachments = '[]'::jsonb, channel_message_id = null"
          + " where conversation_id = any(?) and body <> '" + REDACTED + "'",
      "update csat_responses set comment = null where conversation_id = any(?) and comment is not null",
      "update csat_ratings set comment = null where conversation_id = any(?) and comment is not null",
      "update kb_gaps set question = '" + REDACTED + "' where conversation_id = any(?)",
      "update outbound_messages set recipient = '[erased]', last_error = null where conversation_id = any(?)",
      "update conversations set attributes = '{}'::jsonb where id = any(?)");

  private final Sealed sealed;

  private final TxJdbc jdbc;

  PostgresPrivacyStore(Sealed sealed, TxJdbc jdbc) {
    this.sealed = sealed;
    this.jdbc = jdbc;
  }

  private <T> T work(ReturningWork<T> work) {
    return jdbc.work(work);
  }

  @Override
  public void appendAudit(AuditEntry e) {
    work(c -> {
      try (PreparedStatement ps = c.prepareStatement("insert into audit_log (at, actor_kind, actor_id,"
          + " action, command, conversation_id, contact_id, data, changes) values (?, ?, ?, ?, ?, ?,"
          + " coalesce(?, (select contact_id from conversations where id = ?)), cast(? as jsonb), cast(? as jsonb))")) {
        ps.setTimestamp(1, Timestamp.from(e.at()));
        ps.setString(2, e.actorKind());
        ps.setString(3, e.actorId());
        ps.setString(4, e.action());
        ps.setString(5, e.command());
        ps.setObject(6, e.conversationId());
        ps.setObject(7, e.contactId());
        ps.setObject(8, e.conversationId());
        ps.setString(9, json(e.data()));
        ps.setString(10, json(e.changes()));
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void appendAudits(List<AuditEntry> entries) {
    if (entries.size() == 1) {
      appendAudit(entries.get(0));
      return;
    }
    if (entries.isEmpty()) {
      return;
    }
    // One statement for a transaction's entries; the ordinality keeps their id order.
    work(c -> {
      Jdbc.insertAll(c, "insert into audit_log (at, actor_kind, actor_id, action, command,"
              + " conversation_id, contact_id, data, changes) select u.a, u.k, u.r, u.x, u.m, u.v,"
              + " coalesce(u.p, (select contact_id from conversations where id = u.v)),"
              + " cast(u.d as jsonb), cast(u.g as jsonb)"
              + " from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?) with ordinality as u(a, k, r, x, m, v, p, d, g, n)"
              + " order by u.n",
          new String[] {"timestamptz", "text", "text", "text", "text", "uuid", "uuid", "text", "text"},
          entries, e -> new Object[] {e.at(), e.actorKind(), e.actorId(), e.action(), e.command(),
              e.conversationId(), e.contactId(), json(e.data()), json(e.changes())});
      return null;
    });
  }

  @Override
  public List<AuditEntry> findAudit(FindAudit q) {
    return work(c -> {
      StringBuilder sql = new StringBuilder("select id, at, actor_kind, actor_id, action, command,"
          + " conversation_id, contact_id, data::text, changes::text from audit_log where true");
      List<Object> params = new ArrayList<>();
      if (q.conversationId() != null) {
        sql.append(" and conversation_id = ?");
        params.add(q.conversationId());
      }
      if (q.contactId() != null) {
        sql.append(" and contact_id = ?");
        params.add(q.contactId());
      }
      if (q.actor() != null) {
        sql.append(" and actor_id = ?");
        params.add(q.actor());
      }
      if (q.since() != null) {
        sql.append(" and at >= ?");
        params.add(Timestamp.from(q.since()));
      }
      sql.append(" order by id limit ?");
      params.add(q.limit());
      List<AuditEntry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < params.size(); i++) {
          ps.setObject(i + 1, params.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new AuditEntry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getObject(7, UUID.class),
                rs.getObject(8, UUID.class), read(rs.getString(9), STRINGS), read(rs.getString(10), CHANGES)));
          }
        }
      }
      return out;
    });
  }

  @Override
  public Optional<String> exportContact(UUID contactId) {
    String messages = "select coalesce(json_agg(json_build_object('id', m.id, 'direction', m.kind,"
        + " 'senderType', m.sender_type, 'senderId', m.sender_id, 'body', m.body, 'contentType', m.content_type,"
        + " 'attachments', m.attachments, 'createdAt', m.created_at, 'editedAt', m.edited_at)"
        + " order by m.created_at, m.seq), '[]'::json) from messages m where m.conversation_id = v.id"
        + " and m.kind in ('incoming', 'outgoing')";
    String sql = "select json_build_object("
        + "'contact', (select to_jsonb(c) from contacts c where c.id = ?1),"
        + "'identities', (select coalesce(json_agg(json_build_object('channel', i.channel, 'externalId', i.external_id)"
        + "   order by i.channel, i.external_id), '[]'::json) from contact_identities i where i.contact_id = ?1),"
        + "'conversations', (select coalesce(json_agg(json_build_object('id', v.id, 'number', v.number,"
        + "   'inbox', v.inbox, 'status', v.status, 'priority', v.priority, 'labels', v.labels, 'team', v.team,"
        + "   'createdAt', v.created_at, 'resolvedAt', v.resolved_at, 'messages', (" + messages + "),"
        + "   'privateNotesWithheld', (select count(*) from messages n where n.conversation_id = v.id and n.kind = 'note'),"
        + "   'rating', (select to_jsonb(r) from csat_responses r where r.conversation_id = v.id))"
        + "   order by v.created_at, v.id), '[]'::json) from conversations v where v.contact_id = ?1),"
        + "'ratings', (select coalesce(json_agg(json_build_object('conversationId', r.conversation_id,"
        + "   'rating', r.rating, 'comment', r.comment, 'submittedAt', r.submitted_at) order by r.submitted_at), '[]'::json)"
        + "   from csat_ratings r join conversations v on v.id = r.conversation_id where v.contact_id = ?1),"
        + "'knowledgeBaseQuestions', (select coalesce(json_agg(json_build_object('conversationId', g.conversation_id,"
        + "   'question', g.question, 'recordedAt', g.recorded_at) order by g.id), '[]'::json)"
        + "   from kb_gaps g join conversations v on v.id = g.conversation_id where v.contact_id = ?1),"
        + "'audit', (select coalesce(json_agg(json_build_object('id', a.id, 'at', a.at, 'actorKind', a.actor_kind,"
        + "   'actorId', a.actor_id, 'action', a.action, 'conversationId', a.conversation_id, 'data', a.data,"
        + "   'changes', a.changes) order by a.id), '[]'::json) from audit_log a where a.contact_id = ?1)"
        + ")::text from contacts where id = ?1";
    return work(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.replace("?1", "cast(? as uuid)"))) {
        int n = (int) sql.chars().filter(ch -> ch == '?').count();
        for (int i = 1; i <= n; i++) {
          ps.setObject(i, contactId);
        }
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(opened(contactId, rs.getString(1))) : Optional.<String>empty();
        }
      }
    });
  }

  /** The export with encrypted contact fields and message bodies decrypted. */
  private String opened(UUID contactId, String json) {
    if (!json.contains(at.ozeanlicht.support.core.crypto.FieldCipher.PREFIX)) {
      return json;
    }
    try {
      com.fasterxml.jackson.databind.JsonNode root = JSON.readTree(json);
      if (root.get("contact") instanceof com.fasterxml.jackson.databind.node.ObjectNode contact) {
        for (String column : List.of("name", "email", "phone")) {
          if (contact.hasNonNull(column)) {
            contact.put(column, sealed.openContact(column, contactId, contact.get(column).asText()));
          }
        }
        contact.remove(List.of("email_index", "phone_index", "search"));
      }
      for (com.fasterxml.jackson.databind.JsonNode conversation : root.path("conversations")) {
        for (com.fasterxml.jackson.databind.JsonNode m : conversation.path("messages")) {
          if (m instanceof com.fasterxml.jackson.databind.node.ObjectNode o && o.hasNonNull("body")) {
            o.put("body", sealed.openBody(UUID.fromString(o.get("id").asText()), o.get("body").asText()));
          }
        }
      }
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("export: the database returned invalid JSON", e);
    }
  }

  @Override
  public Map<String, Integer> erase(UUID contactId, Instant now) {
    return work(c -> {
      Map<String, Integer> counts = new LinkedHashMap<>();
      Set<String> needles = new LinkedHashSet<>();
      try (PreparedStatement ps = c.prepareStatement(
          "select name, email, phone from contacts where id = ? for update")) {
        ps.setObject(1, contactId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Map.of();
          }
          String[] columns = {"name", "email", "phone"};
          for (int i = 1; i <= 3; i++) {
            addNeedle(needles, sealed.openContact(columns[i - 1], contactId, rs.getString(i)), 3);
          }
        }
      }
      addNeedles(c, needles, "select external_id from contact_identities where contact_id = ?", contactId, 5);
      UUID[] conversations = ids(c, "select id from conversations where contact_id = ?", contactId);
      try (PreparedStatement ps = c.prepareStatement("select m.id, m.body from messages m join conversations v"
          + " on v.id = m.conversation_id where v.contact_id = ? and m.kind in ('incoming', 'outgoing', 'note')")) {
        ps.setObject(1, contactId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            addNeedle(needles, sealed.openBody(rs.getObject(1, UUID.class), rs.getString(2)), MIN_SWEPT_TEXT);
          }
        }
      }
      addNeedles(c, needles, "select r.comment from csat_ratings r join conversations v on v.id = r.conversation_id"
          + " where v.contact_id = ?", contactId, MIN_SWEPT_TEXT);
      addNeedles(c, needles, "select g.question from kb_gaps g join conversations v on v.id = g.conversation_id"
          + " where v.contact_id = ?", contactId, MIN_SWEPT_TEXT);
      try (var s = c.createStatement()) {
        s.execute("set local support.audit_erasure = 'on'");
      }
      counts.put("conversations", conversations.length);
      counts.put("redactedRows", redact(c, conversations, now));
      counts.put("rawPayloadsDeleted", deleteRawPayloads(c, needles));
      counts.put("identities", update(c, "update contact_identities set external_id = 'erased:' || gen_random_uuid()"
          + " where contact_id = ?", contactId));
      update(c, "update contacts set name = null, email = null, phone = null, email_index = null,"
          + " phone_index = null, attributes = '{}'::jsonb where id = ?", contactId);
      counts.put("sweptCells", sweep(c, List.copyOf(withJsonForms(needles))));
      try (var s = c.createStatement()) {
        s.execute("set local support.audit_erasure = 'off'");
      }
      return counts;
    });
  }

  @Override
  public int retain(Instant cutoff, boolean delete, Instant now, int limit) {
    return work(c -> {
      UUID[] due;
      try (PreparedStatement ps = c.prepareStatement("select id from conversations where status = 'resolved'"
          + " and resolved_at < ?" + (delete ? "" : " and redacted_at is null")
          + " order by resolved_at limit ? for update skip locked")) {
        ps.setTimestamp(1, Timestamp.from(cutoff));
        ps.setInt(2, limit);
        due = collect(ps);
      }
      if (due.length == 0) {
        return 0;
      }
      if (delete) {
        try (PreparedStatement ps = c.prepareStatement("delete from conversations where id = any(?)")) {
          ps.setArray(1, c.createArrayOf("uuid", due));
          ps.executeUpdate();
        }
      } else {
        redact(c, due, now);
      }
      return due.length;
    });
  }

  @Override
  public List<at.ozeanlicht.support.core.api.ImportContact> contactRows() {
    return work(c -> {
      List<at.ozeanlicht.support.core.api.ImportContact> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("select i.channel, i.external_id, k.name, k.email, k.phone,"
          + " k.language, k.vip, k.id from contact_identities i join contacts k on k.id = i.contact_id"
          + " order by i.channel, i.external_id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new at.ozeanlicht.support.core.api.ImportContact(
              at.ozeanlicht.support.core.domain.Wires.parse(at.ozeanlicht.support.core.domain.ChannelType.class,
                  "channel", rs.getString(1)),
              rs.getString(2), sealed.openContact("name", rs.getObject(8, UUID.class), rs.getString(3)),
              sealed.openContact("email", rs.getObject(8, UUID.class), rs.getString(4)),
              sealed.openContact("phone", rs.getObject(8, UUID.class), rs.getString(5)), rs.getString(6),
              rs.getBoolean(7)));
        }
      }
      return out;
    });
  }

  @Override
  public List<UUID> supportConversations(@Nullable Instant from, @Nullable Instant to) {
    return work(c -> {
      try (PreparedStatement ps = c.prepareStatement("select id from conversations where kind = 'support'"
          + " and (cast(? as timestamptz) is null or created_at >= ?) and (cast(? as timestamptz) is null or created_at < ?)"
          + " order by created_at, number")) {
        Timestamp f = from == null ? null : Timestamp.from(from);
        Timestamp t = to == null ? null : Timestamp.from(to);
        ps.setTimestamp(1, f);
        ps.setTimestamp(2, f);
        ps.setTimestamp(3, t);
        ps.setTimestamp(4, t);
        return List.of(collect(ps));
      }
    });
  }

  /** Applies the registry to the conversations and marks them redacted; returns rows changed. */
  private static int redact(Connection c, UUID[] conversations, Instant now) throws SQLException {
    int changed = 0;
    java.sql.Array ids = c.createArrayOf("uuid", conversations);
    for (String sql : REDACTIONS) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setArray(1, ids);
        changed += ps.executeUpdate();
      }
    }
    try (PreparedStatement ps = c.prepareStatement("update conversations set redacted_at = ? where id = any(?)")) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setArray(2, ids);
      ps.executeUpdate();
    }
    return changed;
  }

  private static int deleteRawPayloads(Connection c, Set<String> needles) throws SQLException {
    if (needles.isEmpty()) {
      return 0;
    }
    try (PreparedStatement ps = c.prepareStatement("delete from inbound_payloads p where exists (select 1"
        + " from unnest(cast(? as text[])) n where position(convert_to(n, 'UTF8') in p.body) > 0)")) {
      ps.setArray(1, c.createArrayOf("text", needles.toArray()));
      return ps.executeUpdate();
    }
  }

  /**
   * Sweeps every text-like column of every table for the needles. Returns the cells changed.
   * Only the schema history (support_schema_history) is left out.
   */
  private static int sweep(Connection c, List<String> needles) throws SQLException {
    if (needles.isEmpty()) {
      return 0;
    }
    java.sql.Array array = c.createArrayOf("text", needles.toArray());
    int changed = 0;
    for (String[] col : textColumns(c)) {
      String t = quote(col[0]);
      String n = quote(col[1]);
      String sql = switch (col[2]) {
        case "text", "varchar", "bpchar" -> "update " + t + " set " + n + " = support_scrub(" + n + ", ?1)"
            + " where " + n + " <> support_scrub(" + n + ", ?1)";
        case "jsonb", "json" -> "update " + t + " set " + n + " = cast(support_scrub(" + n + "::text, ?1) as "
            + col[2] + ") where " + n + "::text <> support_scrub(" + n + "::text, ?1)";
        case "_text", "_varchar" -> "update " + t + " set " + n + " = array(select support_scrub(x, ?1) from"
            + " unnest(" + n + ") with ordinality u(x, i) order by i) where array_to_string(" + n + ", chr(1))"
            + " <> support_scrub(array_to_string(" + n + ", chr(1)), ?1)";
        case "bytea" -> "update " + t + " set " + n + " = convert_to('[erased]', 'UTF8') where exists (select 1"
            + " from unnest(?1) k where position(convert_to(k, 'UTF8') in " + n + ") > 0)";
        default -> null;
      };
      if (sql == null) {
        continue;
      }
      try (PreparedStatement ps = c.prepareStatement(sql.replace("?1", "cast(? as text[])"))) {
        int count = (int) sql.chars().filter(ch -> ch == '?').count();
        for (int i = 1; i <= count; i++) {
          ps.setArray(i, array);
        }
        changed += ps.executeUpdate();
      }
    }
    return changed;
  }

  /** Table, column and type (udt name) of every text, JSON, text array and byte column. */
  static List<String[]> textColumns(Connection c) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("select c.table_name, c.column_name, c.udt_name"
        + " from information_schema.columns c join information_schema.tables t"
        + " on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'"
        + " where c.table_schema = current_schema() and c.table_name not in ('flyway_schema_history', 'support_schema_history')"
        + " and c.udt_name in ('text', 'varchar', 'bpchar', 'json', 'jsonb', '_text', '_varchar', 'bytea')"
        + " order by c.table_name, c.ordinal_position");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
      }
    }
    return out;
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** The needles plus their JSON-escaped forms (as they appear inside a JSON document). */
  private static Set<String> withJsonForms(Set<String> needles) {
    Set<String> all = new LinkedHashSet<>(needles);
    for (String n : needles) {
      try {
        String escaped = JSON.writeValueAsString(n);
        all.add(escaped.substring(1, escaped.length() - 1));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return all;
  }

  private static void addNeedle(Set<String> needles, @Nullable String value, int min) {
    if (value != null && value.strip().length() >= min && !value.contains(REDACTED)) {
      needles.add(value);
      needles.add(value.strip());
    }
  }

  private static void addNeedles(Connection c, Set<String> needles, String sql, UUID id, int min)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          addNeedle(needles, rs.getString(1), min);
        }
      }
    }
  }

  private static UUID[] ids(Connection c, String sql, UUID id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, id);
      return collect(ps);
    }
  }

  private static UUID[] collect(PreparedStatement ps) throws SQLException {
    List<UUID> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getObject(1, UUID.class));
      }
    }
    return out.toArray(UUID[]::new);
  }

  private static int update(Connection c, String sql, UUID id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, id);
      return ps.executeUpdate();
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit_log: unreadable JSON", e);
    }
  }
}
