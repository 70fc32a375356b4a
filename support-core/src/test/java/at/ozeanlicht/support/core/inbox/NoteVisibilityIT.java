package at.ozeanlicht.support.core.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import at.ozeanlicht.support.core.api.AddNote;
import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.OutboundView;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.api.SendReply;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Property: whatever mix of customer messages, replies, notes and team chat a conversation holds,
 * a customer-facing reader sees no note text: not as the inbox excerpt, not in search, not in
 * the thread.
 */
@ExtendWith(PostgresExtension.class)
class NoteVisibilityIT {
  /** Pinned so a failure reproduces; QuickTheories prints the falsifying steps. */
  private static final long SEED = 0x1B0C5EEDL;

  @Test
  void customerReader_neverSeesNoteText_inExcerptSearchOrThread() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T09:00:00Z"));
    AtomicInteger example = new AtomicInteger();
    Actor thomas = Actor.of(TestWorkspaces.small().agent("thomas").orElseThrow());
    try (SupportEngine engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small()).clock(clock).build()) {
      UnifiedInbox inbox = engine.inbox();
      // Steps: 0 = customer message, 1 = agent reply, 2 = note, 3 = team chat post,
      // 4 = a note with a mention through the engine's own addNote (the same note writer).
      qt().withFixedSeed(SEED).withExamples(12)
          .forAll(lists().of(integers().between(0, 4)).ofSizeBetween(1, 6))
          .checkAssert(steps -> {
            int n = example.incrementAndGet();
            String visitor = "visitor" + n;
            String secret = "geheimnis" + Integer.toString(n, 26).replaceAll("[0-9]", "x") + "q";
            Conversation c = engine.receive(ReceiveMessage.text("web", InboundContact.of(visitor),
                UUID.randomUUID().toString(), "Hallo " + n)).conversation();
            List<String> notes = new ArrayList<>();
            for (int step : steps) {
              clock.advance(Duration.ofSeconds(30));
              switch (step) {
                case 0 -> engine.receive(ReceiveMessage.text("web", InboundContact.of(visitor),
                    UUID.randomUUID().toString(), "Noch eine Frage " + n));
                case 1 -> engine.reply(new SendReply(c.id(), "thomas", "Antwort " + n));
                case 2 -> notes.add(inbox.addNote(thomas, c.id(), "intern " + secret).body());
                case 3 -> notes.add(inbox.postToChannel(thomas, "general", "chat " + secret).body());
                default -> notes.add(engine.addNote(new AddNote(c.id(), "thomas", "@anna " + secret)).body());
              }
            }
            InboxPage page = inbox.page(thomas, InboxQuery.builder().audience(Audience.CUSTOMER).limit(500).build());
            assertThat(page.rows()).extracting(InboxRow::excerpt).allSatisfy(e -> assertThat(e == null ? "" : e).doesNotContain(secret));
            assertThat(inbox.search(thomas, secret, Audience.CUSTOMER, 50)).isEmpty();
            assertThat(inbox.thread(thomas, c.id(), Audience.CUSTOMER)).extracting(Message::kind)
                .isSubsetOf(MessageKind.INCOMING, MessageKind.OUTGOING);
            List<UUID> privateIds = engine.conversation(c.id()).orElseThrow().messages().stream()
                .filter(Message::isPrivate).map(Message::id).toList();
            assertThat(engine.outbound(null, 500)).extracting(OutboundView::messageId)
                .noneMatch(privateIds::contains);
            if (!notes.isEmpty()) {
              assertThat(inbox.search(thomas, secret, Audience.TEAM, 50)).isNotEmpty();
            }
          });
    }
  }
}
