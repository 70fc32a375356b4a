package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.Race;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TickIT {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
  private SupportEngine engine;

  @BeforeEach
  void setUp() {
    engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small()).clock(clock).listener(events::add).build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private Conversation snoozedFor(String visitor, Duration d) {
    Conversation c = engine.receive(ReceiveMessage.text("web", InboundContact.of(visitor), "e-" + visitor, "Hallo"))
        .conversation();
    return engine.snooze(new SnoozeConversation(c.id(), clock.instant().plus(d), "anna"));
  }

  @Test
  void tick_wakesOnlySnoozesThatAreDue() {
    Conversation soon = snoozedFor("a", Duration.ofHours(1));
    Conversation later = snoozedFor("b", Duration.ofHours(5));

    assertThat(engine.tick(clock.instant().plus(Duration.ofMinutes(59))).count("snoozeWakeUps")).isZero();
    TickReport report = engine.tick(clock.instant().plus(Duration.ofHours(1)));

    assertThat(report.count("snoozeWakeUps")).isEqualTo(1);
    assertThat(engine.conversation(soon.id()).orElseThrow().conversation().status()).isEqualTo(Status.OPEN);
    assertThat(engine.conversation(soon.id()).orElseThrow().conversation().snoozedUntil()).isNull();
    assertThat(engine.conversation(later.id()).orElseThrow().conversation().status()).isEqualTo(Status.SNOOZED);
  }

  @Test
  void tick_concurrentlyOnFourNodes_wakesEachConversationExactlyOnce() throws Exception {
    for (int i = 0; i < 250; i++) {
      snoozedFor("v" + i, Duration.ofMinutes(30));
    }
    events.clear();
    Instant at = clock.instant().plus(Duration.ofHours(1));
    List<TickReport> reports = Race.run(4, node -> engine.tick(at));
    assertThat(reports.stream().mapToInt(r -> r.count("snoozeWakeUps")).sum()).isEqualTo(250);
    assertThat(events).filteredOn(e -> e.type().equals("conversation.status_changed")).hasSize(250)
        .extracting(DomainEvent::conversationId).doesNotHaveDuplicates();
    assertThat(engine.conversations(FindConversations.all().withStatuses(java.util.Set.of(Status.SNOOZED)))
        .items()).isEmpty();
  }
}
