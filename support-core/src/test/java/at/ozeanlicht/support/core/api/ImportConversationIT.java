package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sender;
import at.ozeanlicht.support.core.domain.SenderType;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ImportConversationIT {
  private SupportEngine engine;

  @BeforeEach
  void setUp() {
    engine = SupportEngine.builder()
        .store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small())
        .clock(new MutableClock(Instant.parse("2026-11-25T12:00:00Z")))
        .build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private static ImportConversation resolvedWithCsat(String externalId) {
    Instant t0 = Instant.parse("2026-10-01T08:00:00Z");
    return new ImportConversation(externalId, "mail", ChannelType.EMAIL,
        new ImportConversation.Contact("lena.berger@customer.test", "Lena Berger",
            "lena.berger@customer.test", "de", true),
        "anna", "support", Status.RESOLVED, Priority.HIGH, Set.of("billing"), t0, t0.plusSeconds(7200),
        new CsatView(5, "Sehr lieb, danke!", t0.plusSeconds(8000)),
        List.of(
            new ImportConversation.ImportMessage("m2", MessageKind.OUTGOING, Sender.agent("anna"),
                "Liebe Lena, die Rechnung ist korrigiert.", t0.plusSeconds(1800)),
            new ImportConversation.ImportMessage("m1", MessageKind.INCOMING,
                new Sender(SenderType.CONTACT, "lena"), "Meine Rechnung ist doppelt.", t0),
            new ImportConversation.ImportMessage("m3", MessageKind.NOTE, Sender.agent("anna"),
                "Gutschrift veranlasst", t0.plusSeconds(1900))));
  }

  @Test
  void import_sameConversationTwice_writesItOnce() {
    ImportResult first = engine.importConversation(resolvedWithCsat("zammad-4711"));
    ImportResult second = engine.importConversation(resolvedWithCsat("zammad-4711"));

    assertThat(first.created()).isTrue();
    assertThat(first.messages()).isEqualTo(3);
    assertThat(second.created()).isFalse();
    assertThat(second.conversationId()).isEqualTo(first.conversationId());
    assertThat(engine.conversations(FindConversations.all()).items()).hasSize(1);

    ConversationView view = engine.conversation(first.conversationId()).orElseThrow();
    assertThat(view.conversation().status()).isEqualTo(Status.RESOLVED);
    assertThat(view.conversation().priority()).isEqualTo(Priority.HIGH);
    assertThat(view.conversation().assignee()).isEqualTo("anna");
    assertThat(view.conversation().team()).isEqualTo("support");
    assertThat(view.conversation().externalId()).isEqualTo("zammad-4711");
    assertThat(view.conversation().firstResponseAt()).isEqualTo(Instant.parse("2026-10-01T08:30:00Z"));
    assertThat(view.conversation().resolvedAt()).isEqualTo(Instant.parse("2026-10-01T10:00:00Z"));
    assertThat(view.messages()).extracting(Message::body).containsExactly(
        "Meine Rechnung ist doppelt.", "Liebe Lena, die Rechnung ist korrigiert.", "Gutschrift veranlasst");
    assertThat(view.messages().get(0).sender().id()).isEqualTo(view.contact().id().toString());
    assertThat(view.contact().vip()).isTrue();
    assertThat(view.csat()).isEqualTo(new CsatView(5, "Sehr lieb, danke!", Instant.parse("2026-10-01T10:13:20Z")));
  }

  @Test
  void import_thenCustomerWritesOnTheSameChannel_reopensTheImportedConversation() {
    ImportResult imported = engine.importConversation(resolvedWithCsat("zammad-1"));
    ReceiveResult r = engine.receive(ReceiveMessage.text("mail",
        InboundContact.of("lena.berger@customer.test"), "<CAF8x2Yk3@mail.customer.test>", "Nochmal ich"));
    assertThat(r.outcome()).isEqualTo(ReceiveResult.Outcome.REOPENED);
    assertThat(r.conversation().id()).isEqualTo(imported.conversationId());
  }

  @Test
  void importConversations_batch_isIdempotentWithinAndAcrossBatches() {
    List<ImportResult> first = engine.importConversations(
        List.of(resolvedWithCsat("b-1"), resolvedWithCsat("b-2"), resolvedWithCsat("b-1")));
    assertThat(first).extracting(ImportResult::created).containsExactly(true, true, false);
    assertThat(first.get(2).conversationId()).isEqualTo(first.get(0).conversationId());
    assertThat(engine.importConversations(List.of(resolvedWithCsat("b-2"))))
        .singleElement().satisfies(r -> assertThat(r.created()).isFalse());
    assertThat(engine.conversations(FindConversations.all()).items()).hasSize(2);
  }

  @Test
  void importConversations_oneInvalid_writesNoneAndNamesItsPosition() {
    ImportConversation good = resolvedWithCsat("c-1");
    ImportConversation bad = new ImportConversation("c-2", "nope", ChannelType.EMAIL, good.contact(),
        null, null, Status.OPEN, Priority.LOW, Set.of(), good.createdAt(), null, null, good.messages());
    assertThatThrownBy(() -> engine.importConversations(List.of(good, bad)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("conversations[1].inbox: unknown inbox 'nope'");
    assertThat(engine.conversations(FindConversations.all()).items()).isEmpty();
  }

  @Test
  void import_invalid_listsEveryProblemAndWritesNothing() {
    ImportConversation good = resolvedWithCsat("x-1");
    ImportConversation bad = new ImportConversation("x-1", "wa", ChannelType.EMAIL, good.contact(),
        "ghost", "nope", Status.RESOLVED, Priority.LOW, Set.of("Bad Label"), good.createdAt(), null, null,
        List.of(good.messages().get(0), good.messages().get(0)));

    assertThat(engine.checkImport(bad)).extracting(FieldProblem::field).containsExactly(
        "channel", "assignee", "team", "labels", "resolvedAt", "messages[1].externalId");
    assertThatThrownBy(() -> engine.importConversation(bad))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("channel: inbox 'wa' is a whatsapp inbox, was 'email'");
    assertThat(engine.conversations(FindConversations.all()).items()).isEmpty();
  }
}
