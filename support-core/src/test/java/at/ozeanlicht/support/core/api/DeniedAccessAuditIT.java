package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.inbox.Audience;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 10: every access denial is itself in the audit log, in its own transaction. */
@ExtendWith(PostgresExtension.class)
class DeniedAccessAuditIT {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
  private SupportEngine engine;

  @BeforeEach
  void setUp() {
    engine = AccessControlIT.engine(clock, AccessControlIT.privacy());
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private Actor agent(String handle) {
    return Actor.of(engine.workspace().agent(handle).orElseThrow());
  }

  private Conversation open(String id, String team) {
    Conversation c = engine.receive(ReceiveMessage.text("wa", new InboundContact("49151" + id, "Lena Berger",
        null, null, "de"), "wamid." + id, "Hallo, ich habe eine Frage.")).conversation();
    return engine.assign(new AssignConversation(c.id(), team, null, null));
  }

  private List<AuditEntry> byActor(String actor) {
    return engine.audit(new FindAudit(null, null, actor, null, 100));
  }

  @Test
  void sessionCheck_denied_isAuditedWithActionResourceAndReason() {
    Conversation c = open("1", "support");
    assertThatThrownBy(() -> engine.as(agent("anna")).reply(new SendReply(c.id(), "thomas", "Hallo")))
        .isInstanceOf(AccessDeniedException.class);

    List<AuditEntry> entries = byActor("anna");
    assertThat(entries).hasSize(1);
    AuditEntry e = entries.get(0);
    assertThat(e.action()).isEqualTo("access.denied");
    assertThat(e.actorKind()).isEqualTo("agent");
    assertThat(e.command()).isEqualTo("reply");
    assertThat(e.conversationId()).isEqualTo(c.id());
    assertThat(e.at()).isEqualTo(clock.instant());
    assertThat(e.data()).containsEntry("action", "reply").containsEntry("resource", "conversation " + c.id())
        .containsEntry("reason", "agent 'thomas' is not the acting agent");
    assertThat(engine.audit(new FindAudit(c.id(), null, null, null, 100)))
        .extracting(AuditEntry::action).contains("access.denied");
  }

  @Test
  void checkUnderRowLock_denied_changeWritesNothingButDenialIsAudited() {
    Conversation c = open("1", "tech");
    int messages = engine.conversation(c.id()).orElseThrow().messages().size();

    assertThatThrownBy(() -> engine.as(agent("anna")).changeStatus(new ChangeStatus(c.id(), Status.RESOLVED, "anna")))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("restricts");

    assertThat(engine.conversation(c.id()).orElseThrow().conversation().status()).isEqualTo(Status.OPEN);
    assertThat(engine.conversation(c.id()).orElseThrow().messages()).hasSize(messages);
    List<AuditEntry> entries = byActor("anna");
    assertThat(entries).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo("access.denied");
      assertThat(e.conversationId()).isEqualTo(c.id());
      assertThat(e.contactId()).isEqualTo(c.contactId());
      assertThat(e.data()).containsEntry("action", "changeStatus")
          .containsEntry("resource", "conversation #" + c.number())
          .containsEntry("reason", "team tech restricts its conversations to members");
    });
  }

  @Test
  void inboxRead_denied_isAudited() {
    Conversation c = open("1", "tech");
    Actor anna = agent("anna");
    assertThatThrownBy(() -> engine.inbox().thread(anna, c.id(), Audience.TEAM)).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> engine.inbox().addNote(anna, c.id(), "@thomas schau mal"))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> engine.inbox().handoff(anna, c.id(), null, "anna", "mir"))
        .isInstanceOf(AccessDeniedException.class);

    assertThat(byActor("anna")).extracting(e -> e.data().get("action"))
        .containsExactly("read", "addNote", "handoff");
    assertThat(byActor("anna")).allSatisfy(e -> assertThat(e.action()).isEqualTo("access.denied"));
    assertThat(engine.inbox().mentions(agent("thomas"))).isEmpty();
  }

  @Test
  void roleCheck_denied_isAuditedWithoutConversation() {
    assertThatThrownBy(() -> engine.as(agent("anna")).personalData().exportConversations(null, null, v -> {}))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(byActor("anna")).singleElement().satisfies(e -> {
      assertThat(e.conversationId()).isNull();
      assertThat(e.data()).isEqualTo(Map.of("action", "export", "resource", "conversations",
          "reason", "requires role admin or higher"));
    });
  }
}
