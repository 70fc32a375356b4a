package at.ozeanlicht.support.core.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.SlaMetric;
import at.ozeanlicht.support.core.sla.EscalationAction;
import at.ozeanlicht.support.core.sla.SlaConfig;
import at.ozeanlicht.support.core.sla.SlaPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlaLoadingTest {
  private static final Path REFERENCE = Path.of("..", "examples", "ozean-licht");

  @Test
  void load_reference_hasTheProductTable() {
    SlaConfig sla = WorkspaceLoader.load(REFERENCE).sla();
    assertThat(sla.defaultCalendar()).isEqualTo("office");
    assertThat(target(sla, Priority.CRITICAL, SlaMetric.FIRST_RESPONSE)).isEqualTo(Duration.ofMinutes(15));
    assertThat(target(sla, Priority.CRITICAL, SlaMetric.RESOLUTION)).isEqualTo(Duration.ofHours(2));
    assertThat(target(sla, Priority.HIGH, SlaMetric.FIRST_RESPONSE)).isEqualTo(Duration.ofHours(1));
    assertThat(target(sla, Priority.HIGH, SlaMetric.RESOLUTION)).isEqualTo(Duration.ofHours(24));
    assertThat(target(sla, Priority.NORMAL, SlaMetric.FIRST_RESPONSE)).isEqualTo(Duration.ofHours(4));
    assertThat(target(sla, Priority.NORMAL, SlaMetric.RESOLUTION)).isEqualTo(Duration.ofHours(48));
    assertThat(target(sla, Priority.LOW, SlaMetric.FIRST_RESPONSE)).isEqualTo(Duration.ofHours(24));
    assertThat(sla.policy(Priority.LOW).orElseThrow().target(SlaMetric.RESOLUTION)).isEmpty();
    SlaPolicy critical = sla.policy(Priority.CRITICAL).orElseThrow();
    assertThat(critical.urgent()).isTrue();
    assertThat(critical.onBreach()).containsExactly(EscalationAction.NOTIFY, EscalationAction.REASSIGN_TO_LEAD);
    assertThat(sla.policy(Priority.NORMAL).orElseThrow().warnAt()).isEqualTo(0.8);
    // office: Tue 8 Dec 2026 is an Austrian holiday; Mon 17:00 + 4h -> Wed 12:00 Vienna
    assertThat(sla.calendar("office").deadline(Instant.parse("2026-12-07T16:00:00Z"), Duration.ofHours(4)))
        .isEqualTo(Instant.parse("2026-12-09T11:00:00Z"));
  }

  private static Duration target(SlaConfig sla, Priority p, SlaMetric m) {
    return sla.policy(p).orElseThrow().target(m).orElseThrow();
  }

  @Test
  void policy_mostSpecificMatchWins() {
    Workspace ws = WorkspaceLoader.load(REFERENCE);
    SlaConfig sla = WorkspaceLoader.parseSla("sla.yaml", """
        policies:
          - { id: normal, priority: normal, firstResponse: 4h }
          - { id: normal-vip, priority: normal, vip: true, firstResponse: 1h }
          - { id: normal-ka, priority: normal, brand: kids-ascension, firstResponse: 2h }
          - { id: normal-ka-mail, priority: normal, inbox: ka-email, firstResponse: 3h, businessHours: false }
        """, ws);
    assertThat(sla.policy(Priority.NORMAL, "ozean-licht", "ol-web", false).orElseThrow().id()).isEqualTo("normal");
    assertThat(sla.policy(Priority.NORMAL, "ozean-licht", "ol-web", true).orElseThrow().id()).isEqualTo("normal-vip");
    assertThat(sla.policy(Priority.NORMAL, "kids-ascension", "ka-web", false).orElseThrow().id()).isEqualTo("normal-ka");
    assertThat(sla.policy(Priority.NORMAL, "kids-ascension", "ka-email", true).orElseThrow().id()).isEqualTo("normal-ka-mail");
    assertThat(sla.policy(Priority.HIGH, "kids-ascension", "ka-email", true)).isEmpty();
    SlaPolicy mail = sla.policy(Priority.NORMAL, "kids-ascension", "ka-email", false).orElseThrow();
    assertThat(sla.clockCalendarId(mail, "office")).isEqualTo(SlaConfig.ALWAYS);
  }

  @Test
  void parseSla_everyProblemAtOnce() {
    Workspace ws = WorkspaceLoader.load(REFERENCE);
    ValidationException e = (ValidationException) catchThrowable(() -> WorkspaceLoader.parseSla("sla.yaml", """
        defaultCalendar: offce
        calendars:
          - id: office
            zone: Europe/Wien
            hours: mon-fri 09:00-18:00
          - id: shop
            hours: mox 09:00-18:00
            holidayRegion: zz
            holidays: [2026-13-01]
            specialDays:
              - { date: 2026-12-23, hours: 9-13 }
        policies:
          - { id: a, priority: urgent, firstResponse: 15 }
          - { id: b, priority: high, brand: nope, inbox: nada, resolution: 1h, warnAt: 1.5, onBreach: [page] }
          - { id: c, priority: low }
          - { id: d, priority: low, firstResponse: 1h }
          - { id: d, priority: low, firstResponse: 2h }
        """, ws));
    Map<String, String> byField = new LinkedHashMap<>();
    for (FieldProblem p : e.problems()) {
      assertThat(p.source()).isEqualTo("sla.yaml");
      byField.put(p.field(), p.message());
    }
    assertThat(byField)
        .containsEntry("calendars[0].zone", "must be a time zone id such as Europe/Vienna, was 'Europe/Wien'")
        .containsEntry("calendars[1].hours", "day 'mox' in entry 'mox 09:00-18:00' must be one of mon, tue, wed, thu, fri, sat, sun or a range such as mon-fri")
        .containsEntry("calendars[1].holidayRegion", "must be a holiday region such as at, de or de-by, was 'zz'")
        .containsEntry("calendars[1].holidays[0]", "must be a date such as 2026-12-24, was '2026-13-01'")
        .containsEntry("calendars[1].specialDays[0].hours", "time '9' in entry '9-13' must be HH:MM from 00:00 to 23:59")
        .containsEntry("defaultCalendar", "unknown calendar 'offce', expected one of none (sla.yaml defines no calendars)")
        .containsEntry("policies[0].priority", "must be one of critical, high, normal, low, was 'urgent'")
        .containsEntry("policies[0].firstResponse", "must be a duration, expected a duration such as 15m, 4h, 1h30m, 2d or ISO-8601 PT4H, was '15'")
        .containsEntry("policies[1].brand", "unknown brand 'nope', expected one of ozean-licht, kids-ascension")
        .containsEntry("policies[1].inbox", "unknown inbox 'nada', expected one of ol-web, ol-whatsapp, ol-email, ol-telegram, ka-web, ka-email")
        .containsEntry("policies[1].warnAt", "must be above 0 and below 1, e.g. 0.8, was '1.5'")
        .containsEntry("policies[1].onBreach[0]", "must be one of notify, reassign_to_lead, raise_priority, was 'page'")
        .containsEntry("policies[2]", "sets no target, expected at least one of firstResponse, nextResponse, resolution")
        .containsEntry("policies[4].id", "duplicate id 'd', already used by policies[3]");
  }

  @Test
  void load_inboxNamesUnknownCalendar_isAnError(@TempDir Path dir) throws IOException {
    Files.copy(REFERENCE.resolve("workspace.yaml"), dir.resolve("workspace.yaml"));
    assertThatThrownBy(() -> WorkspaceLoader.load(dir)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.problems()).extracting(FieldProblem::toString).containsExactly(
            "workspace.yaml: inboxes[1].calendar: unknown calendar 'office', expected one of none (sla.yaml defines no calendars)",
            "workspace.yaml: inboxes[2].calendar: unknown calendar 'office', expected one of none (sla.yaml defines no calendars)",
            "workspace.yaml: inboxes[5].calendar: unknown calendar 'office', expected one of none (sla.yaml defines no calendars)"));
    Files.writeString(dir.resolve("sla.yaml"), "calendars:\n  - { id: office, hours: 24/7 }\n");
    assertThat(WorkspaceLoader.load(dir).sla().calendar("office").isAlwaysOpen()).isTrue();
  }

  private static Throwable catchThrowable(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected an exception");
  }

}
