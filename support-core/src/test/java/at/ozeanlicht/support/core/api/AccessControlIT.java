package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.AgentRole;
import at.ozeanlicht.support.core.domain.Availability;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.domain.Team;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class AccessControlIT {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
  private SupportEngine engine;
  private Workspace ws;

  /** The small test workspace plus a restricted team {@code tech}, a {@code spiritual} team and its agent sabine. */
  static Workspace workspace() {
    Workspace small = TestWorkspaces.small();
    List<Team> teams = new ArrayList<>(small.teams());
    teams.add(new Team("spiritual", "Spiritual", "sabine"));
    List<Agent> agents = new ArrayList<>(small.agents());
    agents.add(new Agent("sabine", "Sabine Huber", List.of("de"), List.of("spiritual", "support"),
        AgentRole.AGENT, 4, 6, Availability.ONLINE));
    return new Workspace(small.name(), small.defaults(), small.brands(), small.inboxes(), teams, agents,
        small.labels());
  }

  static PrivacySettings privacy() {
    return new PrivacySettings(Set.of("tech"), "spiritual", null, PrivacySettings.RetentionMode.REDACT);
  }

  /** An engine on the shared database with {@link #workspace()}; shared by the issue-10 tests. */
  static SupportEngine engine(MutableClock clock, PrivacySettings privacy) {
    return SupportEngine.builder()
        .store(SharedPostgres.database().conversationStore())
        .workspace(workspace())
        .privacy(privacy)
        .clock(clock)
        .build();
  }

  @BeforeEach
  void setUp() {
    engine = engine(clock, privacy());
    ws = engine.workspace();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private Actor agent(String handle) {
    return Actor.of(ws.agent(handle).orElseThrow());
  }

  private Conversation open(String id, String team) {
    Conversation c = engine.receive(ReceiveMessage.text("wa", new InboundContact("49151" + id, "Lena Berger",
        null, null, "de"), "wamid." + id, "Hallo, ich habe eine Frage.")).conversation();
    return engine.assign(new AssignConversation(c.id(), team, null, null));
  }

  @Test
  void agent_worksVisibleConversation_allowed() {
    Conversation c = open("1", "support");
    SupportSession anna = engine.as(agent("anna"));
    anna.reply(new SendReply(c.id(), "anna", "Gerne!"));
    anna.addNote(new AddNote(c.id(), "anna", "intern"));
    anna.label(new LabelConversation(c.id(), Set.of("billing"), Set.of(), "anna"));
    anna.setPriority(new SetPriority(c.id(), Priority.HIGH, "anna"));
    anna.snooze(new SnoozeConversation(c.id(), clock.instant().plus(Duration.ofHours(1)), "anna"));
    anna.changeStatus(new ChangeStatus(c.id(), Status.RESOLVED, "anna"));
    assertThat(anna.assign(new AssignConversation(c.id(), null, "anna", "anna")).assignee()).isEqualTo("anna");
    assertThat(anna.assign(new AssignConversation(c.id(), null, null, "anna")).assignee()).isNull();
    assertThat(anna.conversation(c.id())).isPresent();
  }

  @Test
  void agent_actsUnderAnotherHandle_denied() {
    Conversation c = open("1", "support");
    assertThatThrownBy(() -> engine.as(agent("anna")).reply(new SendReply(c.id(), "thomas", "Hallo")))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("agent 'anna'").hasMessageContaining("reply")
        .hasMessageContaining("conversation " + c.id()).hasMessageContaining("not the acting agent");
  }

  @Test
  void agent_assignsToOthersOrMovesTeam_denied_leadAllowed() {
    Conversation c = open("1", "support");
    SupportSession anna = engine.as(agent("anna"));
    assertThatThrownBy(() -> anna.assign(new AssignConversation(c.id(), null, "thomas", "anna")))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("themselves");
    assertThatThrownBy(() -> anna.assign(new AssignConversation(c.id(), "tech", "anna", "anna")))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("another team");
    assertThat(engine.as(agent("thomas")).assign(new AssignConversation(c.id(), null, "anna", "thomas"))
        .assignee()).isEqualTo("anna");
  }

  @Test
  void updateContact_agentDenied_leadAllowed() {
    Conversation c = open("1", "support");
    UpdateContact update = new UpdateContact(c.contactId(), true, Map.of(), Set.of(), null);
    assertThatThrownBy(() -> engine.as(agent("anna")).updateContact(update))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("requires role lead");
    assertThat(engine.as(agent("thomas")).updateContact(update).vip()).isTrue();
  }

  @Test
  void adminOperations_leadDenied_adminAllowed() {
    assertThatThrownBy(() -> engine.as(agent("thomas")).tick(clock.instant()))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("requires role admin");
    assertThatThrownBy(() -> engine.as(agent("thomas")).audit(new FindAudit(null, null, null, null, 10)))
        .isInstanceOf(AccessDeniedException.class);
    Conversation c = open("1", "support");
    assertThatThrownBy(() -> engine.as(agent("thomas")).personalData().export(c.contactId()))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("export personal data");
    engine.as(agent("marco")).tick(clock.instant());
    assertThat(engine.as(agent("marco")).personalData().export(c.contactId())).contains("Lena Berger");
  }

  @Test
  void receive_agentDenied_serviceAllowed() {
    ReceiveMessage m = ReceiveMessage.text("wa", InboundContact.of("4915100"), "wamid.x", "Hallo");
    assertThatThrownBy(() -> engine.as(agent("marco")).receive(m))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("ingress");
    assertThat(engine.as(Actor.service("whatsapp-webhook", AgentRole.AGENT)).receive(m).outcome())
        .isEqualTo(ReceiveResult.Outcome.OPENED);
  }

  @Test
  void restrictedTeam_nonMemberDenied_memberAndAssigneeAllowed() {
    Conversation c = open("1", "tech");
    assertThatThrownBy(() -> engine.as(agent("anna")).conversation(c.id()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("agent 'anna'").hasMessageContaining("read")
        .hasMessageContaining("#" + c.number()).hasMessageContaining("restricts its conversations");
    assertThatThrownBy(() -> engine.as(agent("thomas")).reply(new SendReply(c.id(), "thomas", "x")))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(engine.as(agent("marco")).conversation(c.id())).isPresent();
    engine.assign(new AssignConversation(c.id(), null, "anna", null));
    assertThat(engine.as(agent("anna")).conversation(c.id())).isPresent();
  }

  @Test
  void spiritualConversation_onlySpiritualTeam_whateverTheRole() {
    Conversation inTeam = open("1", "spiritual");
    Conversation labelled = open("2", "support");
    engine.label(new LabelConversation(labelled.id(), Set.of(PrivacySettings.SPIRITUAL_LABEL), Set.of(), null));
    for (Conversation c : List.of(inTeam, labelled)) {
      for (String handle : List.of("anna", "thomas", "marco")) {
        assertThatThrownBy(() -> engine.as(agent(handle)).conversation(c.id()))
            .isInstanceOf(AccessDeniedException.class).hasMessageContaining("spiritual");
      }
      assertThat(engine.as(agent("sabine")).conversation(c.id())).isPresent();
    }
    assertThatThrownBy(() -> engine.as(Actor.service("mcp", AgentRole.ADMIN)).conversation(inTeam.id()))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void conversations_restrictedTeamFilterDenied_unfilteredLeavesThemOut() {
    open("1", "tech");
    Conversation visible = open("2", "support");
    SupportSession anna = engine.as(agent("anna"));
    FindConversations all = new FindConversations(Set.of(), null, null, null, null, null, 50, null);
    assertThatThrownBy(() -> anna.conversations(new FindConversations(Set.of(), "tech", null, null, null, null, 50, null)))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("team tech");
    assertThat(anna.conversations(all).items()).extracting(s -> s.conversation().id()).containsExactly(visible.id());
    assertThat(engine.as(agent("marco")).conversations(all).items()).hasSize(2);
  }

  @Test
  void transcript_neverHoldsPrivateNotes_forAnyone() {
    Conversation c = open("1", "support");
    engine.addNote(new AddNote(c.id(), "thomas", "Geheime Notiz"));
    engine.reply(new SendReply(c.id(), "thomas", "Antwort"));
    for (Actor a : List.of(agent("anna"), agent("marco"), Actor.service("portal", AgentRole.AGENT), Actor.system())) {
      ConversationView t = engine.as(a).transcript(c.id()).orElseThrow();
      assertThat(t.messages()).extracting(m -> m.kind())
          .containsOnly(MessageKind.INCOMING, MessageKind.OUTGOING);
      assertThat(t.messages()).noneMatch(m -> m.body().contains("Geheime"));
    }
  }

  @Test
  void tick_byAdmin_reachesConversationsTheAdminMayNotRead() {
    Conversation c = open("1", "spiritual");
    engine.snooze(new SnoozeConversation(c.id(), clock.instant().plus(Duration.ofHours(1)), null));
    clock.advance(Duration.ofHours(2));
    TickReport report = engine.as(agent("marco")).tick(clock.instant());
    assertThat(report.count("snoozeWakeUps")).isEqualTo(1);
    assertThat(engine.conversation(c.id()).orElseThrow().conversation().status()).isEqualTo(Status.OPEN);
  }

  @Test
  void deniedCommand_changesNothing() {
    Conversation c = open("1", "tech");
    long before = engine.conversation(c.id()).orElseThrow().messages().size();
    assertThatThrownBy(() -> engine.as(agent("anna")).addNote(new AddNote(c.id(), "anna", "x")))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(engine.conversation(c.id()).orElseThrow().messages()).hasSize((int) before);
  }
}
