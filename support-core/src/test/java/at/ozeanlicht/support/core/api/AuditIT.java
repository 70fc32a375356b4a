package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.AgentRole;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sender;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class AuditIT {
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

  private List<AuditEntry> log() {
    return engine.audit(new FindAudit(null, null, null, null, 1000));
  }

  @Test
  void everyCommand_writesAuditRowsUnderTheSessionActor() {
    SupportSession webhook = engine.as(Actor.service("wa-webhook", AgentRole.AGENT));
    SupportSession thomas = engine.as(Actor.of(ws.agent("thomas").orElseThrow()));
    SupportSession marco = engine.as(Actor.of(ws.agent("marco").orElseThrow()));
    Conversation c = webhook.receive(ReceiveMessage.text("wa", new InboundContact("49151", "Lena Berger", null,
        null, "de"), "wamid.1", "Hallo")).conversation();
    record Step(String command, Runnable run) {}
    List<Step> steps = List.of(
        new Step("assign", () -> thomas.assign(new AssignConversation(c.id(), "support", "anna", "thomas"))),
        new Step("reply", () -> thomas.reply(new SendReply(c.id(), "thomas", "Hallo Lena"))),
        new Step("addNote", () -> thomas.addNote(new AddNote(c.id(), "thomas", "intern"))),
        new Step("label", () -> thomas.label(new LabelConversation(c.id(), Set.of("billing"), Set.of(), "thomas"))),
        new Step("setPriority", () -> thomas.setPriority(new SetPriority(c.id(), Priority.HIGH, "thomas"))),
        new Step("snooze", () -> thomas.snooze(new SnoozeConversation(c.id(), clock.instant().plusSeconds(60), "thomas"))),
        new Step("changeStatus", () -> thomas.changeStatus(new ChangeStatus(c.id(), Status.RESOLVED, "thomas"))),
        new Step("updateContact", () -> thomas.updateContact(new UpdateContact(c.contactId(), true, Map.of(), Set.of(), "thomas"))),
        new Step("import", () -> marco.importConversation(new ImportConversation("ext-1", "wa", ChannelType.WHATSAPP,
            new ImportConversation.Contact("49152", "Max", null, null, false), null, null, Status.OPEN,
            Priority.NORMAL, Set.of(), clock.instant(), null, null,
            List.of(new ImportConversation.ImportMessage("m1", MessageKind.INCOMING, new at.ozeanlicht.support.core.domain.Sender(at.ozeanlicht.support.core.domain.SenderType.CONTACT, "max"),
                "Hi", clock.instant()))))));
    assertThat(log()).extracting(AuditEntry::command).contains("receive");
    for (Step step : steps) {
      int before = log().size();
      clock.advance(Duration.ofSeconds(1));
      step.run().run();
      List<AuditEntry> added = log().subList(before, log().size());
      assertThat(added).as(step.command()).isNotEmpty()
          .allSatisfy(e -> assertThat(e.command()).isEqualTo(step.command()))
          .allSatisfy(e -> assertThat(e.at()).isEqualTo(clock.instant()));
    }
    assertThat(engine.audit(new FindAudit(null, null, "thomas", null, 1000)))
        .allSatisfy(e -> assertThat(e.actorKind()).isEqualTo("agent"));
    assertThat(engine.audit(new FindAudit(null, null, "wa-webhook", null, 1000)))
        .extracting(AuditEntry::action).contains("message.created");
  }

  @Test
  void assign_recordsBeforeAndAfterOfChangedFields() {
    Conversation c = engine.receive(ReceiveMessage.text("wa", InboundContact.of("49151"), "wamid.1", "Hallo"))
        .conversation();
    engine.as(Actor.of(ws.agent("thomas").orElseThrow()))
        .assign(new AssignConversation(c.id(), "support", "anna", "thomas"));
    AuditEntry assigned = engine.audit(new FindAudit(c.id(), null, "thomas", null, 100)).stream()
        .filter(e -> e.action().equals("conversation.assigned")).findFirst().orElseThrow();
    assertThat(assigned.changes()).containsEntry("assignee", new AuditEntry.Change(null, "anna"))
        .containsEntry("team", new AuditEntry.Change(null, "support"));
    assertThat(assigned.contactId()).isEqualTo(c.contactId());
  }

  @Test
  void directEngineCalls_areAuditedAsSystem() {
    Conversation c = engine.receive(ReceiveMessage.text("wa", InboundContact.of("49151"), "wamid.1", "Hallo"))
        .conversation();
    engine.changeStatus(new ChangeStatus(c.id(), Status.PENDING, null));
    assertThat(engine.audit(new FindAudit(c.id(), null, null, null, 100)))
        .isNotEmpty().allSatisfy(e -> assertThat(e.actorId()).isEqualTo("system"));
  }

  @Test
  void auditLog_refusesUpdateAndDelete() throws SQLException {
    Conversation c = engine.receive(ReceiveMessage.text("wa", InboundContact.of("49151"), "wamid.1", "Hallo"))
        .conversation();
    assertThat(engine.audit(new FindAudit(c.id(), null, null, null, 10))).isNotEmpty();
    try (Connection conn = SharedPostgres.pool().getConnection(); Statement s = conn.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("update audit_log set actor_id = 'x'"))
          .hasMessageContaining("append-only");
      conn.rollback();
      assertThatThrownBy(() -> s.executeUpdate("delete from audit_log"))
          .hasMessageContaining("append-only");
      conn.rollback();
    }
  }

  @Test
  void gdprExport_isAuditedAsAPersonalDataRead() {
    Conversation c = engine.receive(ReceiveMessage.text("wa", InboundContact.of("49151"), "wamid.1", "Hallo"))
        .conversation();
    engine.personalData().export(c.contactId());
    assertThat(engine.audit(new FindAudit(null, c.contactId(), null, null, 100)))
        .extracting(AuditEntry::action).contains("gdpr.exported");
  }
}
