package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.SlaMetric;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.sla.BusinessCalendar;
import at.ozeanlicht.support.core.sla.BusinessHours;
import at.ozeanlicht.support.core.sla.EscalationAction;
import at.ozeanlicht.support.core.sla.SlaConfig;
import at.ozeanlicht.support.core.sla.SlaPolicy;
import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.spi.SlaClock;
import at.ozeanlicht.support.core.spi.SlaNotification;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.Race;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SLA clocks on PostgreSQL: start, pause/resume, stop, warnings and breaches, escalations. */
@ExtendWith(PostgresExtension.class)
class SlaIT {
  private static final ZoneId VIENNA = ZoneId.of("Europe/Vienna");
  /** Wed 2026-11-25 10:00 Vienna. */
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T09:00:00Z"));
  private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
  private final List<SlaNotification> notified = new CopyOnWriteArrayList<>();
  /** SLA clock updates that would have rewritten a row unchanged: none, checked after each test. */
  private final List<SlaClock> unchanged = new CopyOnWriteArrayList<>();
  private SupportEngine engine;

  private SupportEngine engine(boolean urgent, List<EscalationAction> onBreach) {
    BusinessCalendar office = BusinessCalendar.of(VIENNA, BusinessHours.parse("mon-fri 09:00-18:00"));
    SlaPolicy normal = new SlaPolicy("normal", Priority.NORMAL, null, null, null,
        Map.of(SlaMetric.FIRST_RESPONSE, Duration.ofHours(4), SlaMetric.NEXT_RESPONSE, Duration.ofHours(1),
            SlaMetric.RESOLUTION, Duration.ofHours(48)),
        true, 0.8, List.of(EscalationAction.NOTIFY), onBreach, urgent);
    SlaConfig sla = new SlaConfig(VIENNA, Map.of("office", office), "office", List.of(normal));
    engine = SupportEngine.builder().store(unchangedUpdates(SharedPostgres.database().conversationStore(), unchanged))
        .workspace(TestWorkspaces.small().withSla(sla)).clock(clock).listener(events::add)
        .notifier(notified::add).build();
    return engine;
  }

  @AfterEach
  void tearDown() {
    if (engine != null) {
      engine.close();
    }
    assertThat(unchanged).as("SLA clock updates that change nothing").isEmpty();
  }

  private Conversation receive(String visitor, String id) {
    return engine.receive(ReceiveMessage.text("web", InboundContact.of(visitor), id, "Hallo")).conversation();
  }

  private List<SlaClock> clocks() {
    return engine.slaClocks(clock.instant(), 1000).stream().map(SlaClockView::clock).toList();
  }

  private SlaClock clock(SlaMetric metric) {
    return clocks().stream().filter(k -> k.metric() == metric).findFirst().orElseThrow();
  }

  @Test
  void receive_opensFirstResponseAndResolutionClocksInBusinessTime() {
    engine(false, List.of(EscalationAction.NOTIFY));
    receive("a", "m1");
    SlaClock first = clock(SlaMetric.FIRST_RESPONSE);
    // 10:00 + 4h business = 14:00 Vienna; warning at 80% = 3h12m -> 13:12
    assertThat(first.dueAt()).isEqualTo(Instant.parse("2026-11-25T13:00:00Z"));
    assertThat(first.warnAt()).isEqualTo(Instant.parse("2026-11-25T12:12:00Z"));
    assertThat(first.calendar()).isEqualTo("office");
    // 48h of 9h days from Wed 10:00: Wed 8h, Thu, Fri, Mon, Tue 36h, Wed 4h -> Wed 2 Dec 13:00
    assertThat(clock(SlaMetric.RESOLUTION).dueAt()).isEqualTo(Instant.parse("2026-12-02T12:00:00Z"));
    assertThat(clocks()).hasSize(2);
  }

