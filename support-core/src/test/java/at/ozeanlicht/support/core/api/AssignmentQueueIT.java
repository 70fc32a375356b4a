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
import at.ozeanlicht.support.core.testkit.Race;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * When assignment runs: once when a conversation enters a team's queue, then by the backlog drain
 * when capacity frees; never above capacity, also under concurrency. The tech team is lukas
 * (set offline here) and lena (online, capacity 10); sales is thomas and florian (disjoint).
 */
@ExtendWith(PostgresExtension.class)
class AssignmentQueueIT {
  private static final Path DIR = Path.of("..", "examples", "ozean-licht");
  private static final Workspace WS = WorkspaceLoader.load(DIR);
  private static final Router TECH = Router.parse("""
      defaults: {team: tech, assign: least-loaded}
      """, WS);
  private static final Router CLAIM = Router.parse("""
      defaults: {team: tech, assign: claim}
      """, WS);
  private static final Router TWO_TEAMS = Router.parse("""
      defaults: {team: tech, assign: least-loaded}
      keywords:
        buy: [kaufen]
      rules:
        - name: to-sales
          when: {keywords: buy}
          then: {team: sales}
      """, WS);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
  private SupportEngine engine = engine(TECH);

  private SupportEngine engine(Router router) {
    return SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(WS).routing(router).clock(clock).build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private Conversation receive(String from, String text) {
    clock.advance(Duration.ofSeconds(1));
    return engine.receive(ReceiveMessage.text("ol-web", InboundContact.of(from),
        UUID.randomUUID().toString(), text)).conversation();
  }

  private Conversation load(UUID id) {
    return engine.conversation(id).orElseThrow().conversation();
  }

  private static List<AssignmentRecord> assignments(UUID id) {
    return SharedPostgres.database().conversationStore().inTransaction(tx -> tx.assignments(id));
  }

  /** Fills lena (capacity 10) and returns the ids; the 11th and 12th wait in the tech queue. */
  private List<UUID> fillLena(int count) {
    engine.setAvailability(new SetAvailability("lukas", Availability.OFFLINE));
    engine.setAvailability(new SetAvailability("lena", Availability.ONLINE));
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(receive("q-" + i, "Eine Frage").id());
    }
    return ids;
  }

  @Test
  void receive_followUpsOfQueuedConversation_writeNoAssignmentRowUntilDrainAssignsIt() {
    List<UUID> ids = fillLena(11);
    UUID queued = ids.get(10);
    assertThat(load(queued).assignee()).isNull();
    assertThat(assignments(queued)).singleElement()
        .satisfies(a -> assertThat(a.agent()).isNull());

    for (int i = 0; i < 3; i++) {
      assertThat(receive("q-10", "Noch eine Frage " + i).id()).isEqualTo(queued);
    }

    assertThat(load(queued).assignee()).isNull();
    assertThat(assignments(queued)).as("follow-ups wait, they do not retry").hasSize(1);

    engine.changeStatus(new ChangeStatus(ids.get(0), Status.RESOLVED, "lena"));

    assertThat(load(queued).assignee()).isEqualTo("lena");
    assertThat(assignments(queued)).hasSize(2).last()
        .satisfies(a -> assertThat(a.agent()).isEqualTo("lena"));
  }

  @Test
  void assign_unassigningFreesCapacity_drainAssignsTheNextWaitingNotTheSameOne() {
    List<UUID> ids = fillLena(12);

    engine.assign(new AssignConversation(ids.get(0), null, null, "lena"));

    assertThat(load(ids.get(0)).assignee()).as("handed back: waits in the queue").isNull();
    assertThat(load(ids.get(10)).assignee()).isEqualTo("lena");
    assertThat(load(ids.get(11)).assignee()).isNull();
  }

