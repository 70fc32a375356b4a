package at.ozeanlicht.support.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.api.ConflictException;
import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Sender;
import at.ozeanlicht.support.core.domain.SlaMetric;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.sla.BusinessCalendar;
import at.ozeanlicht.support.core.sla.BusinessHours;
import at.ozeanlicht.support.core.sla.EscalationAction;
import at.ozeanlicht.support.core.sla.SlaConfig;
import at.ozeanlicht.support.core.sla.SlaPolicy;
import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.spi.ConversationStore.Transaction.ReceiveKeys;
import at.ozeanlicht.support.core.spi.OutboundMessage;
import at.ozeanlicht.support.core.spi.SlaClock;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A group-commit batch in the store (issue 12): {@code prepareReceives} takes the sender locks and
 * reads ahead what the receives ask first; the batch's messages and conversation updates are
 * written together later. Each answer read ahead is used once and never after the transaction
 * wrote its row, and nothing waiting to be written is missed by a later statement.
 */
@ExtendWith(PostgresExtension.class)
class ReceiveBatchStoreIT {
  private static final Instant T0 = Instant.parse("2026-11-26T09:00:00Z");
  private final ConversationStore store = SharedPostgres.database().conversationStore();
  private Contact anna;
  private Conversation annas;
  private List<SlaClock> annasClocks;
  /** Not in the batch: its row is not locked by it. */
  private UUID dora;

  @BeforeEach
  void twoSenders() {
    ZoneId vienna = ZoneId.of("Europe/Vienna");
    SlaPolicy normal = new SlaPolicy("normal", Priority.NORMAL, null, null, null,
        Map.of(SlaMetric.FIRST_RESPONSE, Duration.ofHours(4), SlaMetric.RESOLUTION, Duration.ofHours(48)),
        true, 0.8, List.of(EscalationAction.NOTIFY), List.of(), false);
    SlaConfig sla = new SlaConfig(vienna, Map.of("office",
        BusinessCalendar.of(vienna, BusinessHours.parse("mon-fri 09:00-18:00"))), "office", List.of(normal));
    try (SupportEngine engine = SupportEngine.builder().store(store)
        .workspace(TestWorkspaces.small().withSla(sla)).clock(new MutableClock(T0)).build()) {
      engine.receive(ReceiveMessage.text("web", InboundContact.of("anna"), "a-1", "Hallo"));
      engine.receive(ReceiveMessage.text("web", InboundContact.of("ben"), "b-1", "Hallo"));
      dora = engine.receive(ReceiveMessage.text("web", InboundContact.of("dora"), "d-1", "Hallo"))
          .conversation().id();
    }
    store.inTransaction(tx -> {
      anna = tx.contactByExternalId(ChannelType.WEB, "anna").orElseThrow();
      annas = tx.latestConversation(anna.id(), "web").orElseThrow();
      annasClocks = tx.openSlaClocks(annas.id());
      return null;
    });
    assertThat(annasClocks).as("a new conversation has running clocks").isNotEmpty();
  }

  private static ReceiveKeys keys(String sender, String channelMessageId) {
    return new ReceiveKeys("lock:" + sender, "web", channelMessageId, ChannelType.WEB, sender, true);
  }

  private static List<ReceiveKeys> batch() {
    return List.of(keys("anna", "a-2"), keys("ben", "b-1"), keys("carla", "c-1"));
  }

