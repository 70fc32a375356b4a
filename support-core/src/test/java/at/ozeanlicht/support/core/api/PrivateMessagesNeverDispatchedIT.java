package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.spi.OutboundDelivery;
import at.ozeanlicht.support.core.spi.OutboundMessage;
import at.ozeanlicht.support.core.testkit.FakeChannelAdapter;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Property: whatever mix of replies, notes and assignments (which write activity messages) an
 * agent makes, and even if someone tries to queue a note or activity behind the engine's back,
 * no private message ever reaches an adapter's send.
 */
@ExtendWith(PostgresExtension.class)
class PrivateMessagesNeverDispatchedIT {
  private static final long SEED = 20261123L;

  @Test
  void dispatch_anyMixOfActions_sendsOnlyPublicReplies() {
    qt().withFixedSeed(SEED).withExamples(12)
        .forAll(lists().of(integers().between(0, 3)).ofSizeBetween(1, 8))
        .checkAssert(actions -> {
          SharedPostgres.truncate();
          MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
          FakeChannelAdapter wa = new FakeChannelAdapter("whatsapp", "wa");
          try (SupportEngine engine = SupportEngine.builder()
              .store(SharedPostgres.database().conversationStore())
              .workspace(TestWorkspaces.small()).clock(clock).channelAdapter(wa).build()) {
            Conversation c = engine.receive(ReceiveMessage.text("wa",
                InboundContact.of("4915100000009"), "wamid.p", "Hallo")).conversation();
            Set<UUID> publicIds = new HashSet<>();
            Set<UUID> privateIds = new HashSet<>();
            int n = 0;
            for (int action : actions) {
              n++;
              switch (action) {
                case 0 -> publicIds.add(engine.reply(new SendReply(c.id(), "anna", "Antwort " + n)).id());
                case 1 -> privateIds.add(engine.addNote(new AddNote(c.id(), "anna", "Notiz " + n)).id());
                case 2 -> engine.assign(new AssignConversation(c.id(), "support",
                    n % 2 == 0 ? "anna" : "thomas", "thomas"));
                default -> privateIds.add(tryToQueueANoteDirectly(c, clock.instant(), n));
              }
            }
            engine.conversation(c.id()).orElseThrow().messages().stream()
                .filter(Message::isPrivate).map(Message::id).forEach(privateIds::add);

            engine.dispatch(clock.instant().plus(Duration.ofMinutes(1)));

            List<OutboundDelivery> sent = wa.sent();
            assertThat(sent).allSatisfy(d -> assertThat(d.kind()).isEqualTo(MessageKind.OUTGOING));
            assertThat(sent).noneMatch(d -> privateIds.contains(d.messageId()));
            assertThat(sent).extracting(OutboundDelivery::messageId).containsExactlyInAnyOrderElementsOf(publicIds);
          }
        });
  }

  /** Writes a note and then tries to queue it through the store port: the trigger refuses. */
  private static UUID tryToQueueANoteDirectly(Conversation c, Instant now, int n) {
    UUID noteId = UUID.randomUUID();
    SharedPostgres.database().conversationStore().inTransaction(tx -> tx.insertMessage(
        new Message(noteId, c.id(), MessageKind.NOTE, at.ozeanlicht.support.core.domain.Sender.agent("anna"),
            "geheim " + n, at.ozeanlicht.support.core.domain.ContentType.TEXT, List.of(), null,
            List.of(), now, null, null), c.inbox()));
    assertThatThrownBy(() -> SharedPostgres.database().conversationStore().inTransaction(tx -> {
      tx.enqueueOutbound(new OutboundMessage(UUID.randomUUID(), noteId, c.id(), c.inbox(),
          ChannelType.WHATSAPP, "4915100000009", now));
      tx.channels().findOutbound(null, 1); // flushes the insert
      return null;
    })).isInstanceOf(StoreException.class).hasMessageContaining("private");
    return noteId;
  }
}