  @Test
  void receive_pendingConversationGetsCustomerMessage_reentersQueueAndIsAssigned() {
    List<UUID> ids = fillLena(11);
    UUID waiting = ids.get(10);
    engine.changeStatus(new ChangeStatus(waiting, Status.PENDING, "lena"));
    engine.changeStatus(new ChangeStatus(ids.get(0), Status.RESOLVED, "lena")); // drain: nothing open waits

    receive("q-10", "Hallo?");

    assertThat(load(waiting).assignee()).isEqualTo("lena");
  }

  @Test
  void receive_claimStrategy_locksNothingAndRecordsNothing() {
    engine.close();
    engine = engine(CLAIM);

    Conversation c = receive("claim-1", "Eine Frage");

    assertThat(c.assignee()).isNull();
    assertThat(c.team()).isEqualTo("tech");
    assertThat(assignments(c.id())).isEmpty();
  }

  @Test
  void receive_concurrentOpeningsOnTwoTeams_neverExceedCapacityAndFillEverySlot() throws Exception {
    engine.close();
    engine = engine(TWO_TEAMS);
    engine.setAvailability(new SetAvailability("lukas", Availability.OFFLINE));
    for (String online : List.of("lena", "thomas", "florian")) {
      engine.setAvailability(new SetAvailability(online, Availability.ONLINE));
    }
    int perThread = 8;
    AtomicInteger n = new AtomicInteger();
    Race.run(4, i -> {
      for (int k = 0; k < perThread; k++) {
        int m = n.getAndIncrement();
        receive("race-" + m, m % 2 == 0 ? "Ich möchte einen Kurs kaufen" : "Eine Frage");
      }
      return null;
    });

    Map<String, Integer> open = new HashMap<>();
    for (String row : SharedPostgres.database().conversationStore().inTransaction(tx -> {
      List<String> out = new ArrayList<>();
      for (Agent a : WS.agents()) {
        int count = tx.openCountsByAgent(List.of(a.id())).getOrDefault(a.id(), 0);
        out.add(a.id() + "=" + count);
      }
      return out;
    })) {
      String[] kv = row.split("=");
      open.put(kv[0], Integer.parseInt(kv[1]));
    }
    for (Agent a : WS.agents()) {
      assertThat(open.get(a.id())).as("open conversations of %s", a.id()).isLessThanOrEqualTo(a.capacity());
    }
    // 16 tech openings for lena's 10 slots; 16 sales openings fit thomas (8) and florian (12).
    assertThat(open.get("lena")).isEqualTo(10);
    assertThat(open.get("thomas") + open.get("florian")).isEqualTo(16);
  }

  /**
   * The optimistic path locks only the chosen agent and never waits: when that agent's lock is
   * held elsewhere it falls back to the blocking path, which waits for the lock and then assigns
   * (here: lena, the only one online), within capacity.
   */
  @Test
  void receive_chosenAgentLockedElsewhere_fallsBackToTheBlockingPathAndStillAssigns() throws Exception {
    engine.setAvailability(new SetAvailability("lukas", Availability.OFFLINE));
    engine.setAvailability(new SetAvailability("lena", Availability.ONLINE));
    try (java.sql.Connection other = SharedPostgres.pool().getConnection();
        java.sql.Statement s = other.createStatement()) {
      other.setAutoCommit(false);
      s.execute("select pg_advisory_xact_lock(hashtextextended('agent:lena', 0))");
      java.util.concurrent.CompletableFuture<Conversation> running =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> receive("busy", "Eine Frage"));
      boolean waiting = false;
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      while (!waiting && System.nanoTime() < deadline && !running.isDone()) {
        try (java.sql.ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity"
            + " where wait_event_type = 'Lock' and wait_event = 'advisory'"
            + " and pid <> pg_backend_pid() and datname = current_database()")) {
          rs.next();
          waiting = rs.getInt(1) > 0;
        }
      }
      assertThat(waiting).as("the receive waits for lena's lock on the blocking path").isTrue();
      assertThat(running).isNotDone();
      other.commit();
      Conversation c = running.get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(load(c.id()).assignee()).isEqualTo("lena");
      assertThat(assignments(c.id())).singleElement()
          .satisfies(a -> assertThat(a.agent()).isEqualTo("lena"));
    }
  }
}
