package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.domain.Availability;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.SenderType;
import at.ozeanlicht.support.core.domain.Sentiment;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.routing.Router;
import at.ozeanlicht.support.core.spi.AssignmentRecord;
import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.spi.MessageAnalysis;
import at.ozeanlicht.support.core.spi.MessageAnalyzer;
import at.ozeanlicht.support.core.spi.RoutingFiring;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Routing, assignment, after hours and escalation through receive and tick on PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class RoutingIT {
  private static final Path DIR = Path.of("..", "examples", "ozean-licht");
  private static final Workspace WS = WorkspaceLoader.load(DIR);
  private static final Router ROUTER = Router.load(DIR, WS);
  /** Tuesday 10:00 in Vienna. */
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
  private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
  private SupportEngine engine = engine(null);

  private SupportEngine engine(@Nullable MessageAnalyzer analyzer) {
    SupportEngine.Builder b = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(WS).routing(ROUTER).clock(clock).listener(events::add);
    if (analyzer != null) {
      b.analyzer(analyzer);
    }
    return b.build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private Conversation receive(String inbox, String from, String text) {
    return engine.receive(ReceiveMessage.text(inbox, InboundContact.of(from), UUID.randomUUID().toString(), text))
        .conversation();
  }

  private List<RoutingFiring> firings(UUID id) {
    return SharedPostgres.database().conversationStore().inTransaction(tx -> tx.firings(id));
  }

  private List<AssignmentRecord> assignments(UUID id) {
    return SharedPostgres.database().conversationStore().inTransaction(tx -> tx.assignments(id));
  }

  @Test
  void receive_accessBlocked_routedToTechCriticalAndAssignedWithReason() {
    Conversation c = receive("ol-whatsapp", "4366400001", "Ich kann mich seit gestern nicht mehr einloggen");

    assertThat(c.team()).isEqualTo("tech");
    assertThat(c.priority()).isEqualTo(Priority.CRITICAL);
    assertThat(c.labels()).contains("access");
    // lena is offline; lukas is away, the last resort.
    assertThat(c.assignee()).isEqualTo("lukas");
    assertThat(firings(c.id())).extracting(RoutingFiring::rule).contains("access-blocked");
    assertThat(firings(c.id())).allSatisfy(f -> assertThat(f.trigger()).isEqualTo("conversation_created"));
    AssignmentRecord a = assignments(c.id()).get(0);
    assertThat(a.strategy()).isEqualTo("least-loaded");
    assertThat(a.skipped()).containsEntry("lena", "offline");
    List<Message> messages = engine.conversation(c.id()).orElseThrow().messages();
    assertThat(messages).filteredOn(m -> m.kind() == MessageKind.ACTIVITY).extracting(Message::body)
        .anySatisfy(b -> assertThat(b).startsWith("Lukas Gruber joined the conversation (routing: least-loaded"));
    assertThat(events).extracting(DomainEvent::type).contains("conversation.routed", "conversation.assigned");
  }

  @Test
  void receive_withAnalyzer_usesItsSentimentForTheGuard() {
    engine.close();
    engine = engine(new MessageAnalyzer() {
      @Override
      public String name() {
        return "fake";
      }

      @Override
      public MessageAnalysis analyze(String text, @Nullable String languageHint) {
        return new MessageAnalysis("de", Sentiment.NEGATIVE, -0.9, "complaint", Set.of("complaint"), 0.8);
      }
    });
    Conversation c = receive("ol-web", "visitor-1", "Wann beginnt der nächste Kurs?");

    assertThat(c.team()).isEqualTo("support");
    assertThat(firings(c.id())).isEmpty();
  }

  @Test
  void receive_followUp_keepsAssigneeAndRecordsFiringPerMessage() {
    Conversation first = receive("ol-email", "anna@example.org", "Meine Zahlung wurde abgelehnt");
    Conversation second = receive("ol-email", "anna@example.org", "Die Rechnung fehlt auch noch");

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.team()).isEqualTo("sales");
    assertThat(second.priority()).isEqualTo(Priority.HIGH);
    assertThat(second.assignee()).isEqualTo(first.assignee()).isIn("thomas", "florian");
    assertThat(firings(first.id())).filteredOn(f -> f.rule().equals("payment-and-billing")).hasSize(2);
    assertThat(assignments(first.id())).hasSize(1);
  }

  @Test
  void receive_reopenedWhileAssigneeOffline_goesBackThroughAssignment() {
    Conversation c = receive("ol-web", "v-2", "Wie ändere ich meine Adresse?");
    engine.assign(new AssignConversation(c.id(), "support", "lena", "thomas"));
    engine.changeStatus(new ChangeStatus(c.id(), Status.RESOLVED, "thomas"));

    Conversation reopened = receive("ol-web", "v-2", "Noch eine Frage zur Adresse");

    assertThat(reopened.status()).isEqualTo(Status.OPEN);
    assertThat(reopened.assignee()).isNotEqualTo("lena").isNotNull();
  }

  @Test
  void receive_afterHours_sendsAcknowledgementFromRoutingResult() {
    clock.advance(Duration.ofDays(4)); // Saturday
    Conversation c = receive("ol-whatsapp", "4366400002", "Hallo, ich habe eine Frage zum Kurs");

    List<Message> messages = engine.conversation(c.id()).orElseThrow().messages();
    assertThat(messages).filteredOn(m -> m.kind() == MessageKind.OUTGOING)
        .singleElement().satisfies(m -> {
          assertThat(m.sender().type()).isEqualTo(SenderType.BOT);
          assertThat(m.body()).startsWith("Danke für deine Nachricht!")
              .contains("am Montag, 30. November, um 09:00 Uhr");
        });
    assertThat(c.labels()).contains("after-hours");
    assertThat(c.firstResponseAt()).isNull();
  }

  @Test
  void receive_onPublicHoliday_isAfterHoursWithNoticeOfTheNextOpening() {
    clock.advance(Duration.ofDays(14)); // Tuesday 8 December, Mariä Empfängnis
    Conversation c = receive("ol-whatsapp", "4366400003", "Hallo, ich habe eine Frage zum Kurs");

    assertThat(c.labels()).contains("after-hours");
    assertThat(engine.conversation(c.id()).orElseThrow().messages())
        .filteredOn(m -> m.kind() == MessageKind.OUTGOING).singleElement()
        .satisfies(m -> assertThat(m.body()).contains("morgen um 09:00 Uhr"));
  }

  @Test
  void tick_noFirstResponseWithin30BusinessMinutes_escalatesToLeadOnceAcrossNodes() throws Exception {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add(receive("ol-web", "w-" + i, "Wo finde ich die Aufzeichnung vom Live-Call?").id());
    }
    Conversation answered = receive("ol-web", "w-answered", "Wo finde ich die Aufzeichnung?");
    engine.reply(new SendReply(answered.id(), "thomas", "Im Mitgliederbereich unter Aufzeichnungen."));
    events.clear();

    assertThat(engine.tick(clock.instant().plus(Duration.ofMinutes(29))).count("escalations")).isZero();
    Instant at = clock.instant().plus(Duration.ofMinutes(31));
    int total = Race.run(4, node -> engine.tick(at)).stream()
        .mapToInt(r -> r.count("escalations")).sum();

    assertThat(total).isEqualTo(30);
    // Later ticks fire no routing escalation step again (the no_human_reply rule raised the
    // priority to high, so SLA breach actions may now count as escalations; the events tell).
    engine.tick(at.plus(Duration.ofHours(1)));
    assertThat(events).filteredOn(e -> e.type().equals("conversation.escalated"))
        .extracting(DomainEvent::conversationId).containsExactlyInAnyOrderElementsOf(ids);
    Conversation one = engine.conversation(ids.get(0)).orElseThrow().conversation();
    assertThat(one.assignee()).isEqualTo("thomas");
    assertThat(assignments(ids.get(0))).extracting(AssignmentRecord::strategy).contains("escalation");
  }

  @Test
  void tick_labelComplex_escalatesToAdminTeam() {
    Conversation c = receive("ol-web", "x-1", "Wann beginnt der nächste Kurs?");
    engine.reply(new SendReply(c.id(), "thomas", "Bald!"));
    engine.label(new LabelConversation(c.id(), Set.of("complex"), Set.of(), "thomas"));

    TickReport report = engine.tick(clock.instant());

    assertThat(report.count("escalations")).isEqualTo(1);
    Conversation after = engine.conversation(c.id()).orElseThrow().conversation();
    assertThat(after.team()).isEqualTo("admin");
    assertThat(after.assignee()).isEqualTo("katharina");
  }

  @Test
  void tick_labelComplex_adminOfflineNow_goesToTheTeamLeadInstead() {
    // The workspace file says katharina (the only admin) is online; live availability wins.
    engine.setAvailability(new SetAvailability("katharina", Availability.OFFLINE));
    Conversation c = receive("ol-web", "x-2", "Wann beginnt der nächste Kurs?");
    engine.reply(new SendReply(c.id(), "thomas", "Bald!"));
    engine.label(new LabelConversation(c.id(), Set.of("complex"), Set.of(), "thomas"));

    engine.tick(clock.instant());

    Conversation after = engine.conversation(c.id()).orElseThrow().conversation();
    assertThat(after.team()).isEqualTo("admin");
    assertThat(after.assignee()).isEqualTo(WS.team(c.team()).orElseThrow().lead()).isNotEqualTo("katharina");
  }

  @Test
  void tick_labelComplex_adminAwayNow_stillTheAdminAsLastResort() {
    engine.setAvailability(new SetAvailability("katharina", Availability.AWAY));
    Conversation c = receive("ol-web", "x-3", "Wann beginnt der nächste Kurs?");
    engine.reply(new SendReply(c.id(), "thomas", "Bald!"));
    engine.label(new LabelConversation(c.id(), Set.of("complex"), Set.of(), "thomas"));

    engine.tick(clock.instant());

    assertThat(engine.conversation(c.id()).orElseThrow().conversation().assignee()).isEqualTo("katharina");
  }
}
