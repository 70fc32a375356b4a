package at.ozeanlicht.support.core.imports;

import at.ozeanlicht.support.core.api.CsatView;
import at.ozeanlicht.support.core.api.ImportConversation;
import at.ozeanlicht.support.core.api.ImportResult;
import at.ozeanlicht.support.core.api.StoreException;
import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.SenderType;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.spi.DomainEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Imports already validated conversations with PostgreSQL {@code COPY} (pgjdbc's {@link CopyManager}):
 * one transaction per call, a few COPY streams (contacts, identities, conversations, messages,
 * CSAT, outbox events, audit rows) instead of statements per row. Stores what {@code
 * SupportEngine.importConversations} stores, and is idempotent the same way: a conversation whose
 * external id exists (in the database or earlier in the same call) is left alone and reported
 * unchanged; a contact known by ({@code channel}, contact external id) is reused, its missing name,
 * e-mail and language filled in and {@code vip} or-ed, exactly as the engine merges it.
 *
 * <p>Two things are written differently, for speed (see V20__bulk_import.sql for the
 * measurements): the transaction sets {@code support.bulk_load}, so the per-row triggers of
 * {@code messages} do not run; the writer computes the conversation columns the inbox trigger
 * would have kept ({@code last_message_seq}, {@code waiting_since}) itself, and leaves {@code
 * messages.search} NULL for {@link SearchBackfill} to fill afterwards, recording the id range of
 * the messages it wrote in {@code search_backlog} (V22). Imported history is stored and reported
 * at once and found by search once the backfill has caught up.
 *
 * <p>Writes plaintext only: a store that encrypts at rest must use the engine's import.
 * Concurrency: no row is looked up under a lock; a conversation or contact identity created
 * concurrently by another writer makes the whole call fail on the unique constraint with a
 * {@link StoreException} (nothing is written; running the import again skips what exists). Not
 * thread-safe; use one instance per thread.
 */
public final class BulkImport {
  /** The transaction-local setting the message triggers of V20 check. */
  static final String BULK_LOAD = "support.bulk_load";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;
  private final SplittableRandom random;
  private long counter;

  private BulkImport(DataSource dataSource, long seed) {
    this.dataSource = dataSource;
    this.random = new SplittableRandom(seed);
  }

  /** A bulk writer over a migrated database; {@code seed} feeds the row ids (random UUIDs). */
  public static BulkImport of(DataSource dataSource, long seed) {
    return new BulkImport(Objects.requireNonNull(dataSource, "dataSource"), seed);
  }

  /**
   * What one call did.
   *
   * @param results per conversation, in the order given (as {@code SupportEngine.importConversations})
   * @param events the {@code conversation.imported} events written to the outbox
   * @param messages messages written
   */
  public record Outcome(List<ImportResult> results, List<DomainEvent> events, long messages) {
    /** Copies the lists. */
    public Outcome {
      results = List.copyOf(results);
      events = List.copyOf(events);
    }
  }

  /**
   * Imports the conversations in one transaction as the system actor, events dated now.
   *
   * @return how many messages were written
   * @throws StoreException if the database rejects the rows
   */
  public long write(List<ImportConversation> conversations) {
    return importConversations(conversations, Instant.now(), Actor.system(), null).messages();
  }

  /**
   * Imports the conversations in one transaction: all of them or none.
   *
   * @param now when the {@code conversation.imported} events and audit rows happen
   * @param actor who imports (the audit log's actor)
   * @param command the audit log's command, or null
   * @throws StoreException if the database rejects the rows
   */
  public Outcome importConversations(List<ImportConversation> conversations, Instant now, Actor actor,
      @Nullable String command) {
    Objects.requireNonNull(conversations, "conversations");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(actor, "actor");
    if (conversations.isEmpty()) {
      return new Outcome(List.of(), List.of(), 0);
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Outcome o = write(c, conversations, now, actor, command);
        c.commit();
        return o;
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException | IOException e) {
      throw new StoreException("import: bulk copy failed: " + e.getMessage(), e);
    }
  }

  /** A contact as the import leaves it: found in the database or new in this call. */
  private static final class ContactRow {
    final UUID id;
    final boolean isNew;
    @Nullable String name;
    @Nullable String email;
    @Nullable String phone;
    @Nullable String language;
    boolean vip;
    Map<String, String> attributes;
    boolean changed;

    ContactRow(UUID id, boolean isNew, @Nullable String name, @Nullable String email,
        @Nullable String phone, @Nullable String language, boolean vip, Map<String, String> attributes) {
      this.id = id;
      this.isNew = isNew;
      this.name = name;
      this.email = email;
      this.phone = phone;
      this.language = language;
      this.vip = vip;
      this.attributes = attributes;
    }

    /**
     * The engine's merge: missing fields filled from the import, vip or-ed, imported attribute
     * keys added where the stored contact lacks them (stored values win).
     */
    void merge(ImportConversation.Contact ic) {
      boolean newKeys = !attributes.keySet().containsAll(ic.attributes().keySet());
      changed |= name == null && ic.name() != null || email == null && ic.email() != null
          || phone == null && ic.phone() != null
          || language == null && ic.language() != null || !vip && ic.vip() || newKeys;
      name = name != null ? name : ic.name();
      email = email != null ? email : ic.email();
      phone = phone != null ? phone : ic.phone();
      language = language != null ? language : ic.language();
      vip = vip || ic.vip();
      if (newKeys) {
        Map<String, String> m = new HashMap<>(ic.attributes());
        m.putAll(attributes);
        attributes = m;
      }
    }
  }

  private Outcome write(Connection c, List<ImportConversation> list, Instant now, Actor actor,
      @Nullable String command) throws SQLException, IOException {
    try (Statement s = c.createStatement()) {
      s.execute("select set_config('" + BULK_LOAD + "', 'on', true)");
    }
    Map<String, ImportResult> existing = existingConversations(c, list);
    // First occurrence of each external id that is not in the database yet.
    List<ImportConversation> fresh = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ImportConversation conv : list) {
      if (!existing.containsKey(conv.externalId()) && seen.add(conv.externalId())) {
        fresh.add(conv);
      }
    }
    Map<String, ContactRow> contacts = existingContacts(c, fresh);
    long[] numbers = sequence(c, "conversation_number_seq", fresh.size());
    int messageTotal = 0;
    for (ImportConversation conv : fresh) {
      messageTotal += conv.messages().size();
    }
    long[] seqs = sequence(c, "messages_seq_seq", messageTotal);
    StringBuilder conversations = new StringBuilder();
    StringBuilder messages = new StringBuilder();
    StringBuilder csat = new StringBuilder();
    StringBuilder events = new StringBuilder();
    StringBuilder audit = new StringBuilder();
    Map<String, ImportResult> created = new HashMap<>();
    Map<String, ImportConversation> newContacts = new HashMap<>();
    List<DomainEvent> written = new ArrayList<>(fresh.size());
    long messageCount = 0;
    int seqIndex = 0;
    IdRange range = new IdRange();
    for (int i = 0; i < fresh.size(); i++) {
      ImportConversation conv = fresh.get(i);
      ImportConversation.Contact ic = conv.contact();
      String key = contactKey(conv.channel().wire(), ic.externalId());
      ContactRow contact = contacts.get(key);
      if (contact == null) {
        contact = new ContactRow(uuid(), true, ic.name(), ic.email(), ic.phone(), ic.language(), ic.vip(),
            ic.attributes());
        contacts.put(key, contact);
        newContacts.put(key, conv);
      } else {
        contact.merge(ic);
      }
      ImportConversation.Stored d = conv.stored();
      List<ImportConversation.ImportMessage> ordered = d.messagesByTime();
      UUID id = uuid();
      // The inbox trigger's columns (V26 inbox_on_messages), applied to the messages in insert order.
      long lastSeq = 0;
      Instant waiting = null;
      for (ImportConversation.ImportMessage m : ordered) {
        long seq = seqs[seqIndex++];
        String senderId = m.sender().type() == SenderType.CONTACT ? contact.id.toString() : m.sender().id();
        UUID messageId = uuid();
        range.add(messageId);
        row(messages, messageId, seq, id, conv.inbox(), m.direction().wire(), m.sender().type().wire(),
            senderId, m.body(), "text", m.createdAt());
        messageCount++;
        switch (m.direction()) {
          case ACTIVITY -> { }
          case INCOMING -> {
            lastSeq = seq;
            waiting = waiting == null ? m.createdAt() : waiting;
          }
          case OUTGOING -> {
            lastSeq = seq;
            waiting = null;
          }
          case NOTE -> lastSeq = seq;
        }
      }
      row(conversations, id, numbers[i], "support", conv.inbox(), contact.id, conv.status().wire(),
          conv.priority().wire(), textArray(conv.labels()), conv.team(), conv.assignee(),
          conv.externalId(), conv.createdAt(), d.lastActivityAt(), d.firstResponseAt(),
          conv.status() == Status.RESOLVED ? conv.resolvedAt() : null, 0, lastSeq, waiting);
      CsatView rating = conv.csat();
      if (rating != null) {
        row(csat, id, rating.rating(), rating.comment(), rating.submittedAt());
      }
      DomainEvent e = new DomainEvent(UUID.randomUUID(), "conversation.imported", id, now,
          Map.of("externalId", conv.externalId()));
      String data = JSON.writeValueAsString(e.data());
      row(events, e.id(), e.type(), id, now, data);
      row(audit, now, actor.kind().wire(), actor.id(), e.type(), command, id, contact.id, data, "{}");
      written.add(e);
      created.put(conv.externalId(), new ImportResult(id, true, ordered.size()));
    }
    StringBuilder newContactRows = new StringBuilder();
    StringBuilder identities = new StringBuilder();
    StringBuilder merged = new StringBuilder();
    for (Map.Entry<String, ContactRow> entry : contacts.entrySet()) {
      ContactRow r = entry.getValue();
      if (r.isNew) {
        ImportConversation first = newContacts.get(entry.getKey());
        row(newContactRows, r.id, r.name, r.email, r.phone, r.language, r.vip ? "t" : "f",
            attributesJson(r.attributes), first.createdAt());
        row(identities, first.channel().wire(), first.contact().externalId(), r.id);
      } else if (r.changed) {
        row(merged, r.id, r.name, r.email, r.phone, r.language, r.vip ? "t" : "f", attributesJson(r.attributes));
      }
    }
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    copy(copy, "contacts (id, name, email, phone, language, vip, attributes, created_at)", newContactRows);
    copy(copy, "contact_identities (channel, external_id, contact_id)", identities);
    if (!merged.isEmpty()) {
      try (Statement s = c.createStatement()) {
        s.execute("create temporary table bulk_contact_merge (id uuid, name text, email text,"
            + " phone text, language text, vip boolean, attributes jsonb) on commit drop");
      }
      copy(copy, "bulk_contact_merge (id, name, email, phone, language, vip, attributes)", merged);
      try (Statement s = c.createStatement()) {
        s.execute("update contacts c set name = m.name, email = m.email, phone = m.phone,"
            + " language = m.language, vip = m.vip, attributes = m.attributes"
            + " from bulk_contact_merge m where c.id = m.id");
      }
    }
    copy(copy, "conversations (id, number, kind, inbox, contact_id, status, priority, labels, team,"
        + " assignee, external_id, created_at, last_activity_at, first_response_at, resolved_at, version,"
        + " last_message_seq, waiting_since)", conversations);
    copy(copy, "messages (id, seq, conversation_id, inbox, kind, sender_type, sender_id, body,"
        + " content_type, created_at)", messages);
    if (range.from != null) {
      // The backlog of SearchBackfill (V22): one row per call instead of an index entry per message.
      try (PreparedStatement ps = c.prepareStatement("insert into search_backlog (from_id, to_id) values (?, ?)")) {
        ps.setObject(1, range.from);
        ps.setObject(2, range.to);
        ps.executeUpdate();
      }
    }
    copy(copy, "csat_responses (conversation_id, rating, comment, submitted_at)", csat);
    copy(copy, "outbox_events (id, type, conversation_id, occurred_at, data)", events);
    copy(copy, "audit_log (at, actor_kind, actor_id, action, command, conversation_id, contact_id,"
        + " data, changes)", audit);
    List<ImportResult> results = new ArrayList<>(list.size());
    Map<String, ImportResult> firstSeen = new HashMap<>();
    for (ImportConversation conv : list) {
      ImportResult r = existing.get(conv.externalId());
      if (r == null) {
        r = firstSeen.containsKey(conv.externalId())
            ? unchanged(firstSeen.get(conv.externalId())) : created.get(conv.externalId());
        firstSeen.putIfAbsent(conv.externalId(), r);
      }
      results.add(r);
    }
    return new Outcome(results, written, messageCount);
  }

  /** The smallest and largest of some ids in PostgreSQL's uuid order (unsigned bytes; UUID.compareTo is signed). */
  private static final class IdRange {
    @Nullable UUID from;
    @Nullable UUID to;

    void add(UUID id) {
      from = from == null || compare(id, from) < 0 ? id : from;
      to = to == null || compare(id, to) > 0 ? id : to;
    }

    private static int compare(UUID a, UUID b) {
      int hi = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
      return hi != 0 ? hi : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
  }

  private static ImportResult unchanged(ImportResult r) {
    return new ImportResult(r.conversationId(), false, r.messages());
  }

  private static void copy(CopyManager copy, String table, StringBuilder rows) throws SQLException, IOException {
    if (!rows.isEmpty()) {
      copy.copyIn("copy " + table + " from stdin", new StringReader(rows.toString()));
    }
  }

  private static String contactKey(String channel, String externalId) {
    return channel + '\u0000' + externalId;
  }

  /** Conversations of the list already in the database, as unchanged results with their message count. */
  private static Map<String, ImportResult> existingConversations(Connection c, List<ImportConversation> list)
      throws SQLException {
    Map<String, ImportResult> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("select c.external_id, c.id,"
        + " (select count(*) from messages m where m.conversation_id = c.id)"
        + " from conversations c where c.external_id = any(?)")) {
      ps.setArray(1, c.createArrayOf("text", list.stream().map(ImportConversation::externalId).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new ImportResult(rs.getObject(2, UUID.class), false,
              Math.toIntExact(rs.getLong(3))));
        }
      }
    }
    return out;
  }

  /** Contacts the conversations name by (channel, external id) that exist, keyed by {@link #contactKey}. */
  private static String attributesJson(Map<String, String> attributes) throws IOException {
    return JSON.writeValueAsString(new java.util.TreeMap<>(attributes));
  }

  private static Map<String, String> attributes(@Nullable String json) throws SQLException {
    if (json == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
    } catch (IOException e) {
      throw new SQLException("contacts.attributes: not an object of strings: " + e.getMessage(), e);
    }
  }

  private static Map<String, ContactRow> existingContacts(Connection c, List<ImportConversation> fresh)
      throws SQLException {
    Map<String, ContactRow> out = new LinkedHashMap<>();
    if (fresh.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement("select i.channel, i.external_id, k.id, k.name,"
        + " k.email, k.language, k.vip, k.phone, k.attributes::text"
        + " from contact_identities i join contacts k on k.id = i.contact_id"
        + " where (i.channel, i.external_id) in (select * from unnest(cast(? as text[]), cast(? as text[])))")) {
      ps.setArray(1, c.createArrayOf("text", fresh.stream().map(f -> f.channel().wire()).toArray()));
      ps.setArray(2, c.createArrayOf("text", fresh.stream().map(f -> f.contact().externalId()).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(contactKey(rs.getString(1), rs.getString(2)), new ContactRow(rs.getObject(3, UUID.class),
              false, rs.getString(4), rs.getString(5), rs.getString(8), rs.getString(6), rs.getBoolean(7),
              attributes(rs.getString(9))));
        }
      }
    }
    return out;
  }

  /** {@code n} values of a sequence, in the order drawn. */
  private static long[] sequence(Connection c, String sequence, int n) throws SQLException {
    long[] out = new long[n];
    if (n == 0) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "select nextval('" + sequence + "') from generate_series(1, ?)")) {
      ps.setInt(1, n);
      try (ResultSet rs = ps.executeQuery()) {
        for (int i = 0; rs.next(); i++) {
          out[i] = rs.getLong(1);
        }
      }
    }
    Arrays.sort(out);
    return out;
  }

  /**
   * A time-ordered (version 7 layout) UUID: the clock's milliseconds in the high bits, then a
   * per-instance counter, then seeded random bits. Ids of rows loaded together sort together, so
   * the primary-key and messages_conversation indexes grow at their right edge instead of taking
   * random page writes across an index larger than the buffer cache; and it is much cheaper than
   * SecureRandom for millions of rows.
   */
  private UUID uuid() {
    long ms = System.currentTimeMillis();
    long hi = (ms << 16) | 0x7000L | (counter++ & 0x0FFFL);
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo);
  }

  /** A text[] literal with every element quoted, so any label text survives. */
  private static String textArray(Iterable<String> values) {
    StringBuilder out = new StringBuilder("{");
    for (String v : values) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return out.append('}').toString();
  }

  /** One row in COPY text format: tab-separated, {@code \N} for null, backslash escapes. */
  private static void row(StringBuilder out, Object... values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.append('\t');
      }
      Object v = values[i];
      if (v == null) {
        out.append("\\N");
      } else {
        escape(out, v.toString());
      }
    }
    out.append('\n');
  }

  private static void escape(StringBuilder out, String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) != '\\' && s.charAt(i) != '\t' && s.charAt(i) != '\n'
        && s.charAt(i) != '\r') {
      i++;
    }
    // Most values need no escape: one bulk append (the per-character loop was the JVM's hot spot).
    out.append(s, 0, i);
    for (; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(ch);
      }
    }
  }
}
