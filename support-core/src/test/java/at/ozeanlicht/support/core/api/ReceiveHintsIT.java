package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Threading hints and automatic messages (e-mail) in {@link SupportEngine#receive}. */
@ExtendWith(PostgresExtension.class)
class ReceiveHintsIT {
  private SupportEngine engine;

  @BeforeEach
  void setUp() {
    engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small())
        .clock(Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC)).build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private ReceiveResult mail(String from, String id, ReceiveHints hints) {
    return engine.receive(new ReceiveMessage("mail", InboundContact.of(from), id, "Text " + id,
        ContentType.TEXT, List.of(), null, hints));
  }

  private static ReceiveHints hints(List<UUID> conversations, List<String> references, Long number,
      boolean automatic) {
    return new ReceiveHints(conversations, references, number, "Betreff", automatic, List.of());
  }

  @Test
  void receive_withoutMatchingHints_opensANewConversationEvenForAKnownContact() {
    ReceiveResult first = mail("lena@customer.test", "<1@c>", ReceiveHints.none());
    ReceiveResult second = mail("lena@customer.test", "<2@c>", ReceiveHints.none());
    assertThat(second.outcome()).isEqualTo(ReceiveResult.Outcome.OPENED);
    assertThat(second.conversation().id()).isNotEqualTo(first.conversation().id());
    assertThat(first.conversation().attributes()).isEmpty();
    assertThat(mail("lena@customer.test", "<3@c>", hints(List.of(), List.of(), null, false))
        .conversation().attributes()).containsEntry(ReceiveHints.SUBJECT, "Betreff");
  }

  @Test
  void receive_byConversationIdReferenceOrNumber_appendsForTheSenderOnly() {
    ReceiveResult first = mail("lena@customer.test", "<1@c>", ReceiveHints.none());
    UUID id = first.conversation().id();

    assertThat(mail("lena@customer.test", "<2@c>", hints(List.of(id), List.of(), null, false))
        .conversation().id()).isEqualTo(id);
    assertThat(mail("lena@customer.test", "<3@c>", hints(List.of(UUID.randomUUID()), List.of("<1@c>"), null, false))
        .conversation().id()).isEqualTo(id);
    assertThat(mail("lena@customer.test", "<4@c>", hints(List.of(), List.of(), first.conversation().number(), false))
        .conversation().id()).isEqualTo(id);
    ReceiveResult stranger = mail("mallory@evil.test", "<5@e>", hints(List.of(id), List.of("<1@c>"),
        first.conversation().number(), false));
    assertThat(stranger.outcome()).isEqualTo(ReceiveResult.Outcome.OPENED);
    assertThat(stranger.conversation().id()).isNotEqualTo(id);
  }

  @Test
  void receive_automaticIntoResolvedConversation_isStoredWithoutReopening() {
    ReceiveResult first = mail("lena@customer.test", "<1@c>", ReceiveHints.none());
    UUID id = first.conversation().id();
    engine.changeStatus(new ChangeStatus(id, Status.RESOLVED, null));

    ReceiveResult auto = mail("lena@customer.test", "<ooo@c>", hints(List.of(id), List.of(), null, true));

    assertThat(auto.outcome()).isEqualTo(ReceiveResult.Outcome.APPENDED);
    assertThat(engine.conversation(id).orElseThrow().conversation().status()).isEqualTo(Status.RESOLVED);
    assertThat(engine.conversation(id).orElseThrow().messages()).extracting(m -> m.body())
        .contains("Text <ooo@c>");
  }

  @Test
  void receive_undeliverable_marksTheContact() {
    ReceiveResult first = mail("lena@customer.test", "<1@c>", ReceiveHints.none());
    mail("mailer-daemon@mx.test", "<b@mx>", new ReceiveHints(List.of(), List.of(), null, null, true,
        List.of("lena@customer.test")));
    assertThat(engine.conversation(first.conversation().id()).orElseThrow().contact().attributes())
        .containsEntry(ReceiveHints.UNDELIVERABLE, "true");
  }
}
