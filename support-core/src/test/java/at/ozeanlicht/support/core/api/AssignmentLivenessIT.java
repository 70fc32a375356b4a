package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.Availability;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.routing.Router;
import at.ozeanlicht.support.core.spi.AssignmentRecord;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12, liveness: a conversation that enters a team's queue outside receive is tried at once
 * (a manual move, a snooze that ends), and an engine built with a reloaded workspace drains the
 * backlog that its new capacity can take, at its first tick. Agents as in {@link
 * AssignmentQueueIT}: tech is lukas (set offline) and lena (capacity 10); sales is thomas
 * (capacity 8) and florian.
 */
@ExtendWith(PostgresExtension.class)
class AssignmentLivenessIT {
  private static final Workspace WS = WorkspaceLoader.load(Path.of("..", "examples", "ozean-licht"));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
  private SupportEngine engine = engine(WS);

  private SupportEngine engine(Workspace workspace) {
    return SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(workspace).routing(Router.parse("""
            defaults: {team: tech, assign: least-loaded}
            """, workspace)).clock(clock).build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private Conversation receive(String from) {
    clock.advance(Duration.ofSeconds(1));
    return engine.receive(ReceiveMessage.text("ol-web", InboundContact.of(from),
        UUID.randomUUID().toString(), "Eine Frage")).conversation();
  }

  private Conversation load(UUID id) {
    return engine.conversation(id).orElseThrow().conversation();
  }

  private static List<AssignmentRecord> assignments(UUID id) {
    return SharedPostgres.database().conversationStore().inTransaction(tx -> tx.assignments(id));
  }

  private void online(String... agents) {
    for (Agent a : WS.agents()) {
      engine.setAvailability(new SetAvailability(a.id(),
          List.of(agents).contains(a.id()) ? Availability.ONLINE : Availability.OFFLINE));
    }
  }

  @Test
  void assign_manualMoveToAnotherTeamWithoutAssignee_isAssignedThereAtOnce() {
    online("thomas");
    UUID waiting = receive("move-1").id();
    assertThat(load(waiting).assignee()).as("nobody in tech is online").isNull();

    Conversation moved = engine.assign(new AssignConversation(waiting, "sales", null, "katharina"));

    assertThat(moved.team()).isEqualTo("sales");
    assertThat(moved.assignee()).isEqualTo("thomas");
    assertThat(load(waiting).assignee()).isEqualTo("thomas");
    assertThat(assignments(waiting)).last().satisfies(a -> {
      assertThat(a.team()).isEqualTo("sales");
      assertThat(a.agent()).isEqualTo("thomas");
    });
  }

  @Test
  void assign_moveNamingAnAssigneeOrToATeamWithNobodyEligible_isNotOverridden() {
    online("thomas", "florian");
    UUID named = receive("move-2").id();
    UUID nobody = receive("move-3").id();

    assertThat(engine.assign(new AssignConversation(named, "sales", "florian", "katharina")).assignee())
        .isEqualTo("florian");
    // admin is katharina alone, offline: the move is tried once and the conversation waits there
    Conversation waits = engine.assign(new AssignConversation(nobody, "admin", null, "thomas"));
    assertThat(waits.assignee()).isNull();
    assertThat(assignments(nobody)).last().satisfies(a -> {
      assertThat(a.team()).isEqualTo("admin");
      assertThat(a.agent()).isNull();
    });
  }

  @Test
  void tick_snoozedConversationWakesWithoutAssignee_isAssignedAtOnce() {
    online();
    engine.tick(clock.instant()); // the engine's first tick drains the backlog once: done here
    UUID snoozed = receive("snooze-1").id();
    engine.snooze(new SnoozeConversation(snoozed, clock.instant().plus(Duration.ofHours(1)), null));
    // lena comes online while it sleeps: her drain takes only open conversations
    engine.setAvailability(new SetAvailability("lena", Availability.ONLINE));
    assertThat(load(snoozed).assignee()).isNull();

    clock.advance(Duration.ofHours(1));
    TickReport woke = engine.tick(clock.instant());

    assertThat(woke.count("snoozeWakeUps")).isEqualTo(1);
    Conversation awake = load(snoozed);
    assertThat(awake.status()).isEqualTo(Status.OPEN);
    assertThat(awake.assignee()).isEqualTo("lena");
  }

  @Test
  void firstTick_afterReloadWithHigherCapacity_drainsTheWaitingBacklogOnce() {
    online("lena");
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      ids.add(receive("cap-" + i).id());
    }
    assertThat(ids.subList(10, 13)).allSatisfy(id -> assertThat(load(id).assignee()).isNull());
    assertThat(engine.tick(clock.instant()).count("backlogAssigned")).as("lena is full").isZero();

    // The host reloads the workspace: lena may now hold 12. A new engine, as after a restart.
    engine.close();
    engine = engine(withCapacity(WS, "lena", 12));
    TickReport first = engine.tick(clock.instant());

    assertThat(first.count("backlogAssigned")).isEqualTo(2);
    assertThat(load(ids.get(10)).assignee()).isEqualTo("lena");
    assertThat(load(ids.get(11)).assignee()).isEqualTo("lena");
    assertThat(load(ids.get(12)).assignee()).as("oldest first; the 13th still waits").isNull();
    int tries = assignments(ids.get(12)).size();
    engine.tick(clock.instant().plusSeconds(1));
    assertThat(assignments(ids.get(12))).as("drained once per engine, not every tick").hasSize(tries);
  }

  private static Workspace withCapacity(Workspace ws, String agent, int capacity) {
    List<Agent> agents = ws.agents().stream().map(a -> !a.id().equals(agent) ? a
        : new Agent(a.id(), a.name(), a.languages(), a.teams(), a.role(), a.seniority(), capacity,
            a.availability())).toList();
    return new Workspace(ws.name(), ws.defaults(), ws.brands(), ws.inboxes(), ws.teams(), agents,
        ws.labels(), ws.macros(), ws.sla());
  }
}
