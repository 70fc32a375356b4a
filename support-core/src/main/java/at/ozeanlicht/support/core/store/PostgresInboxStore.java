package at.ozeanlicht.support.core.store;

import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.domain.Wire;
import at.ozeanlicht.support.core.domain.Wires;
import at.ozeanlicht.support.core.inbox.Audience;
import at.ozeanlicht.support.core.inbox.ContextView;
import at.ozeanlicht.support.core.inbox.DevTicketState;
import at.ozeanlicht.support.core.inbox.InboxCounts;
import at.ozeanlicht.support.core.inbox.InboxPage;
import at.ozeanlicht.support.core.inbox.InboxQuery;
import at.ozeanlicht.support.core.inbox.InboxRow;
import at.ozeanlicht.support.core.inbox.InboxSort;
import at.ozeanlicht.support.core.inbox.MentionView;
import at.ozeanlicht.support.core.inbox.ReadReceipt;
import at.ozeanlicht.support.core.inbox.SearchHit;
import at.ozeanlicht.support.core.inbox.SlaState;
import at.ozeanlicht.support.core.spi.InboxStore;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.jspecify.annotations.Nullable;

/** The unified inbox in plain SQL on the transaction's connection (issue 9, migration V10). */
final class PostgresInboxStore implements InboxStore {
  /** Kinds a team reader sees as excerpt and unread; a customer-facing reader sees only the public two. */
  private static final String[] TEAM_KINDS = {"incoming", "outgoing", "note"};
  private static final String[] CUSTOMER_KINDS = {"incoming", "outgoing"};
  private static final int EXCERPT = 120;
  /** The inbox id of internal conversations (UnifiedInbox.TEAM_INBOX). */
  private static final String TEAM_INBOX = "team";
  /** Search examines at most this many of the newest messages before it asks the GIN index. */
  private static final int WALK_CAP = 5000;

  private final EntityManager em;
  private final Sealed sealed;

  PostgresInboxStore(EntityManager em, Sealed sealed) {
    this.em = em;
    this.sealed = sealed;
  }

