package at.ozeanlicht.support.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Sender;
import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The inbox columns of a conversation ({@code last_message_seq}, {@code waiting_since}) after
 * messages are written several to a statement (V26's statement trigger) equal what the rules of
 * V10's row trigger give when applied message by message in seq order: activity changes nothing,
 * a reply clears the wait, a customer message starts it unless it is running, notes leave it.
 */
@ExtendWith(PostgresExtension.class)
class InboxColumnsIT {
  private static final Instant T0 = Instant.parse("2026-11-26T09:00:00Z");
  private static final MessageKind[] KINDS = MessageKind.values();
  private final ConversationStore store = SharedPostgres.database().conversationStore();

  /** A conversation's inbox columns. */
  record Columns(long lastMessageSeq, @Nullable Instant waitingSince) {}

  @Test
  void messagesWrittenSeveralToAStatement_keepTheColumnsAsOneAtATimeWould() throws SQLException {
    List<UUID> conversations = new ArrayList<>();
    try (SupportEngine engine = SupportEngine.builder().store(store)
        .workspace(TestWorkspaces.small()).clock(new MutableClock(T0)).build()) {
      for (int i = 0; i < 4; i++) {
        conversations.add(engine.receive(ReceiveMessage.text("web", InboundContact.of("inbox-" + i),
            "inbox-" + i, "Hallo")).conversation().id());
      }
    }
    Random random = new Random(26);
    for (int trial = 0; trial < 60; trial++) {
      UUID conversation = conversations.get(random.nextInt(conversations.size()));
      Instant start = T0.plusSeconds(60L * trial);
      Instant initialWait = random.nextBoolean() ? null : start.minusSeconds(30);
      reset(conversation, initialWait);
      Columns before = columns(conversation);
      // Up to three statements of up to four messages each, a duplicate channel id among them.
      List<List<Message>> statements = new ArrayList<>();
      List<Message> all = new ArrayList<>();
      int n = 0;
      for (int s = 1 + random.nextInt(3); s > 0; s--) {
        List<Message> rows = new ArrayList<>();
        for (int m = 1 + random.nextInt(4); m > 0; m--) {
          MessageKind kind = KINDS[random.nextInt(KINDS.length)];
          String channelId = kind == MessageKind.INCOMING
              ? "t" + trial + "-" + (random.nextInt(5) == 0 && n > 0 ? n - 1 : n) : null;
          Message message = new Message(UUID.randomUUID(), conversation, kind,
              kind == MessageKind.INCOMING ? Sender.system() : Sender.agent("lena"), "m" + n,
              ContentType.TEXT, List.of(), channelId, List.of(), start.plusSeconds(n), null, null);
          rows.add(message);
          all.add(message);
          n++;
        }
        statements.add(rows);
      }
      store.inTransaction(tx -> {
        for (List<Message> rows : statements) {
          if (rows.size() == 1 && random.nextBoolean()) {
            tx.insertMessage(rows.get(0), "web");
          } else {
            tx.insertMessages(rows, "web");
          }
        }
        return null;
      });

      // The V10 rules, one stored message at a time in seq order (a duplicate was not stored).
      long lastSeq = before.lastMessageSeq();
      Instant waiting = before.waitingSince();
      for (Stored row : stored(conversation, all)) {
        if (row.kind() == MessageKind.ACTIVITY) {
          continue;
        }
        lastSeq = Math.max(lastSeq, row.seq());
        if (row.kind() == MessageKind.INCOMING && waiting == null) {
          waiting = row.createdAt();
        } else if (row.kind() == MessageKind.OUTGOING) {
          waiting = null;
        }
      }
      assertThat(columns(conversation)).as("trial %d: %s", trial, statements.stream()
              .map(rows -> rows.stream().map(m -> m.kind() + "/" + m.channelMessageId()).toList())
              .toList())
          .isEqualTo(new Columns(lastSeq, waiting));
    }
  }

  @Test
  void mentions_areStoredInTheirOrder_andNoMentionsIsAnEmptyArray() {
    UUID conversation;
    try (SupportEngine engine = SupportEngine.builder().store(store)
        .workspace(TestWorkspaces.small()).clock(new MutableClock(T0)).build()) {
      conversation = engine.receive(ReceiveMessage.text("web", InboundContact.of("mentions"),
          "mentions-1", "Hallo")).conversation().id();
    }
    Message note = new Message(UUID.randomUUID(), conversation, MessageKind.NOTE,
        Sender.agent("lena"), "@tom @anna @ben", ContentType.TEXT, List.of(), null,
        List.of("tom", "anna", "ben"), T0.plusSeconds(5), null, null);
    Message plain = new Message(UUID.randomUUID(), conversation, MessageKind.NOTE,
        Sender.agent("lena"), "ohne", ContentType.TEXT, List.of(), null, List.of(),
        T0.plusSeconds(6), null, null);
    int inserted = store.inTransaction(tx -> tx.insertMessages(List.of(note, plain), "web"));
    assertThat(inserted).isEqualTo(2);

    List<Message> stored = store.inTransaction(tx -> tx.messages(conversation));
    assertThat(stored).filteredOn(m -> m.id().equals(note.id())).singleElement()
        .extracting(Message::mentions).isEqualTo(List.of("tom", "anna", "ben"));
    assertThat(stored).filteredOn(m -> m.id().equals(plain.id())).singleElement()
        .extracting(Message::mentions).isEqualTo(List.of());
  }

  private record Stored(long seq, MessageKind kind, Instant createdAt) {}

  /** The rows of {@code messages} that were stored, in seq order. */
  private static List<Stored> stored(UUID conversation, List<Message> messages) throws SQLException {
    try (Connection c = SharedPostgres.pool().getConnection();
        PreparedStatement ps = c.prepareStatement("select seq, kind, created_at from messages"
            + " where conversation_id = ? and id = any(?) order by seq")) {
      ps.setObject(1, conversation);
      ps.setArray(2, c.createArrayOf("uuid", messages.stream().map(Message::id).toArray()));
      List<Stored> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Stored(rs.getLong(1), MessageKind.valueOf(rs.getString(2).toUpperCase(
              java.util.Locale.ROOT)), rs.getTimestamp(3).toInstant()));
        }
      }
      c.commit();
      return out;
    }
  }

  private static void reset(UUID conversation, @Nullable Instant waitingSince) throws SQLException {
    try (Connection c = SharedPostgres.pool().getConnection();
        PreparedStatement ps = c.prepareStatement(
            "update conversations set waiting_since = ? where id = ?")) {
      ps.setTimestamp(1, waitingSince == null ? null : Timestamp.from(waitingSince));
      ps.setObject(2, conversation);
      assertThat(ps.executeUpdate()).isOne();
      c.commit();
    }
  }

  /** The stored inbox columns of {@code conversation} (ReceiveBatchStoreIT reads them too). */
  static Columns columns(UUID conversation) throws SQLException {
    try (Connection c = SharedPostgres.pool().getConnection();
        PreparedStatement ps = c.prepareStatement(
            "select last_message_seq, waiting_since from conversations where id = ?")) {
      ps.setObject(1, conversation);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        Timestamp waiting = rs.getTimestamp(2);
        Columns out = new Columns(rs.getLong(1), waiting == null ? null : waiting.toInstant());
        c.commit();
        return out;
      }
    }
  }
}