  @Test
  void prepareReceives_holdsTheSenderLocks_andAnswersEachFirstLookupAsTheSingleCallWould() {
    Message bensFirst = store.inTransaction(tx -> tx.messageByChannelId("web", "b-1")).orElseThrow();
    store.inTransaction(tx -> {
      tx.prepareReceives(batch());
      for (String sender : List.of("anna", "ben", "carla")) {
        assertThat(tryLockElsewhere("lock:" + sender)).as("lock of " + sender + " held").isFalse();
      }
      assertThat(tx.lockAndFindMessage("lock:anna", "web", "a-2")).isEmpty();
      assertThat(tx.lockAndFindMessage("lock:ben", "web", "b-1")).contains(bensFirst);
      assertThat(tx.lockAndFindMessage("lock:carla", "web", "c-1")).isEmpty();
      assertThat(tx.contactByExternalId(ChannelType.WEB, "anna")).contains(anna);
      assertThat(tx.contactByExternalId(ChannelType.WEB, "carla")).isEmpty();
      assertThat(tx.latestConversation(anna.id(), "web")).contains(annas);
      assertThat(tx.openSlaClocks(annas.id())).isEqualTo(annasClocks);
      return null;
    });
  }

  @Test
  void readAhead_isUsedOnce_theSecondLookupReadsAgain() {
    store.inTransaction(tx -> {
      tx.prepareReceives(batch());
      execute("update contacts set language = 'it' where id = ?", anna.id()); // committed elsewhere
      assertThat(tx.contactByExternalId(ChannelType.WEB, "anna").orElseThrow().language())
          .as("the answer read ahead").isEqualTo(anna.language());
      assertThat(tx.contactByExternalId(ChannelType.WEB, "anna").orElseThrow().language())
          .as("read again").isEqualTo("it");
      return null;
    });
  }

  @Test
  void readAhead_afterTheTransactionWroteTheRow_isNotUsed() {
    store.inTransaction(tx -> {
      tx.prepareReceives(batch());
      tx.saveContact(new Contact(anna.id(), anna.externalIds(), "Anna Neu", anna.email(),
          anna.phone(), anna.language(), anna.vip(), anna.attributes(), anna.createdAt()));
      assertThat(tx.contactByExternalId(ChannelType.WEB, "anna").orElseThrow().name()).isEqualTo("Anna Neu");

      Conversation pending = tx.updateConversation(withStatus(annas, Status.PENDING));
      assertThat(pending.version()).isEqualTo(annas.version() + 1);
      assertThat(tx.latestConversation(anna.id(), "web")).as("the deferred update is written first")
          .contains(pending);

      SlaClock k = annasClocks.get(0);
      SlaClock paused = new SlaClock(k.id(), k.conversationId(), k.metric(), k.policy(), k.calendar(),
          k.target(), k.warnAfter(), k.startedAt(), null, Duration.ofMinutes(1), k.warnAt(), k.dueAt(),
          T0.plusSeconds(60), null, null, null);
      tx.updateSlaClock(paused);
      assertThat(tx.openSlaClocks(annas.id())).contains(paused).doesNotContain(k);
      return null;
    });
  }

  @Test
  void deferredConversationUpdates_countEveryChange_andAreStoredAtCommit() {
    Conversation second = store.inTransaction(tx -> {
      tx.prepareReceives(batch());
      Conversation c = tx.latestConversation(anna.id(), "web").orElseThrow();
      Conversation first = tx.updateConversation(withStatus(c, Status.PENDING));
      return tx.updateConversation(withStatus(first, Status.OPEN));
    });
    assertThat(second.version()).isEqualTo(annas.version() + 2);
    assertThat(store.inTransaction(tx -> tx.conversation(annas.id(), false)).orElseThrow())
        .isEqualTo(second);
  }

