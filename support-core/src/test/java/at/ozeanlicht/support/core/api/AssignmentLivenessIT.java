package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.Availability;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
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

  // ---- a conversation back from pending/snoozed/resolved whose assignee is offline (issue 12)

  /** After the engine's first tick (its startup drain), a conversation held by lukas. */
  private UUID heldByLukas(String from) {
    online("lukas");
    engine.tick(clock.instant());
    Conversation c = receive(from);
    assertThat(c.assignee()).isEqualTo("lukas");
    return c.id();
  }

  private void snoozeOneHour(UUID id) {
    engine.snooze(new SnoozeConversation(id, clock.instant().plus(Duration.ofHours(1)), "lukas"));
  }

  private List<String> activities(UUID id) {
    return engine.conversation(id).orElseThrow().messages().stream()
        .filter(m -> m.kind() == MessageKind.ACTIVITY).map(Message::body).toList();
  }

  /**
   * The {@code assignee} of each {@code conversation.assigned} entry of the audit log (one per
   * event, in the change's transaction), oldest first; "-" for an unassignment.
   */
  private List<String> assignedEvents(UUID id) {
    return engine.audit(new FindAudit(id, null, null, null, 1000)).stream()
        .filter(e -> e.action().equals("conversation.assigned"))
        .map(e -> e.data().getOrDefault("assignee", "-")).toList();
  }

  @Test
  void tick_snoozeEndsWhileAssigneeOffline_releasesItAndAssignsAnAvailableTeamMember() {
    UUID id = heldByLukas("wake-offline");
    snoozeOneHour(id);
    online("lena"); // lukas goes offline while it sleeps; lena's drain takes only open ones

    clock.advance(Duration.ofHours(1));
    assertThat(engine.tick(clock.instant()).count("snoozeWakeUps")).isEqualTo(1);

    Conversation awake = load(id);
    assertThat(awake.status()).isEqualTo(Status.OPEN);
    assertThat(awake.assignee()).isEqualTo("lena");
    assertThat(activities(id)).contains("Lukas Gruber left the conversation (offline when the snooze ended)")
        .anySatisfy(a -> assertThat(a).startsWith("Lena Pichler joined the conversation (snooze ended: "));
    assertThat(assignedEvents(id)).containsExactly("lukas", "-", "lena");
    assertThat(assignments(id)).last().satisfies(a -> {
      assertThat(a.agent()).isEqualTo("lena");
      assertThat(a.skipped()).containsEntry("lukas", "offline");
    });
  }

  @Test
  void tick_snoozeEndsWhileAssigneeOfflineAndNobodyAvailable_waitsUnassignedUntilTheDrain() {
    UUID id = heldByLukas("wake-nobody");
    snoozeOneHour(id);
    online();

    clock.advance(Duration.ofHours(1));
    engine.tick(clock.instant());

    Conversation awake = load(id);
    assertThat(awake.status()).isEqualTo(Status.OPEN);
    assertThat(awake.assignee()).as("waits in the tech queue, not with offline lukas").isNull();
    assertThat(assignments(id)).last().satisfies(a -> assertThat(a.agent()).isNull());

    assertThat(engine.setAvailability(new SetAvailability("lena", Availability.ONLINE))).isEqualTo(1);
    assertThat(load(id).assignee()).isEqualTo("lena");
  }

  @Test
  void receive_customerWritesOnPendingOrSnoozedWhileAssigneeOffline_isAssignedAgain() {
    UUID pending = heldByLukas("pending-offline");
    UUID snoozed = receive("snoozed-offline").id();
    engine.changeStatus(new ChangeStatus(pending, Status.PENDING, "lukas"));
    snoozeOneHour(snoozed);
    online("lena");

    Conversation p = receive("pending-offline");
    Conversation s = receive("snoozed-offline");

    assertThat(List.of(p.id(), s.id())).containsExactly(pending, snoozed);
    assertThat(List.of(p, s)).allSatisfy(c -> {
      assertThat(c.status()).isEqualTo(Status.OPEN);
      assertThat(c.assignee()).isEqualTo("lena");
      assertThat(activities(c.id()))
          .contains("Lukas Gruber left the conversation (offline when the customer wrote again)");
      assertThat(assignedEvents(c.id())).containsExactly("lukas", "-", "lena");
    });
  }

  @Test
  void receive_customerWritesOnPendingWhileAssigneeOfflineAndNobodyAvailable_waitsUnassigned() {
    UUID pending = heldByLukas("pending-nobody");
    engine.changeStatus(new ChangeStatus(pending, Status.PENDING, "lukas"));
    online();

    assertThat(receive("pending-nobody").assignee()).isNull();

    assertThat(engine.setAvailability(new SetAvailability("lena", Availability.ONLINE))).isEqualTo(1);
    assertThat(load(pending).assignee()).isEqualTo("lena");
  }

  @Test
  void receive_reopenedWhileAssigneeOfflineAndNobodyAvailable_waitsUnassigned() {
    UUID resolved = heldByLukas("reopen-nobody");
    engine.changeStatus(new ChangeStatus(resolved, Status.RESOLVED, "lukas"));
    online();

    Conversation reopened = receive("reopen-nobody");

    assertThat(reopened.status()).isEqualTo(Status.OPEN);
    assertThat(reopened.assignee()).isNull();
    assertThat(activities(resolved))
        .contains("Lukas Gruber left the conversation (offline when the customer reopened it)");
  }

  @Test
  void backFromPendingOrSnoozed_assigneeOnlineOrAway_keepsItAndTriesNoAssignment() {
    UUID pending = heldByLukas("pending-online");
    UUID snoozed = receive("snoozed-away").id();
    engine.changeStatus(new ChangeStatus(pending, Status.PENDING, "lukas"));
    snoozeOneHour(snoozed);
    engine.setAvailability(new SetAvailability("lena", Availability.ONLINE)); // would be chosen

    assertThat(receive("pending-online").assignee()).isEqualTo("lukas");
    engine.setAvailability(new SetAvailability("lukas", Availability.AWAY));
    clock.advance(Duration.ofHours(1));
    engine.tick(clock.instant());

    assertThat(load(snoozed).assignee()).as("away agents keep theirs").isEqualTo("lukas");
    assertThat(List.of(pending, snoozed)).allSatisfy(id -> {
      assertThat(assignments(id)).as("no new try").hasSize(1);
      assertThat(assignedEvents(id)).containsExactly("lukas");
    });
  }

  @Test
  void receive_followUpOnOpenConversationWhileAssigneeOffline_keepsItAsBefore() {
    UUID open = heldByLukas("open-offline");
    online("lena");

    assertThat(receive("open-offline").assignee()).as("the hot path reads no availability")
        .isEqualTo("lukas");
    assertThat(assignments(open)).hasSize(1);
  }

  @Test
  void tick_snoozeEndsWhileAssigneeOfflineAndTheTeamIsFull_waitsWithinCapacity() {
    UUID held = heldByLukas("full-held");
    snoozeOneHour(held);
    online("lena");
    List<UUID> lenas = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      lenas.add(receive("full-" + i).id());
    }
    assertThat(lenas).allSatisfy(id -> assertThat(load(id).assignee()).isEqualTo("lena"));

    clock.advance(Duration.ofHours(1));
    engine.tick(clock.instant());

    assertThat(load(held).assignee()).as("lena holds 10 of 10").isNull();
    assertThat(assignments(held)).last()
        .satisfies(a -> assertThat(a.skipped()).containsEntry("lena", "at capacity (10/10)"));

    engine.changeStatus(new ChangeStatus(lenas.get(0), Status.RESOLVED, "lena"));

    assertThat(load(held).assignee()).as("the drain assigns it when a slot frees").isEqualTo("lena");
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