  @Test
  void pendingPausesAndCustomerMessageResumes() {
    engine(false, List.of(EscalationAction.NOTIFY));
    Conversation c = receive("a", "m1");
    clock.advance(Duration.ofHours(1)); // 11:00, 1h used
    engine.changeStatus(new ChangeStatus(c.id(), Status.PENDING, "anna"));
    assertThat(clock(SlaMetric.FIRST_RESPONSE).isPaused()).isTrue();
    assertThat(clock(SlaMetric.FIRST_RESPONSE).elapsed()).isEqualTo(Duration.ofHours(1));

    clock.advance(Duration.ofHours(5)); // 16:00: past the original deadline, but paused
    TickReport quiet = engine.tick(clock.instant());
    assertThat(quiet.count("slaBreaches")).isZero();
    assertThat(quiet.count("slaWarnings")).isZero();

    engine.receive(ReceiveMessage.text("web", InboundContact.of("a"), "m2", "Noch da?"));
    SlaClock resumed = clock(SlaMetric.FIRST_RESPONSE);
    assertThat(resumed.isRunning()).isTrue();
    // 3h left from Wed 16:00: 2h to 18:00, 1h Thu -> Thu 10:00 Vienna
    assertThat(resumed.dueAt()).isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
    // no next-response clock while the first response is still owed
    assertThat(clocks()).extracting(SlaClock::metric)
        .containsExactlyInAnyOrder(SlaMetric.FIRST_RESPONSE, SlaMetric.RESOLUTION);
    assertThat(engine.slaClocks(Instant.parse("2026-11-26T08:30:00Z"), 10))
        .filteredOn(v -> v.clock().metric() == SlaMetric.FIRST_RESPONSE)
        .singleElement().extracting(SlaClockView::remaining).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void snoozePausesAndWakeUpResumes() {
    engine(false, List.of(EscalationAction.NOTIFY));
    Conversation c = receive("a", "m1");
    engine.snooze(new SnoozeConversation(c.id(), Instant.parse("2026-11-25T15:00:00Z"), "anna"));
    assertThat(clocks()).allMatch(SlaClock::isPaused);
    engine.tick(Instant.parse("2026-11-25T15:00:00Z"));
    assertThat(clocks()).allMatch(SlaClock::isRunning);
    // 4h left from 16:00 Vienna: 2h Wed, 2h Thu -> Thu 11:00 Vienna
    assertThat(clock(SlaMetric.FIRST_RESPONSE).dueAt()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
  }

  @Test
  void replyStopsFirstResponse_nextCustomerMessageStartsNextResponse_resolveStopsAll() {
    engine(false, List.of(EscalationAction.NOTIFY));
    Conversation c = receive("a", "m1");
    clock.advance(Duration.ofMinutes(30));
    engine.reply(new SendReply(c.id(), "anna", "Hallo!"));
    assertThat(clocks()).extracting(SlaClock::metric).containsExactly(SlaMetric.RESOLUTION);
    clock.advance(Duration.ofMinutes(30));
    engine.receive(ReceiveMessage.text("web", InboundContact.of("a"), "m2", "Danke, noch eine Frage"));
    engine.receive(ReceiveMessage.text("web", InboundContact.of("a"), "m3", "Und noch eine"));
    assertThat(clocks()).extracting(SlaClock::metric)
        .containsExactlyInAnyOrder(SlaMetric.NEXT_RESPONSE, SlaMetric.RESOLUTION);
    assertThat(clock(SlaMetric.NEXT_RESPONSE).dueAt()).isEqualTo(Instant.parse("2026-11-25T11:00:00Z"));
    engine.changeStatus(new ChangeStatus(c.id(), Status.RESOLVED, "anna"));
    assertThat(clocks()).isEmpty();
    // reopening starts first-response and resolution again
    engine.receive(ReceiveMessage.text("web", InboundContact.of("a"), "m4", "Doch nicht gelöst"));
    assertThat(clocks()).extracting(SlaClock::metric)
        .containsExactlyInAnyOrder(SlaMetric.FIRST_RESPONSE, SlaMetric.RESOLUTION);
  }

  @Test
  void tick_concurrentlyOnFourNodes_warnsAndBreachesEachClockExactlyOnce() throws Exception {
    engine(false, List.of(EscalationAction.NOTIFY));
    for (int i = 0; i < 120; i++) {
      receive("v" + i, "m" + i);
    }
    events.clear();
    Instant at = Instant.parse("2026-11-25T13:30:00Z"); // past first-response due, resolution far off
    List<TickReport> reports = Race.run(4, node -> engine.tick(at));
    int warnings = reports.stream().mapToInt(r -> r.count("slaWarnings")).sum();
    int breaches = reports.stream().mapToInt(r -> r.count("slaBreaches")).sum();
    assertThat(warnings).isEqualTo(120);
    assertThat(breaches).isEqualTo(120);
    assertThat(events).filteredOn(e -> e.type().equals("sla.warning")).hasSize(120)
        .extracting(e -> e.data().get("clockId")).doesNotHaveDuplicates();
    assertThat(events).filteredOn(e -> e.type().equals("sla.breached")).hasSize(120)
        .extracting(e -> e.data().get("clockId")).doesNotHaveDuplicates();
    // a later tick finds nothing more to fire
    TickReport again = engine.tick(at.plusSeconds(60));
    assertThat(again.count("slaWarnings") + again.count("slaBreaches")).isZero();
    // in office hours every notification (one warning, one breach per clock) went out at once
    assertThat(notified).hasSize(240).extracting(SlaNotification::id).doesNotHaveDuplicates();
  }

  @Test
  void breach_escalates_reassignsToLeadAndRaisesPriority() {
    engine(false, List.of(EscalationAction.NOTIFY, EscalationAction.REASSIGN_TO_LEAD,
        EscalationAction.RAISE_PRIORITY));
    Conversation c = receive("a", "m1");
    engine.assign(new AssignConversation(c.id(), "support", "anna", null));
    TickReport r = engine.tick(Instant.parse("2026-11-25T13:00:00Z"));
    assertThat(r.count("slaBreaches")).isEqualTo(1);
    assertThat(r.count("slaWarnings")).isEqualTo(1);
    assertThat(r.count("escalations")).isEqualTo(1 + 3); // warning notify; breach notify, reassign, raise
    Conversation after = engine.conversation(c.id()).orElseThrow().conversation();
    assertThat(after.assignee()).isEqualTo("thomas");
    assertThat(after.priority()).isEqualTo(Priority.HIGH);
    assertThat(events).extracting(DomainEvent::type)
        .contains("sla.warning", "sla.breached", "conversation.assigned", "conversation.priority_changed");
    assertThat(notified).extracting(SlaNotification::kind)
        .containsExactly(SlaNotification.Kind.WARNING, SlaNotification.Kind.BREACH);
    assertThat(notified).allSatisfy(n -> assertThat(n.onCall()).isFalse());
    assertThat(engine.conversation(c.id()).orElseThrow().messages()).extracting(m -> m.body())
        .contains("SLA breached: reassigned to Thomas Berger", "SLA breached: priority raised from normal to high");
  }

  @Test
  void afterHoursBreach_nonUrgentWaitsForOpening_urgentPagesOnCall() {
    // Business-hours clocks only fire inside hours: a conversation opened at Wed 17:30 breaches
    // Thu 12:30, and both notifications go out at once.
    engine(false, List.of(EscalationAction.NOTIFY));
    clock.advance(Duration.ofHours(7).plusMinutes(30)); // Wed 17:30 Vienna
    Conversation c = receive("a", "m1");
    // first response 4h business: 30 min Wed, 3.5h Thu -> Thu 12:30 Vienna = 11:30Z
    Instant due = clock(SlaMetric.FIRST_RESPONSE).dueAt();
    assertThat(due).isEqualTo(Instant.parse("2026-11-26T11:30:00Z"));
    TickReport r = engine.tick(due);
    assertThat(r.count("slaNotifications")).isEqualTo(2);
    assertThat(notified).allSatisfy(n -> assertThat(n.onCall()).isFalse());
    engine.close();
    engine = null;
    notified.clear();
    events.clear();
    SharedPostgres.truncate();

    // A 24/7 clock of a 1h policy breaches at night: news waits for the morning unless urgent.
    BusinessCalendar office = BusinessCalendar.of(VIENNA, BusinessHours.parse("mon-fri 09:00-18:00"));
    for (boolean urgent : new boolean[] {false, true}) {
      SlaPolicy fast = new SlaPolicy("fast", Priority.NORMAL, null, null, null,
          Map.of(SlaMetric.RESOLUTION, Duration.ofHours(1)), false, 0.5, List.of(),
          List.of(EscalationAction.NOTIFY), urgent);
      try (SupportEngine e = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
          .workspace(TestWorkspaces.small().withSla(new SlaConfig(VIENNA, Map.of("office", office), "office",
              List.of(fast))))
          .clock(clock).listener(events::add).notifier(notified::add).build()) {
        Instant night = Instant.parse("2026-11-25T21:00:00Z"); // Wed 22:00 Vienna
        clock.advance(Duration.between(clock.instant(), night));
        e.receive(ReceiveMessage.text("web", InboundContact.of("n" + urgent), "n" + urgent, "Hilfe"));
        TickReport breach = e.tick(night.plus(Duration.ofHours(1)));
        assertThat(breach.count("slaBreaches")).isEqualTo(1);
        if (!urgent) {
          assertThat(notified).isEmpty(); // nobody is paged at midnight for a normal breach
          TickReport morning = e.tick(Instant.parse("2026-11-26T08:00:00Z")); // Thu 09:00 Vienna
          assertThat(morning.count("slaNotifications")).isEqualTo(1);
          assertThat(notified).singleElement().satisfies(n -> {
            assertThat(n.onCall()).isFalse();
            assertThat(n.deliverAt()).isEqualTo(Instant.parse("2026-11-26T08:00:00Z"));
          });
        } else {
          assertThat(notified).singleElement().satisfies(n -> assertThat(n.onCall()).isTrue());
        }
        notified.clear();
        SharedPostgres.truncate();
      }
    }
  }

  @Test
  void raisedPriority_movesOpenClocksToThePolicyOfTheNewPriority() {
    BusinessCalendar office = BusinessCalendar.of(VIENNA, BusinessHours.parse("mon-fri 09:00-18:00"));
    SlaPolicy normal = new SlaPolicy("normal", Priority.NORMAL, null, null, null,
        Map.of(SlaMetric.FIRST_RESPONSE, Duration.ofHours(1), SlaMetric.RESOLUTION, Duration.ofHours(48)),
        true, 0.8, List.of(), List.of(EscalationAction.RAISE_PRIORITY), false);
    SlaPolicy high = new SlaPolicy("high", Priority.HIGH, null, null, null,
        Map.of(SlaMetric.FIRST_RESPONSE, Duration.ofMinutes(30), SlaMetric.RESOLUTION, Duration.ofHours(24)),
        true, 0.8, List.of(), List.of(EscalationAction.NOTIFY), false);
    engine = SupportEngine.builder().store(unchangedUpdates(SharedPostgres.database().conversationStore(), unchanged))
        .workspace(TestWorkspaces.small().withSla(new SlaConfig(VIENNA, Map.of("office", office), "office",
            List.of(normal, high))))
        .clock(clock).listener(events::add).notifier(notified::add).build();
    Conversation c = receive("a", "m1"); // Wed 10:00 Vienna
    TickReport r = engine.tick(Instant.parse("2026-11-25T10:00:00Z")); // 11:00: first response breached
    assertThat(r.count("slaBreaches")).isEqualTo(1);
    assertThat(engine.conversation(c.id()).orElseThrow().conversation().priority()).isEqualTo(Priority.HIGH);
    SlaClock resolution = engine.slaClocks(Instant.parse("2026-11-25T10:00:00Z"), 10).stream()
        .map(SlaClockView::clock).filter(k -> k.metric() == SlaMetric.RESOLUTION).findFirst().orElseThrow();
    assertThat(resolution.policy()).isEqualTo("high");
    assertThat(resolution.target()).isEqualTo(Duration.ofHours(24));
    // 1h used by 11:00; 23h left: Wed 7h to 18:00, Thu 9h, Fri 7h -> Fri 16:00 Vienna
    assertThat(resolution.dueAt()).isEqualTo(Instant.parse("2026-11-27T15:00:00Z"));
    // the breached first-response clock moved too and does not breach a second time
    assertThat(engine.tick(Instant.parse("2026-11-25T10:05:00Z")).count("slaBreaches")).isZero();
  }

  @Test
  void tick_clockMovedByAnEarlierEscalationInTheBatch_isNotRewrittenUnchanged() {
    // normal: first response 1h (warn 30 min), resolution 2h (warn 1h); its breach raises the
    // priority, and high moves the resolution clock to 48h, so at 11:00 Vienna the tick claims
    // both clocks but after the first one's escalation the second has nothing left to mark.
    BusinessCalendar office = BusinessCalendar.of(VIENNA, BusinessHours.parse("mon-fri 09:00-18:00"));
    SlaPolicy normal = new SlaPolicy("normal", Priority.NORMAL, null, null, null,
        Map.of(SlaMetric.FIRST_RESPONSE, Duration.ofHours(1), SlaMetric.RESOLUTION, Duration.ofHours(2)),
        true, 0.5, List.of(), List.of(EscalationAction.RAISE_PRIORITY), false);
    SlaPolicy high = new SlaPolicy("high", Priority.HIGH, null, null, null,
        Map.of(SlaMetric.FIRST_RESPONSE, Duration.ofMinutes(30), SlaMetric.RESOLUTION, Duration.ofHours(48)),
        true, 0.5, List.of(), List.of(), false);
    engine = SupportEngine.builder().store(unchangedUpdates(SharedPostgres.database().conversationStore(), unchanged))
        .workspace(TestWorkspaces.small().withSla(new SlaConfig(VIENNA, Map.of("office", office), "office",
            List.of(normal, high))))
        .clock(clock).listener(events::add).build();
    receive("a", "m1"); // Wed 10:00 Vienna
    TickReport r = engine.tick(Instant.parse("2026-11-25T10:00:00Z"));
    assertThat(r.count("slaBreaches")).isEqualTo(1);
    assertThat(r.count("slaWarnings")).isEqualTo(1); // first response only: resolution moved away first
    assertThat(clock(SlaMetric.RESOLUTION).policy()).isEqualTo("high");
    assertThat(unchanged).isEmpty(); // (also checked after every test of this class)
  }

  /**
   * The real store, recording every SLA clock update that would write exactly the row that is
   * already there (read in the same transaction just before).
   */
  private static at.ozeanlicht.support.core.spi.ConversationStore unchangedUpdates(
      at.ozeanlicht.support.core.spi.ConversationStore store, List<SlaClock> unchanged) {
    Class<at.ozeanlicht.support.core.spi.ConversationStore.Transaction> txType =
        at.ozeanlicht.support.core.spi.ConversationStore.Transaction.class;
    return (at.ozeanlicht.support.core.spi.ConversationStore) java.lang.reflect.Proxy.newProxyInstance(
        SlaIT.class.getClassLoader(), new Class<?>[] {at.ozeanlicht.support.core.spi.ConversationStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("inTransaction")) {
            @SuppressWarnings("unchecked")
            java.util.function.Function<Object, Object> work = (java.util.function.Function<Object, Object>) args[0];
            return store.inTransaction(tx -> work.apply(java.lang.reflect.Proxy.newProxyInstance(
                SlaIT.class.getClassLoader(), new Class<?>[] {txType}, (p, m, a) -> {
                  if (m.getName().equals("updateSlaClock")) {
                    SlaClock k = (SlaClock) a[0];
                    if (tx.openSlaClocks(k.conversationId()).contains(k)) {
                      unchanged.add(k);
                    }
                  }
                  return invoke(m, tx, a);
                })));
          }
          return invoke(method, store, args);
        });
  }

  private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