  /** An encrypted value selected as {@code id|stored} opened and cut to {@code max} characters. */
  private @Nullable String opened(@Nullable String idAndStored, String table, String column, int max) {
    if (idAndStored == null) {
      return null;
    }
    int bar = idAndStored.indexOf('|');
    UUID id = UUID.fromString(idAndStored.substring(0, bar));
    String plain = sealed.cipher().decrypt(table, column, id, idAndStored.substring(bar + 1));
    return plain == null || plain.length() <= max ? plain : plain.substring(0, max);
  }

  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, List<?> params, RowMapper<T> mapper) {
    em.flush();
    return em.unwrap(Session.class).doReturningWork(c -> {
      try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
        return out;
      }
    });
  }

  private int update(String sql, List<?> params) {
    em.flush();
    return em.unwrap(Session.class).doReturningWork(c -> {
      try (PreparedStatement ps = prepare(c, sql, params)) {
        return ps.executeUpdate();
      }
    });
  }

  private static PreparedStatement prepare(Connection c, String sql, List<?> params) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < params.size(); i++) {
      Object p = params.get(i);
      if (p instanceof Instant t) {
        ps.setTimestamp(i + 1, Timestamp.from(t));
      } else if (p instanceof String[] a) {
        Array array = c.createArrayOf("text", a);
        ps.setArray(i + 1, array);
      } else if (p instanceof UUID[] u) {
        ps.setArray(i + 1, c.createArrayOf("uuid", u));
      } else {
        ps.setObject(i + 1, p);
      }
    }
    return ps;
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static String[] wires(Collection<? extends Wire> values) {
    return values.stream().map(Wire::wire).sorted().toArray(String[]::new);
  }

  // ---------------------------------------------------------------- inbox page

  @Override
  public InboxPage page(InboxQuery q, Scope scope) {
    String[] visible = q.audience() == Audience.TEAM ? TEAM_KINDS : CUSTOMER_KINDS;
    List<Object> params = new ArrayList<>();
    // Select list: the excerpt and the unread count are per-row index lookups on
    // messages (conversation_id, seq), run only for the rows of the page.
    StringBuilder sql = new StringBuilder("select c.id, c.number, c.kind, c.status, c.priority,"
        + " c.inbox, c.labels, c.team, c.assignee, c.created_at, c.last_activity_at, c.sla_due_at,"
        + " c.waiting_since, case when c.kind = 'support' then "
        + (sealed.on() ? "ct.id || '|' || ct.name" : "ct.name")
        + "   else coalesce(c.attributes ->> 'title', c.attributes ->> 'channel') end as title,"
        + " (select " + (sealed.on() ? "m.id || '|' || m.body" : "left(m.body, " + EXCERPT + ")")
        + " from messages m where m.conversation_id = c.id"
        + "   and m.kind = any(?) order by m.seq desc limit 1) as excerpt,"
        + " (select count(*) from messages m where m.conversation_id = c.id"
        + "   and m.seq > coalesce(r.last_read_seq, 0) and m.kind = any(?)"
        + "   and not (m.sender_type = 'agent' and m.sender_id = ?)) as unread"
        + " from conversations c left join contacts ct on ct.id = c.contact_id"
        + " left join read_state r on r.conversation_id = c.id and r.reader = ?"
        + " where true");
    params.add(visible);
    params.add(visible);
    params.add(scope.reader());
    params.add(scope.reader());
    if (q.audience() == Audience.CUSTOMER) {
      sql.append(" and c.kind = 'support'"); // team chat and dev tickets are internal
    }
    sql.append(visible(scope.visibility(), params)); // issue 10: in the query, so pages stay full
    if (!q.kinds().isEmpty()) {
      sql.append(" and c.kind = any(?)");
      params.add(wires(q.kinds()));
    }
    if (!q.statuses().isEmpty()) {
      sql.append(" and c.status = any(?)");
      params.add(wires(q.statuses()));
    }
    if (!q.priorities().isEmpty()) {
      sql.append(" and c.priority = any(?)");
      params.add(wires(q.priorities()));
    }
    if (q.team() != null) {
      sql.append(" and c.team = ?");
      params.add(q.team());
    }
    if (q.label() != null) {
      sql.append(" and c.labels @> array[?]::text[]"); // GIN conversations_labels
      params.add(q.label());
    }
    if (scope.inboxes() != null) {
      sql.append(" and c.inbox = any(?)");
      params.add(scope.inboxes().stream().sorted().toArray(String[]::new));
    }
    if (InboxQuery.NONE.equals(scope.assignee())) {
      sql.append(" and c.assignee is null");
    } else if (scope.assignee() != null) {
      sql.append(" and c.assignee = ?");
      params.add(scope.assignee());
    }
    if (q.waiting()) {
      sql.append(" and c.waiting_since is not null");
    }
    if (q.urgentWithin() != null) {
      sql.append(" and c.sla_due_at <= ?");
      params.add(scope.now().plus(q.urgentWithin()));
    }
    if (q.unread()) {
      // Cheap test on the denormalised last seq first, then the exact one (own messages do not count).
      sql.append(" and c.last_message_seq > coalesce(r.last_read_seq, 0)"
          + " and exists (select 1 from messages m where m.conversation_id = c.id"
          + "   and m.seq > coalesce(r.last_read_seq, 0) and m.kind = any(?)"
          + "   and not (m.sender_type = 'agent' and m.sender_id = ?))");
      params.add(visible);
      params.add(scope.reader());
    }
    Cursor cursor = q.cursor() == null ? null : Cursor.decode(q.cursor(), q.sort());
    if (q.sort() == InboxSort.ACTIVITY) {
      if (cursor != null) {
        sql.append(" and (c.last_activity_at, c.id) < (?, ?)");
        params.add(cursor.at());
        params.add(cursor.id());
      }
      sql.append(" order by c.last_activity_at desc, c.id desc");
    } else {
      sql.append(" and c.sla_due_at is not null");
      if (cursor != null) {
        sql.append(" and (c.sla_due_at, c.id) > (?, ?)");
        params.add(cursor.at());
        params.add(cursor.id());
      }
      sql.append(" order by c.sla_due_at, c.id");
    }
    sql.append(" limit ?");
    params.add(q.limit() + 1);
    Instant now = scope.now();
    List<InboxRow> rows = query(sql.toString(), params, rs -> {
      Instant created = instant(rs, "created_at");
      Instant due = instant(rs, "sla_due_at");
      String inbox = rs.getString("inbox");
      SlaState sla = due == null ? SlaState.NONE
          : due.isBefore(now) ? SlaState.BREACHED
          : !due.isAfter(now.plus(scope.soon())) ? SlaState.DUE_SOON : SlaState.RUNNING;
      return new InboxRow(rs.getObject("id", UUID.class), rs.getLong("number"),
          Wires.parse(ConversationKind.class, "kind", rs.getString("kind")),
          Wires.parse(Status.class, "status", rs.getString("status")),
          Wires.parse(Priority.class, "priority", rs.getString("priority")),
          inbox, scope.channels().get(inbox),
          sealed.on() && "support".equals(rs.getString("kind"))
              ? opened(rs.getString("title"), "contacts", "name", Integer.MAX_VALUE) : rs.getString("title"),
          sealed.on() ? opened(rs.getString("excerpt"), "messages", "body", EXCERPT) : rs.getString("excerpt"),
          instant(rs, "last_activity_at"),
          created.isAfter(now) ? Duration.ZERO : Duration.between(created, now),
          Set.of((String[]) rs.getArray("labels").getArray()), rs.getString("team"),
          rs.getString("assignee"), rs.getLong("unread"), sla, due,
          rs.getTimestamp("waiting_since") != null);
    });
    boolean more = rows.size() > q.limit();
    List<InboxRow> page = more ? rows.subList(0, q.limit()) : rows;
    String next = null;
    if (more) {
      InboxRow last = page.get(page.size() - 1);
      Instant at = q.sort() == InboxSort.ACTIVITY ? last.lastActivityAt() : last.slaDueAt();
      next = new Cursor(q.sort(), at, last.id()).encode();
    }
    return new InboxPage(page, next);
  }

  /** Keyset position: the sort key and the id of the last row; opaque to callers. */
  private record Cursor(InboxSort sort, Instant at, UUID id) {
    String encode() {
      String raw = sort.name() + "|" + at.getEpochSecond() + "." + at.getNano() + "|" + id;
      return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String cursor, InboxSort expected) {
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
        InboxSort sort = InboxSort.valueOf(parts[0]);
        String[] time = parts[1].split("\\.");
        Cursor c = new Cursor(sort, Instant.ofEpochSecond(Long.parseLong(time[0]), Long.parseLong(time[1])),
            UUID.fromString(parts[2]));
        if (sort != expected) {
          throw ValidationException.of("cursor", "belongs to sort " + sort.name().toLowerCase(java.util.Locale.ROOT)
              + ", not " + expected.name().toLowerCase(java.util.Locale.ROOT));
        }
        return c;
      } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
        throw ValidationException.of("cursor", "is not a cursor of this inbox");
      }
    }
  }

  @Override
  public Optional<UUID> conversationIdByExternalId(String externalId) {
    return query("select id from conversations where external_id = ?", List.of(externalId),
        rs -> rs.getObject(1, UUID.class)).stream().findFirst();
  }

  /**
   * The access policy's predicate on {@code c} (issue 10), appending its parameters: empty for a
   * reader who may see everything. Restricted teams hide their conversations from non-members
   * (not from the assignee); the spiritual team hides conversations in it or labelled spiritual.
   */
  static String visible(Visibility v, List<Object> params) {
    StringBuilder sql = new StringBuilder();
    if (!v.hiddenTeams().isEmpty()) {
      sql.append(" and not (c.team is not null and c.team = any(?)");
      params.add(v.hiddenTeams().stream().sorted().toArray(String[]::new));
      if (v.assignee() != null) {
        sql.append(" and c.assignee is distinct from ?");
        params.add(v.assignee());
      }
      sql.append(")");
    }
    if (v.hiddenSpiritualTeam() != null) {
      sql.append(" and c.team is distinct from ? and not coalesce(c.labels @> array[?]::text[], false)");
      params.add(v.hiddenSpiritualTeam());
      params.add(v.spiritualLabel());
    }
    return sql.toString();
  }

  // ---------------------------------------------------------------- counts

  @Override
  public InboxCounts counts(String reader, Visibility visibility) {
    // One pass over support conversations; grouping sets give the totals and the per-team row.
    List<Object> params = new ArrayList<>();
    params.add(reader);
    String hidden = visible(visibility, params);
    String sql = "select c.team, grouping(c.team) as total,"
        + " count(*) filter (where c.status in ('open', 'pending')) as open,"
        + " count(*) filter (where c.status in ('open', 'pending') and c.assignee = ?) as mine,"
        + " count(*) filter (where c.status in ('open', 'pending') and c.assignee is null) as unassigned,"
        + " count(*) filter (where c.status in ('open', 'pending') and c.assignee is not null) as assigned,"
        + " count(*) filter (where c.status = 'resolved') as resolved"
        + " from conversations c where c.kind = 'support'" + hidden + " group by grouping sets ((), (c.team))";
    long[] totals = new long[5];
    Map<String, Long> byTeam = new HashMap<>();
    query(sql, params, rs -> {
      if (rs.getInt("total") == 1) {
        totals[0] = rs.getLong("open");
        totals[1] = rs.getLong("mine");
        totals[2] = rs.getLong("unassigned");
        totals[3] = rs.getLong("assigned");
        totals[4] = rs.getLong("resolved");
      } else if (rs.getString("team") != null) {
        byTeam.put(rs.getString("team"), rs.getLong("open"));
      }
      return null;
    });
    return new InboxCounts(totals[0], totals[1], totals[2], totals[3], totals[4], byTeam);
  }

  // ---------------------------------------------------------------- search

  @Override
  public List<SearchHit> search(String text, Audience audience, int limit, Visibility visibility) {
    boolean team = audience == Audience.TEAM;
    // German or English reading of the query, inlined so the planner sees it as a constant.
    String tsquery = "(websearch_to_tsquery('support_de', ?) || websearch_to_tsquery('support_en', ?))";
    // The kinds are literals (not a bound array) so that the planner can use the partial indexes
    // of V10: public messages and notes are searched apart (messages_public_search/_created,
    // messages_note_search/_created), so neither class has to wade through the other; 'team' is
    // the inbox of internal conversations.
    String visible = team ? " m.kind in ('incoming', 'outgoing')"
        : " m.kind in ('incoming', 'outgoing') and m.inbox <> '" + TEAM_INBOX + "'";
    // issue 10: hidden conversations are left out before the limit (no check for an unrestricted reader)
    List<Object> hiddenParams = new ArrayList<>();
    String visibleHere = visible(visibility, hiddenParams);
    String hidden = visibleHere.isEmpty() ? ""
        : " and exists (select 1 from conversations c where c.id = m.conversation_id" + visibleHere + ")";
    List<Object> words = List.of(text, text);
    // Plan with the query's lexemes, never a generic plan of a server-side prepared statement.
    update("set local plan_cache_mode = force_custom_plan", List.of());
    List<UUID> ids = new ArrayList<>(newest("messages", visible + hidden, hiddenParams, "created_at desc, seq desc",
        tsquery, words, limit));
    if (team) {
      ids.addAll(newest("messages", " m.kind = 'note'" + hidden, hiddenParams, "created_at desc, seq desc",
          tsquery, words, limit));
    }
    // The conversation join and ts_headline run on the chosen rows only.
    // Encrypted bodies can't be highlighted in SQL: the snippet is then the opened body's start.
    String messages = "select m.id, m.conversation_id, c.number, m.kind, c.contact_id, m.created_at,"
        + (sealed.on() ? " m.id || '|' || m.body" : " ts_headline('support_de', m.body, " + tsquery + ","
        + "   'StartSel=«, StopSel=», MaxWords=18, MinWords=6, MaxFragments=1')") + " as snippet"
        + " from messages m join conversations c on c.id = m.conversation_id"
        + " where m.id = any(?) and (? or c.kind = 'support')"
        + " order by m.created_at desc, m.seq desc limit ?";
    List<Object> chosen = new ArrayList<>(sealed.on() ? List.of() : words);
    chosen.addAll(List.of(ids.toArray(UUID[]::new), team, limit));
    List<SearchHit> hits = new ArrayList<>(query(messages, chosen,
        rs -> new SearchHit(SearchHit.Type.MESSAGE, rs.getObject("conversation_id", UUID.class),
            rs.getLong("number"), rs.getObject("id", UUID.class),
            Wires.parse(MessageKind.class, "kind", rs.getString("kind")),
            rs.getObject("contact_id", UUID.class), sealed.on()
                ? opened(rs.getString("snippet"), "messages", "body", EXCERPT) : rs.getString("snippet"),
            instant(rs, "created_at"))));
    if (audience == Audience.TEAM) {
      if (sealed.on()) {
        hits.addAll(sealedContacts(text, limit, visibleHere, hiddenParams));
        return hits;
      }
      List<UUID> contactIds = newest("contacts", contactVisible("m", visibleHere), hiddenParams, "created_at desc, id",
          "(websearch_to_tsquery('support_simple', ?) || websearch_to_tsquery('support_de', ?))", words, limit);
      String contacts = "select ct.id, ct.created_at, concat_ws(' · ', ct.name, ct.email, ct.phone) as snippet"
          + " from contacts ct where ct.id = any(?) order by ct.created_at desc, ct.id";
      hits.addAll(query(contacts, List.of((Object) contactIds.toArray(UUID[]::new)),
          rs -> new SearchHit(SearchHit.Type.CONTACT, null, 0, null, null,
              rs.getObject("id", UUID.class), rs.getString("snippet"), instant(rs, "created_at"))));
    }
    return hits;
  }

  /**
   * The access predicate on a contact row {@code alias} (issue 10), given the conversation
   * predicate {@code visibleHere} of {@link #visible}: a contact is shown if one of its
   * conversations is visible, or if it has none (imported, nothing to restrict). A contact known
   * only from hidden conversations stays hidden.
   */
  private static String contactVisible(String alias, String visibleHere) {
    if (visibleHere.isEmpty()) {
      return " true";
    }
    return " (exists (select 1 from conversations c where c.contact_id = " + alias + ".id" + visibleHere + ")"
        + " or not exists (select 1 from conversations c where c.contact_id = " + alias + ".id))";
  }

  /**
   * Contact hits when contact fields are encrypted: words of the name through the search vector
   * (written from the plaintext name), e-mail and phone only as exact values through their blind
   * indexes; the snippet is decrypted here.
   */
  private List<SearchHit> sealedContacts(String text, int limit, String visibleHere, List<Object> hiddenParams) {
    String[] emails = sealed.cipher().blindIndexes("email", text).toArray(String[]::new);
    String[] phones = sealed.cipher().blindIndexes("phone", text).toArray(String[]::new);
    String sql = "select ct.id, ct.created_at, ct.name, ct.email, ct.phone from contacts ct"
        + " where (ct.search @@ (websearch_to_tsquery('support_simple', ?) || websearch_to_tsquery('support_de', ?))"
        + " or ct.email_index = any(?) or ct.phone_index = any(?)) and" + contactVisible("ct", visibleHere)
        + " order by ct.created_at desc, ct.id limit ?";
    List<Object> params = new ArrayList<>(List.of(text, text, emails, phones));
    params.addAll(hiddenParams);
    params.add(limit);
    return query(sql, params, rs -> {
      UUID id = rs.getObject("id", UUID.class);
      List<String> parts = new ArrayList<>(3);
      for (String column : List.of("name", "email", "phone")) {
        String v = sealed.openContact(column, id, rs.getString(column));
        if (v != null) {
          parts.add(v);
        }
      }
      return new SearchHit(SearchHit.Type.CONTACT, null, 0, null, null, id, String.join(" · ", parts),
          instant(rs, "created_at"));
    });
  }

  /**
   * The ids of the newest {@code limit} rows of {@code table} (alias m) that satisfy {@code visible}
   * and whose {@code search} vector matches {@code tsquery}, in {@code order}. Two plans differ by
   * orders of magnitude here: a common term is found fastest by walking the rows newest first
   * (an index on the order, e.g. messages_public_created or messages_note_created) until
   * {@code limit} hits, whereas a GIN bitmap would first collect every match; a rare term must
   * come from the GIN index and a top-N sort of its few matches. Planner estimates for a tsquery
   * are too rough to choose (AND of correlated words, lexemes outside the statistics), so this
   * walks at most WALK_CAP of the newest rows first: if they hold {@code limit} hits, those are
   * the newest; if not, the term is rarer than limit/WALK_CAP, which bounds what the GIN
   * fallback sorts.
   */
  private List<UUID> newest(String table, String visible, List<Object> visibleParams, String order,
      String tsquery, List<Object> words, int limit) {
    List<Object> walk = new ArrayList<>(visibleParams);
    walk.addAll(words);
    walk.add(limit);
    List<UUID> ids = query("select id from (select * from " + table + " m where" + visible + " order by " + order
        + " limit " + WALK_CAP + ") w where search @@ " + tsquery + " order by " + order + " limit ?", walk,
        rs -> rs.getObject(1, UUID.class));
    if (ids.size() < limit) {
      List<Object> gin = new ArrayList<>(words);
      gin.addAll(visibleParams);
      gin.add(limit);
      update("set local enable_indexscan = off", List.of()); // GIN bitmap, then a top-N sort
      ids = query("select id from " + table + " m where search @@ " + tsquery + " and" + visible + " order by "
          + order + " limit ?", gin, rs -> rs.getObject(1, UUID.class));
      update("set local enable_indexscan = on", List.of());
    }
    return ids;
  }

  // ---------------------------------------------------------------- read state, mentions, watchers

  @Override
  public ReadReceipt markRead(UUID conversationId, String reader, Instant at) {
    String sql = "insert into read_state (conversation_id, reader, last_read_seq, read_at)"
        + " select c.id, ?, c.last_message_seq, ? from conversations c where c.id = ?"
        + " on conflict (conversation_id, reader) do update set"
        + " last_read_seq = greatest(read_state.last_read_seq, excluded.last_read_seq),"
        + " read_at = excluded.read_at returning reader, last_read_seq, read_at";
    ReadReceipt receipt = query(sql, List.of(reader, at, conversationId), PostgresInboxStore::receipt).get(0);
    update("update mentions set seen_at = ? where conversation_id = ? and target = ? and seen_at is null",
        List.of(at, conversationId, reader));
    return receipt;
  }

  private static ReadReceipt receipt(ResultSet rs) throws SQLException {
    return new ReadReceipt(rs.getString("reader"), rs.getLong("last_read_seq"), instant(rs, "read_at"));
  }

  @Override
  public List<ReadReceipt> readReceipts(UUID conversationId) {
    return query("select reader, last_read_seq, read_at from read_state where conversation_id = ?"
        + " order by read_at desc, reader", List.of(conversationId), PostgresInboxStore::receipt);
  }

  @Override
  public long unread(UUID conversationId, String reader) {
    return query("select count(*) from messages m left join read_state r"
        + " on r.conversation_id = m.conversation_id and r.reader = ?"
        + " where m.conversation_id = ? and m.seq > coalesce(r.last_read_seq, 0) and m.kind <> 'activity'"
        + " and not (m.sender_type = 'agent' and m.sender_id = ?)",
        List.of(reader, conversationId, reader), rs -> rs.getLong(1)).get(0);
  }

  @Override
  public void insertMention(UUID messageId, UUID conversationId, String agent, @Nullable String viaTeam, Instant at) {
    List<Object> params = Arrays.asList(messageId, conversationId, agent, viaTeam, at);
    update("insert into mentions (message_id, conversation_id, target, via_team, created_at)"
        + " values (?, ?, ?, ?, ?) on conflict do nothing", params);
  }

  @Override
  public List<MentionView> unseenMentions(String agent, int limit, Visibility visibility) {
    List<Object> params = new ArrayList<>(List.of(agent));
    String hidden = visible(visibility, params); // issue 10: in the query, before the limit
    params.add(limit);
    return query("select n.message_id, n.conversation_id, c.number, m.sender_id, n.via_team, n.created_at"
        + " from mentions n join conversations c on c.id = n.conversation_id"
        + " join messages m on m.id = n.message_id"
        + " where n.target = ? and n.seen_at is null" + hidden + " order by n.created_at desc limit ?",
        params, rs -> new MentionView(rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class), rs.getLong(3), rs.getString(4), rs.getString(5), instant(rs, "created_at")));
  }

  @Override
  public boolean watch(UUID conversationId, String agent, Instant at) {
    return update("insert into watchers (conversation_id, agent, since) values (?, ?, ?) on conflict do nothing",
        List.of(conversationId, agent, at)) == 1;
  }

  @Override
  public boolean unwatch(UUID conversationId, String agent) {
    return update("delete from watchers where conversation_id = ? and agent = ?", List.of(conversationId, agent)) == 1;
  }

  @Override
  public List<String> watchers(UUID conversationId) {
    return query("select agent from watchers where conversation_id = ? order by agent",
        List.of(conversationId), rs -> rs.getString(1));
  }

  // ---------------------------------------------------------------- dev tickets

  @Override
  public Optional<DevTicketState> devTicketState(UUID conversationId) {
    return query("select state from dev_tickets where conversation_id = ?", List.of(conversationId),
        rs -> Wires.parse(DevTicketState.class, "state", rs.getString(1))).stream().findFirst();
  }

  @Override
  public void saveDevTicketState(UUID conversationId, DevTicketState state, Instant at) {
    update("insert into dev_tickets (conversation_id, state, updated_at) values (?, ?, ?)"
        + " on conflict (conversation_id) do update set state = excluded.state, updated_at = excluded.updated_at",
        List.of(conversationId, state.wire(), at));
  }

  @Override
  public boolean link(UUID devTicketId, UUID supportId, Instant at) {
    return update("insert into conversation_links (dev_ticket_id, support_id, created_at) values (?, ?, ?)"
        + " on conflict do nothing", List.of(devTicketId, supportId, at)) == 1;
  }

  @Override
  public List<UUID> linkedSupport(UUID devTicketId) {
    return query("select support_id from conversation_links where dev_ticket_id = ? order by created_at, support_id",
        List.of(devTicketId), rs -> rs.getObject(1, UUID.class));
  }

  @Override
  public List<UUID> linkedDevTickets(UUID supportId) {
    return query("select dev_ticket_id from conversation_links where support_id = ? order by created_at, dev_ticket_id",
        List.of(supportId), rs -> rs.getObject(1, UUID.class));
  }

  // ---------------------------------------------------------------- customer context

  @Override
  public void insertContactNote(UUID contactId, ContextView.ContactNote note) {
    update("insert into contact_notes (id, contact_id, author, body, created_at) values (?, ?, ?, ?, ?)",
        List.of(note.id(), contactId, note.author(), note.body(), note.createdAt()));
  }

  @Override
  public List<ContextView.ContactNote> contactNotes(UUID contactId, int limit) {
    return query("select id, author, body, created_at from contact_notes where contact_id = ?"
        + " order by created_at desc, id limit ?", List.of(contactId, limit),
        rs -> new ContextView.ContactNote(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
            instant(rs, "created_at")));
  }

  @Override
  public List<ContextView.Previous> previousConversations(UUID contactId, UUID except, int limit) {
    return query("select c.id, c.number, c.status, c.created_at, c.resolved_at, c.labels, s.rating"
        + " from conversations c left join csat_responses s on s.conversation_id = c.id"
        + " where c.contact_id = ? and c.id <> ? order by c.created_at desc, c.id limit ?",
        List.of(contactId, except, limit), rs -> {
          int rating = rs.getInt("rating");
          return new ContextView.Previous(rs.getObject("id", UUID.class), rs.getLong("number"),
              Wires.parse(Status.class, "status", rs.getString("status")), instant(rs, "created_at"),
              instant(rs, "resolved_at"),
              Arrays.stream((String[]) rs.getArray("labels").getArray()).collect(Collectors.toSet()),
              rs.wasNull() ? null : rating);
        });
  }
}
