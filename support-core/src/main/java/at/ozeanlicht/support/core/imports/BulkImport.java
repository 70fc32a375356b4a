package at.ozeanlicht.support.core.imports;

import at.ozeanlicht.support.core.api.CsatView;
import at.ozeanlicht.support.core.api.ImportConversation;
import at.ozeanlicht.support.core.api.StoreException;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.SenderType;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes already validated conversations with PostgreSQL {@code COPY} (pgjdbc's {@link CopyManager}):
 * one transaction per {@link #write} call, five COPY streams (contacts, identities, conversations,
 * messages, CSAT) instead of one statement per row. Stores the same rows as {@code
 * SupportEngine.importConversations} except the {@code conversation.imported} outbox events.
 *
 * <p>Preconditions, which the caller must guarantee (the bulk path does not look rows up): the
 * conversations passed the workspace check ({@code SupportEngine.checkImport}); no external id and
 * no contact identity ({@code channel}, contact external id) of a call exists in the database yet;
 * contacts shared by several conversations of one call are written once. A violated precondition
 * fails the whole call with a {@link StoreException} and writes nothing. Meant for loading a fresh
 * database (benchmarks, migrations from another system into an empty workspace). Not thread-safe;
 * use one instance per thread.
 */
public final class BulkImport {
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
   * Writes the conversations in one transaction.
   *
   * @return how many messages were written
   * @throws StoreException if the database rejects the rows (e.g. an external id exists already)
   */
  public long write(List<ImportConversation> conversations) {
    Objects.requireNonNull(conversations, "conversations");
    if (conversations.isEmpty()) {
      return 0;
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        long n = write(c, conversations);
        c.commit();
        return n;
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException | IOException e) {
      throw new StoreException("import: bulk copy failed: " + e.getMessage(), e);
    }
  }

  private long write(Connection c, List<ImportConversation> list) throws SQLException, IOException {
    long[] numbers = numbers(c, list.size());
    StringBuilder contacts = new StringBuilder();
    StringBuilder identities = new StringBuilder();
    StringBuilder conversations = new StringBuilder();
    StringBuilder messages = new StringBuilder();
    StringBuilder csat = new StringBuilder();
    Map<String, UUID> contactIds = new HashMap<>();
    long messageCount = 0;
    for (int i = 0; i < list.size(); i++) {
      ImportConversation conv = list.get(i);
      ImportConversation.Contact ic = conv.contact();
      String key = conv.channel().wire() + '\u0000' + ic.externalId();
      UUID contactId = contactIds.get(key);
      if (contactId == null) {
        contactId = uuid();
        contactIds.put(key, contactId);
        row(contacts, contactId, ic.name(), ic.email(), null, ic.language(), ic.vip() ? "t" : "f",
            conv.createdAt());
        row(identities, conv.channel().wire(), ic.externalId(), contactId);
      }
      List<ImportConversation.ImportMessage> ordered = new ArrayList<>(conv.messages());
      ordered.sort(Comparator.comparing(ImportConversation.ImportMessage::createdAt));
      // First response and last activity exactly as SupportEngine.importConversations sets them.
      Instant firstIncoming = null;
      Instant firstResponse = null;
      for (ImportConversation.ImportMessage m : ordered) {
        if (firstIncoming == null && m.direction() == MessageKind.INCOMING) {
          firstIncoming = m.createdAt();
        }
      }
      for (ImportConversation.ImportMessage m : ordered) {
        if (m.direction() == MessageKind.OUTGOING
            && (firstIncoming == null || !m.createdAt().isBefore(firstIncoming))) {
          firstResponse = m.createdAt();
          break;
        }
      }
      Instant last = ordered.isEmpty() ? conv.createdAt() : ordered.get(ordered.size() - 1).createdAt();
      UUID id = uuid();
      row(conversations, id, numbers[i], "support", conv.inbox(), contactId, conv.status().wire(),
          conv.priority().wire(), "{" + String.join(",", conv.labels()) + "}", conv.team(), conv.assignee(),
          conv.externalId(), conv.createdAt(), last.isBefore(conv.createdAt()) ? conv.createdAt() : last,
          firstResponse, conv.status().wire().equals("resolved") ? conv.resolvedAt() : null, 0);
      for (ImportConversation.ImportMessage m : ordered) {
        String senderId = m.sender().type() == SenderType.CONTACT ? contactId.toString() : m.sender().id();
        row(messages, uuid(), id, conv.inbox(), m.direction().wire(), m.sender().type().wire(), senderId,
            m.body(), "text", m.createdAt());
        messageCount++;
      }
      CsatView rating = conv.csat();
      if (rating != null) {
        row(csat, id, rating.rating(), rating.comment(), rating.submittedAt());
      }
    }
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    copy.copyIn("copy contacts (id, name, email, phone, language, vip, created_at) from stdin",
        new StringReader(contacts.toString()));
    copy.copyIn("copy contact_identities (channel, external_id, contact_id) from stdin",
        new StringReader(identities.toString()));
    copy.copyIn("copy conversations (id, number, kind, inbox, contact_id, status, priority, labels, team,"
        + " assignee, external_id, created_at, last_activity_at, first_response_at, resolved_at, version)"
        + " from stdin", new StringReader(conversations.toString()));
    copy.copyIn("copy messages (id, conversation_id, inbox, kind, sender_type, sender_id, body,"
        + " content_type, created_at) from stdin", new StringReader(messages.toString()));
    if (!csat.isEmpty()) {
      copy.copyIn("copy csat_responses (conversation_id, rating, comment, submitted_at) from stdin",
          new StringReader(csat.toString()));
    }
    return messageCount;
  }

  private static long[] numbers(Connection c, int n) throws SQLException {
    long[] out = new long[n];
    try (PreparedStatement ps = c.prepareStatement(
        "select nextval('conversation_number_seq') from generate_series(1, ?)")) {
      ps.setInt(1, n);
      try (ResultSet rs = ps.executeQuery()) {
        for (int i = 0; rs.next(); i++) {
          out[i] = rs.getLong(1);
        }
      }
    }
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
    for (int i = 0; i < s.length(); i++) {
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