  @Test
  void deferredConversationUpdates_ofSeveralConversations_storeEveryField() {
    UUID bensContact = store.inTransaction(tx -> tx.contactByExternalId(ChannelType.WEB, "ben")
        .orElseThrow().id());
    List<Conversation> written = store.inTransaction(tx -> {
      tx.prepareReceives(batch());
      Conversation a = tx.latestConversation(anna.id(), "web").orElseThrow();
      Conversation b = tx.latestConversation(bensContact, "web").orElseThrow();
      // Every field the one statement writes from arrays: text arrays in their order (labels
      // sorted, with a comma, quote and non-ASCII), JSON attributes, nullable timestamps.
      Conversation a2 = new Conversation(a.id(), a.number(), a.kind(), a.inbox(), a.contactId(),
          List.of("zoe", "lena", "a,\"b"), Status.SNOOZED, Priority.HIGH,
          new java.util.LinkedHashSet<>(List.of("zahlung", "äpfel", "a,\"b")), "billing", "lena",
          Map.of("plan", "jahres\"abo", "ort", "Wien"), "ext-a2", a.createdAt(),
          T0.plusSeconds(90), T0.plusSeconds(30), null, T0.plusSeconds(3600), a.version());
      Conversation b2 = new Conversation(b.id(), b.number(), b.kind(), b.inbox(), b.contactId(),
          List.of(), Status.RESOLVED, Priority.LOW, new java.util.LinkedHashSet<>(), null, null,
          Map.of(), null, b.createdAt(), T0.plusSeconds(120), null, T0.plusSeconds(120), null,
          b.version());
      return List.of(tx.updateConversation(a2), tx.updateConversation(b2));
    });
    for (Conversation c : written) {
      assertThat(store.inTransaction(tx -> tx.conversation(c.id(), false)).orElseThrow())
          .isEqualTo(c);
    }
    assertThat(written.get(0).participants()).containsExactly("zoe", "lena", "a,\"b");
  }

  @Test
  void deferredMessagesAndUpdates_oneRowVersionPerConversation_inboxColumnsAsTheRulesSay()
      throws SQLException {
    UUID bensContact = store.inTransaction(tx -> tx.contactByExternalId(ChannelType.WEB, "ben")
        .orElseThrow().id());
    long[] updates = new long[2];
    List<Conversation> written = store.inTransaction(tx -> {
      tx.prepareReceives(batch());
      TxJdbc jdbc = (TxJdbc) tx;
      updates[0] = jdbc.work(ReceiveBatchStoreIT::conversationUpdatesInThisTransaction);
      Conversation a = tx.latestConversation(anna.id(), "web").orElseThrow();
      Conversation b = tx.latestConversation(bensContact, "web").orElseThrow();
      // Anna: a reply, then two customer messages (waiting since the first of them); Ben: one.
      tx.insertMessage(message(a, MessageKind.OUTGOING, null, 10), "web");
      tx.insertMessage(message(a, MessageKind.INCOMING, "a-2", 20), "web");
      tx.insertMessage(message(a, MessageKind.INCOMING, "a-3", 30), "web");
      tx.insertMessage(message(b, MessageKind.INCOMING, "b-2", 40), "web");
      List<Conversation> out = List.of(tx.updateConversation(withStatus(a, Status.PENDING)),
          tx.updateConversation(withStatus(b, Status.PENDING)));
      updates[1] = jdbc.work(ReceiveBatchStoreIT::conversationUpdatesInThisTransaction);
      return out;
    });
    assertThat(updates[1] - updates[0]).as("one new row version per conversation, none by the"
        + " insert trigger").isEqualTo(2);
    assertThat(InboxColumnsIT.columns(written.get(0).id())).isEqualTo(
        new InboxColumnsIT.Columns(maxSeq(written.get(0).id()), T0.plusSeconds(20)));
    assertThat(InboxColumnsIT.columns(written.get(1).id()).waitingSince())
        .as("Ben was already waiting since his first message").isBefore(T0.plusSeconds(40));
    for (Conversation c : written) {
      assertThat(store.inTransaction(tx -> tx.conversation(c.id(), false)).orElseThrow()).isEqualTo(c);
    }
  }

  private static Message message(Conversation c, MessageKind kind, @Nullable String channelId,
      int second) {
    return new Message(UUID.randomUUID(), c.id(), kind,
        kind == MessageKind.INCOMING ? Sender.contact(c.contactId()) : Sender.agent("lena"),
        "m" + second, ContentType.TEXT, List.of(), channelId, List.of(), T0.plusSeconds(second),
        null, null);
  }

