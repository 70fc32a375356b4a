package at.ozeanlicht.support.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sender;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The unique constraint, not a check-then-insert, decides duplicates; even without any lock. */
@ExtendWith(PostgresExtension.class)
class MessageConstraintIT {
  private static final Instant T = Instant.parse("2026-11-23T09:00:00Z");
  private final ConversationStore store = SharedPostgres.database().conversationStore();

  private UUID conversation() {
    return store.inTransaction(tx -> {
      Contact contact = new Contact(UUID.randomUUID(), Map.of(ChannelType.WHATSAPP, "49151"), null,
          null, null, null, false, Map.of(), T);
      tx.saveContact(contact);
      Conversation c = new Conversation(UUID.randomUUID(), tx.nextConversationNumber(),
          ConversationKind.SUPPORT, "wa", contact.id(), List.of(), Status.OPEN, Priority.NORMAL,
          Set.of(), null, null, Map.of(), null, T, T, null, null, null, 0);
      tx.insertConversation(c);
      return c.id();
    });
  }

  private static Message message(UUID conversation, @org.jspecify.annotations.Nullable String channelId) {
    return new Message(UUID.randomUUID(), conversation, MessageKind.INCOMING, Sender.bot(), "x",
        ContentType.TEXT, List.of(), channelId, List.of(), T, null, null);
  }

  @Test
  void insertMessage_twoTransactionsRacingWithTheSameChannelId_exactlyOneWins() throws Exception {
    UUID conversation = conversation();
    CountDownLatch bothOpen = new CountDownLatch(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // Both transactions are open before either inserts; insertMessage does no read first, so
      // only the unique constraint can decide (the loser waits on the winner's row, then skips).
      List<Future<Boolean>> results = List.of(pool.submit(() -> race(conversation, bothOpen)),
          pool.submit(() -> race(conversation, bothOpen)));
      boolean a = results.get(0).get(30, TimeUnit.SECONDS);
      boolean b = results.get(1).get(30, TimeUnit.SECONDS);
      assertThat(a ^ b).as("exactly one insert succeeds").isTrue();
    } finally {
      pool.shutdownNow();
    }
    List<Message> stored = store.inTransaction(tx -> tx.messages(conversation));
    assertThat(stored).hasSize(1);
  }

  private boolean race(UUID conversation, CountDownLatch bothOpen) {
    return store.inTransaction(tx -> {
      bothOpen.countDown();
      try {
        assertThat(bothOpen.await(30, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return tx.insertMessage(message(conversation, "wamid.same"), "wa");
    });
  }

  @Test
  void insertMessage_sameChannelIdOnAnotherInbox_isADifferentMessage() {
    UUID conversation = conversation();
    assertThat(insert(conversation, "42", "wa")).isTrue();
    assertThat(insert(conversation, "42", "tg")).isTrue();
    assertThat(insert(conversation, "42", "wa")).isFalse();
    assertThat(insert(conversation, null, "wa")).isTrue();
    assertThat(insert(conversation, null, "wa")).isTrue();
  }

  private boolean insert(UUID conversation, @org.jspecify.annotations.Nullable String channelId, String inbox) {
    Boolean inserted = store.inTransaction(tx -> tx.insertMessage(message(conversation, channelId), inbox));
    return inserted;
  }
}
