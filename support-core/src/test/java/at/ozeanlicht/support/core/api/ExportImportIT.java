package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sender;
import at.ozeanlicht.support.core.domain.SenderType;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.imports.ContactCsvReader;
import at.ozeanlicht.support.core.imports.ContactCsvWriter;
import at.ozeanlicht.support.core.imports.ConversationJsonlReader;
import at.ozeanlicht.support.core.imports.ConversationJsonlWriter;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ExportImportIT {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
  private SupportEngine engine;
  private Workspace ws;

  @BeforeEach
  void setUp() {
    engine = AccessControlIT.engine(clock, PrivacySettings.none());
    ws = engine.workspace();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private List<String> export(Instant from, Instant to) {
    List<String> lines = new ArrayList<>();
    engine.personalData().exportConversations(from, to, v -> lines.add(ConversationJsonlWriter.line(v,
        ws.inbox(v.conversation().inbox()).orElseThrow().channel())));
    return lines;
  }

  @Test
  void exportImportExport_isLossless() {
    Conversation a = engine.receive(ReceiveMessage.text("wa", new InboundContact("49151", "Lena \"L\" Berger",
        "lena@example.org", "+49151", "de"), "wamid.1", "Hallo,\nmeine Rechnung — ist doppelt! ü😀")).conversation();
    clock.advance(Duration.ofMinutes(1));
    engine.assign(new AssignConversation(a.id(), "support", "thomas", null));
    engine.addNote(new AddNote(a.id(), "thomas", "@anna bitte prüfen"));
    engine.reply(new SendReply(a.id(), "thomas", "Danke, wir prüfen das."));
    engine.label(new LabelConversation(a.id(), Set.of("billing"), Set.of(), null));
    engine.setPriority(new SetPriority(a.id(), Priority.HIGH, null));
    clock.advance(Duration.ofMinutes(5));
    engine.changeStatus(new ChangeStatus(a.id(), Status.RESOLVED, "thomas"));
    engine.updateContact(new UpdateContact(a.contactId(), null, java.util.Map.of("stripe.customer", "cus_42"), Set.of(), null));
    engine.importConversation(new ImportConversation("crisp-7", "mail", ChannelType.EMAIL,
        new ImportConversation.Contact("max@example.org", "Max", "max@example.org", "en", true, "+1 (555) 0100",
            java.util.Map.of("plan", "premium", "course.id", "k-7")), "anna", "support",
        Status.RESOLVED, Priority.LOW, Set.of("bug"), clock.instant().minusSeconds(3600), clock.instant(),
        new CsatView(4, "Gut, danke", clock.instant()),
        List.of(new ImportConversation.ImportMessage("x1", MessageKind.INCOMING, new Sender(SenderType.CONTACT, "max"),
                "Bug report", clock.instant().minusSeconds(3600)),
            new ImportConversation.ImportMessage("x2", MessageKind.OUTGOING, Sender.agent("anna"), "Fixed",
                clock.instant().minusSeconds(60)))));
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    Instant to = Instant.parse("2027-01-01T00:00:00Z");
    List<String> first = export(from, to);
    assertThat(first).hasSize(2);

    SharedPostgres.truncate();
    List<ImportConversation> commands = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      ConversationJsonlReader.Line line = ConversationJsonlReader.parse(i + 1, first.get(i));
      assertThat(line.problems()).isEmpty();
      commands.add(line.conversation());
    }
    engine.importConversations(commands);
    List<String> second = export(from, to);

    assertThat(second).isEqualTo(first);
    assertThat(String.join("\n", first)).contains("\"direction\":\"note\"", "\"direction\":\"activity\"", "ü😀",
        "\"phone\":\"+49151\"", "\"attributes\":{\"stripe.customer\":\"cus_42\"}", "\"phone\":\"+1 (555) 0100\"",
        "\"attributes\":{\"course.id\":\"k-7\",\"plan\":\"premium\"}");
  }

  @Test
  void exportConversations_needsAdmin_andIsAudited() {
    assertThatThrownBy(() -> engine.as(Actor.of(ws.agent("thomas").orElseThrow())).personalData()
        .exportConversations(null, null, v -> { })).isInstanceOf(AccessDeniedException.class);
    engine.as(Actor.of(ws.agent("marco").orElseThrow())).personalData().exportConversations(null, null, v -> { });
    assertThat(engine.audit(new FindAudit(null, null, "marco", null, 10)))
        .extracting(AuditEntry::action).containsExactly("conversations.exported");
  }

  @Test
  void contactsCsv_importThenExport_roundTrips_withFormulasDefused() throws Exception {
    String csv = "channel,externalId,name,email,phone,language,vip\r\n"
        + "whatsapp,4915112345678,=HYPERLINK(\"http://evil\"),,+4915112345678,de,true\r\n"
        + "email,anna@example.org,\"Anna, die Erste\",anna@example.org,,en,false\r\n";
    ContactCsvReader.Result read = ContactCsvReader.read(new StringReader(csv));
    assertThat(read.problems()).isEmpty();
    assertThat(engine.personalData().importContacts(read.contacts()))
        .containsEntry("created", 2).containsEntry("updated", 0);
    StringBuilder out = new StringBuilder();
    ContactCsvWriter.write(engine.personalData().exportContacts(), out);
    assertThat(out.toString()).contains("'=HYPERLINK", "'+4915112345678").doesNotContain(",=HYPERLINK");
    ContactCsvReader.Result again = ContactCsvReader.read(new StringReader(out.toString()));
    assertThat(again.problems()).isEmpty();
    assertThat(again.contacts()).containsExactlyInAnyOrderElementsOf(read.contacts());
    assertThat(engine.personalData().importContacts(again.contacts())).containsEntry("created", 0)
        .containsEntry("updated", 0);
  }
}