  /** Rows of conversations this transaction updated so far (the statistics of its own work). */
  private static long conversationUpdatesInThisTransaction(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select n_tup_upd"
        + " from pg_stat_xact_user_tables where relname = 'conversations'");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static long maxSeq(UUID conversation) {
    return count("select max(seq) from messages where conversation_id = ? and kind <> 'activity'",
        conversation);
  }

  @Test
  void deferredMessage_anEntityReferringToIt_isWrittenAfterIt() {
    Message reply = new Message(UUID.randomUUID(), annas.id(), MessageKind.OUTGOING,
        Sender.agent("lena"), "Gerne!", ContentType.TEXT, List.of(), null, List.of(), T0, null, null);
    store.inTransaction(tx -> {
      tx.prepareReceives(batch());
      assertThat(tx.insertMessage(reply, "web")).isTrue();
      tx.enqueueOutbound(new OutboundMessage(UUID.randomUUID(), reply.id(), annas.id(), "web",
          ChannelType.WEB, "anna", T0));
      return null;
    });
    assertThat(count("select count(*) from outbound_messages where message_id = ?", reply.id())).isOne();
    List<Message> stored = store.inTransaction(tx -> tx.messages(annas.id()));
    assertThat(stored).contains(reply);
  }

  @Test
  void deferredMessage_aDuplicateCommittedMeanwhile_failsTheBatch_nothingWritten() {
    Message late = new Message(UUID.randomUUID(), annas.id(), MessageKind.INCOMING,
        Sender.contact(anna.id()), "Noch da?", ContentType.TEXT, List.of(), "a-2", List.of(), T0,
        null, null);
    assertThatThrownBy(() -> store.inTransaction(tx -> {
      tx.prepareReceives(batch());
      assertThat(tx.lockAndFindMessage("lock:anna", "web", "a-2")).isEmpty();
      // Committed by another connection (into a conversation the batch has not locked).
      execute("insert into messages (id, conversation_id, inbox, kind, sender_type, sender_id, body,"
          + " content_type, attachments, channel_message_id, mentions, created_at) select"
          + " gen_random_uuid(), id, 'web', 'incoming', 'contact', contact_id::text, 'x', 'text', '[]',"
          + " 'a-2', '{}', now() from conversations where id = ?", dora);
      assertThat(tx.insertMessage(late, "web")).as("deferred: not known yet").isTrue();
      tx.updateConversation(withStatus(annas, Status.PENDING));
      return null;
    })).isInstanceOf(ConflictException.class).hasMessageContaining("channelMessageId");
    assertThat(count("select count(*) from messages where id = ?", late.id())).isZero();
    assertThat(store.inTransaction(tx -> tx.conversation(annas.id(), false)).orElseThrow().status())
        .isEqualTo(annas.status());
  }

  private static Conversation withStatus(Conversation c, Status status) {
    return new Conversation(c.id(), c.number(), c.kind(), c.inbox(), c.contactId(), c.participants(),
        status, c.priority(), c.labels(), c.team(), c.assignee(), c.attributes(), c.externalId(),
        c.createdAt(), c.lastActivityAt().plusSeconds(1), c.firstResponseAt(), c.resolvedAt(),
        c.snoozedUntil(), c.version());
  }

  /** Tries the advisory lock from another connection (released at once if it was free). */
  private static boolean tryLockElsewhere(String key) {
    return first("select pg_try_advisory_xact_lock(hashtextextended(?, 0))", key) instanceof Boolean b && b;
  }

  /** Runs and commits {@code sql} on another connection. */
  private static void execute(String sql, Object param) {
    try (Connection c = SharedPostgres.pool().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, param);
      assertThat(ps.executeUpdate()).isOne();
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(String sql, Object param) {
    return ((Number) first(sql, param)).longValue();
  }

  /** The first column of the first row {@code sql} returns, on another connection. */
  private static Object first(String sql, Object param) {
    try (Connection c = SharedPostgres.pool().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getObject(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

}
