package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.routing.Router;
import at.ozeanlicht.support.core.spi.Notifier;
import at.ozeanlicht.support.core.spi.RoutingFiring;
import at.ozeanlicht.support.core.spi.RoutingNotification;
import at.ozeanlicht.support.core.spi.SlaNotification;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Timed and event triggers of routing rules through tick, changeStatus and assign on PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class RoutingTriggersIT {
  private static final Path DIR = Path.of("..", "examples", "ozean-licht");
  private static final Workspace WS = WorkspaceLoader.load(DIR);
  private static final Router REFERENCE = Router.load(DIR, WS);
  private static final Router TRIGGERS = Router.parse("""
      defaults: {team: support, assign: least-loaded}
      rules:
        - name: waiting-2h
          on: waiting_on_us
          after: 2h
          then: {labels: [waiting]}
        - name: back-from-snooze
          on: snooze_ended
          then: {priority: high, labels: [snooze-ended]}
        - name: on-status
          on: status_changed
          then: {labels: [status-touched]}
        - name: on-assign
          on: assigned
          then: {labels: [assign-touched]}
      """, WS);

  /** Tuesday 24 November 2026, 10:00 in Vienna. */
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
  private final List<RoutingNotification> notified = new CopyOnWriteArrayList<>();
  private SupportEngine engine = engine(REFERENCE);

  private SupportEngine engine(Router router) {
    return SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(WS).routing(router).clock(clock).notifier(new Notifier() {
          @Override
          public void notify(SlaNotification n) {}

          @Override
          public void notify(RoutingNotification n) {
            notified.add(n);
          }
        }).build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private Conversation receive(String from, String text) {
    return engine.receive(ReceiveMessage.text("ol-web", InboundContact.of(from), UUID.randomUUID().toString(), text))
        .conversation();
  }

  private List<RoutingFiring> firings(UUID id, String rule) {
    return SharedPostgres.database().conversationStore().inTransaction(tx -> tx.firings(id)).stream()
        .filter(f -> f.rule().equals(rule)).toList();
  }

  private Conversation load(UUID id) {
    return engine.conversation(id).orElseThrow().conversation();
  }

  @Test
  void tick_noHumanReplyFor30BusinessMinutes_firesOnceOnTheInboxCalendar() {
    clock.advance(Duration.ofDays(3).plusHours(7).plusMinutes(45)); // Friday 17:45 Vienna
    Conversation c = receive("t-1", "Wo finde ich die Aufzeichnung vom Live-Call?");
    assertThat(c.priority()).isEqualTo(Priority.NORMAL);

    // Saturday: an hour of wall-clock time, only 15 business minutes.
    TickReport saturday = engine.tick(clock.instant().plus(Duration.ofHours(14)));
    // Monday 09:16: 15 + 16 business minutes.
    Instant monday = Instant.parse("2026-11-30T08:16:00Z");
    TickReport due = engine.tick(monday);
    TickReport again = engine.tick(monday.plus(Duration.ofMinutes(5)));

    assertThat(saturday.count("routingTimeTriggers")).isZero();
    assertThat(due.count("routingTimeTriggers")).isEqualTo(1);
    assertThat(again.count("routingTimeTriggers")).isZero();
    assertThat(load(c.id()).priority()).isEqualTo(Priority.HIGH);
    assertThat(firings(c.id(), "unanswered-30-business-minutes")).singleElement()
        .satisfies(f -> assertThat(f.trigger()).isEqualTo("no_human_reply"));
  }

  @Test
  void tick_notifyAction_deliveredThroughNotifierOnceAfterCommit() {
    Conversation c = receive("t-6", "Wo finde ich die Aufzeichnung vom Live-Call?");
    String lead = WS.team(c.team()).orElseThrow().lead();

    engine.tick(clock.instant().plus(Duration.ofMinutes(31)));
    engine.tick(clock.instant().plus(Duration.ofMinutes(45)));

    assertThat(notified).singleElement().satisfies(n -> {
      assertThat(n.conversationId()).isEqualTo(c.id());
      assertThat(n.rules()).containsExactly("unanswered-30-business-minutes");
      assertThat(n.trigger()).isEqualTo("no_human_reply");
      assertThat(n.target()).isEqualTo("lead");
      assertThat(n.agent()).isEqualTo(lead);
      assertThat(n.priority()).isEqualTo(Priority.HIGH);
      assertThat(n.onCall()).isFalse();
    });
  }

  @Test
  void tick_humanReplied_noHumanReplyDoesNotFire() {
    Conversation c = receive("t-2", "Wo finde ich die Aufzeichnung vom Live-Call?");
    engine.reply(new SendReply(c.id(), "thomas", "Im Mitgliederbereich."));

    assertThat(engine.tick(clock.instant().plus(Duration.ofHours(2))).count("routingTimeTriggers")).isZero();
    assertThat(firings(c.id(), "unanswered-30-business-minutes")).isEmpty();
  }

  @Test
  void tick_waitingOnUs_measuredFromTheCustomersLastUnansweredMessage() {
    engine.close();
    engine = engine(TRIGGERS);
    Conversation c = receive("t-3", "Eine Frage zum Kurs");
    clock.advance(Duration.ofHours(1));
    receive("t-3", "Noch da?");

    assertThat(engine.tick(clock.instant().plus(Duration.ofMinutes(70))).count("routingTimeTriggers")).isZero();
    assertThat(engine.tick(clock.instant().plus(Duration.ofHours(2))).count("routingTimeTriggers")).isEqualTo(1);
    assertThat(engine.tick(clock.instant().plus(Duration.ofHours(5))).count("routingTimeTriggers")).isZero();
    assertThat(load(c.id()).labels()).contains("waiting");
    assertThat(firings(c.id(), "waiting-2h")).singleElement()
        .satisfies(f -> assertThat(f.triggerKey()).startsWith("since:"));
  }

  @Test
  void tick_snoozeEnded_firesSnoozeRulesOnce() {
    engine.close();
    engine = engine(TRIGGERS);
    Conversation c = receive("t-4", "Eine Frage zum Kurs");
    engine.snooze(new SnoozeConversation(c.id(), clock.instant().plus(Duration.ofHours(1)), "thomas"));

    TickReport woke = engine.tick(clock.instant().plus(Duration.ofHours(1)));
    TickReport later = engine.tick(clock.instant().plus(Duration.ofMinutes(61)));

    assertThat(woke.count("snoozeWakeUps")).isEqualTo(1);
    assertThat(woke.count("routingTimeTriggers")).isEqualTo(1);
    assertThat(later.count("routingTimeTriggers")).isZero();
    Conversation awake = load(c.id());
    assertThat(awake.priority()).isEqualTo(Priority.HIGH);
    assertThat(awake.labels()).contains("snooze-ended");
  }

  @Test
  void changeStatusAndAssign_runEventRules_butRuleMadeChangesDoNot() {
    engine.close();
    engine = engine(TRIGGERS);
    Conversation c = receive("t-5", "Eine Frage zum Kurs");
    // Routing assigned it (least-loaded): a rule's change, so on-assign must not run.
    assertThat(c.assignee()).isNotNull();
    assertThat(c.labels()).doesNotContain("assign-touched");
    assertThat(firings(c.id(), "on-assign")).isEmpty();

    Conversation pending = engine.changeStatus(new ChangeStatus(c.id(), Status.PENDING, "thomas"));
    Conversation moved = engine.assign(new AssignConversation(c.id(), "support", "thomas", "thomas"));

    assertThat(pending.labels()).contains("status-touched");
    assertThat(moved.labels()).contains("status-touched", "assign-touched");
    assertThat(firings(c.id(), "on-status")).singleElement()
        .satisfies(f -> assertThat(f.trigger()).isEqualTo("status_changed"));
    assertThat(firings(c.id(), "on-assign")).singleElement()
        .satisfies(f -> assertThat(f.trigger()).isEqualTo("assigned"));
  }

  @Test
  void tick_fourNodesAtOnce_fireEachTimedRuleExactlyOnce() throws Exception {
    engine.close();
    engine = engine(TRIGGERS);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      ids.add(receive("t-n-" + i, "Eine Frage zum Kurs").id());
    }
    Instant at = clock.instant().plus(Duration.ofHours(3));
    int total = Race.run(4, node -> engine.tick(at)).stream()
        .mapToInt(r -> r.count("routingTimeTriggers")).sum();

    assertThat(total).isEqualTo(24);
    for (UUID id : ids) {
      assertThat(firings(id, "waiting-2h")).hasSize(1);
    }
  }

  @Test
  void tick_timedRuleSetsEscalationPolicy_newPolicyEscalates() {
    Router router = Router.parse("""
        defaults: {team: support}
        escalation:
          policies:
            urgent:
              - after: 90m
                to: lead
        rules:
          - name: waiting-1h-urgent
            on: waiting_on_us
            after: 1h
            then: {escalation: urgent}
        """, WS);
    engine.close();
    engine = engine(router);
    Conversation c = receive("t-9", "Wo finde ich die Aufzeichnung vom Live-Call?");
    // No default policy: nothing would ever escalate unless the timed rule sets one.
    TickReport early = engine.tick(clock.instant().plus(Duration.ofMinutes(50)));
    TickReport due = engine.tick(clock.instant().plus(Duration.ofMinutes(100)));
    TickReport again = engine.tick(clock.instant().plus(Duration.ofMinutes(110)));

    assertThat(early.count("routingTimeTriggers") + early.count("escalations")).isZero();
    assertThat(due.count("routingTimeTriggers")).isEqualTo(1);
    assertThat(due.count("escalations")).isEqualTo(1);
    assertThat(again.count("routingTimeTriggers") + again.count("escalations")).isZero();
    assertThat(firings(c.id(), "waiting-1h-urgent")).singleElement();
    assertThat(load(c.id()).assignee()).isEqualTo(WS.team("support").orElseThrow().lead());
  }
}
