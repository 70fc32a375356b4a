package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * Run-time availability, backlog drain and the fairness window on PostgreSQL. Everything goes to
 * the tech team: lukas (away in the workspace file) and lena (offline in the file, capacity 10).
 */
@ExtendWith(PostgresExtension.class)
class AgentAvailabilityIT {
  private static final Path DIR = Path.of("..", "examples", "ozean-licht");
  private static final Workspace WS = WorkspaceLoader.load(DIR);
  private static final Router TECH = Router.parse("""
      defaults: {team: tech, assign: least-loaded}
      """, WS);
  private static final Router FAIR = Router.parse("""
      defaults: {team: tech, assign: least-loaded, fairness: {max: 2, per: 1h}}
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

  private Conversation receive(String from) {
    clock.advance(Duration.ofSeconds(1));
    return engine.receive(ReceiveMessage.text("ol-web", InboundContact.of(from), UUID.randomUUID().toString(),
        "Eine Frage")).conversation();
  }

  private Conversation load(UUID id) {
    return engine.conversation(id).orElseThrow().conversation();
  }

  @Test
  void setAvailability_online_drainsOldestWaitingFirstAndIsPersisted() {
    engine.setAvailability(new SetAvailability("lukas", Availability.OFFLINE));
    List<UUID> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(receive("a-" + i).id());
    }
    assertThat(waiting).allSatisfy(id -> assertThat(load(id).assignee()).isNull());

    int drained = engine.setAvailability(new SetAvailability("lena", Availability.ONLINE));

    assertThat(drained).isEqualTo(3);
    assertThat(waiting).allSatisfy(id -> assertThat(load(id).assignee()).isEqualTo("lena"));
    List<AssignmentRecord> first = SharedPostgres.database().conversationStore()
        .inTransaction(tx -> tx.assignments(waiting.get(0)));
    assertThat(first).last().satisfies(a -> assertThat(a.reason()).contains("least-loaded"));
    // A new engine (another node, a restart) sees the persisted availability, not the file's.
    engine.close();
    engine = engine(TECH);
    assertThat(receive("a-new").assignee()).isEqualTo("lena");
  }

  @Test
  void changeStatus_resolvingFreesCapacity_assignsTheOldestWaiting() {
    engine.setAvailability(new SetAvailability("lukas", Availability.OFFLINE));
    engine.setAvailability(new SetAvailability("lena", Availability.ONLINE));
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add(receive("c-" + i).id());
    }
    // lena's capacity is 10: the 11th and 12th wait.
    assertThat(load(ids.get(10)).assignee()).isNull();
    assertThat(load(ids.get(11)).assignee()).isNull();

    engine.changeStatus(new ChangeStatus(ids.get(0), Status.RESOLVED, "lena"));

    assertThat(load(ids.get(10)).assignee()).isEqualTo("lena");
    assertThat(load(ids.get(11)).assignee()).isNull();
  }

  @Test
  void receiveAndDrain_fairnessWindowFromRoutingYaml_capsAssignmentsPerAgent() {
    engine.close();
    engine = engine(FAIR);
    engine.setAvailability(new SetAvailability("lukas", Availability.OFFLINE));
    engine.setAvailability(new SetAvailability("lena", Availability.ONLINE));
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(receive("f-" + i).id());
    }

    assertThat(load(ids.get(0)).assignee()).isEqualTo("lena");
    assertThat(load(ids.get(1)).assignee()).isEqualTo("lena");
    assertThat(load(ids.get(2)).assignee()).isNull();
    List<AssignmentRecord> third = SharedPostgres.database().conversationStore()
        .inTransaction(tx -> tx.assignments(ids.get(2)));
    assertThat(third).singleElement().satisfies(a -> assertThat(a.skipped()).containsEntry("lena", "fairness window: already 2 assignments"));

    // An hour later the window has moved on: lukas coming online drains, and lena is eligible again.
    clock.advance(Duration.ofMinutes(61));
    assertThat(engine.setAvailability(new SetAvailability("lukas", Availability.ONLINE))).isEqualTo(1);
    assertThat(load(ids.get(2)).assignee()).isNotNull();
  }

  @Test
  void setAvailability_unknownAgent_namesFieldAndValue() {
    assertThatThrownBy(() -> engine.setAvailability(new SetAvailability("nobody", Availability.ONLINE)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("agent").hasMessageContaining("nobody");
  }

  @Test
  void parse_fairnessWithoutWindow_reportsFieldPath() {
    assertThatThrownBy(() -> Router.parse("defaults: {fairness: {max: 0}}", WS))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("defaults.fairness.max: must be a whole number from 1 to 10000, was '0'")
        .hasMessageContaining("defaults.fairness.per: is required");
  }
}
