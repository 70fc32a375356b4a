package at.ozeanlicht.support.core.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AfterHoursTest {
  private static final BusinessCalendar OFFICE = BusinessCalendar.builder(ZoneId.of("Europe/Vienna"))
      .hours(BusinessHours.parse("mon-fri 09:00-18:00")).holidayRegion("at").build();

  @Test
  void notice_duringHours_isEmpty() {
    assertThat(AfterHours.notice(OFFICE, Instant.parse("2026-11-25T10:00:00Z"), "de")).isEmpty();
  }

  @Test
  void notice_evening_saysTomorrowInGerman() {
    AfterHours.Notice n = AfterHours.notice(OFFICE, Instant.parse("2026-11-25T20:00:00Z"), "de").orElseThrow();
    assertThat(n.nextOpening()).isEqualTo(Instant.parse("2026-11-26T08:00:00Z"));
    assertThat(n.text()).isEqualTo("Danke für deine Nachricht! Wir sind gerade nicht im Büro. Ein Mensch"
        + " aus unserem Team antwortet dir morgen um 09:00 Uhr.");
  }

  @Test
  void notice_earlyMorning_saysTodayInEnglish() {
    AfterHours.Notice n = AfterHours.notice(OFFICE, Instant.parse("2026-11-25T05:00:00Z"), "en").orElseThrow();
    assertThat(n.text()).endsWith("will answer you today at 09:00.");
  }

  @Test
  void notice_beforeHolidayWeekend_namesTheDay() {
    // Fri 2026-12-04 19:00; Mon 7 Dec opens (Tue 8 Dec is the holiday)
    assertThat(AfterHours.notice(OFFICE, Instant.parse("2026-12-04T18:00:00Z"), "de").orElseThrow().text())
        .endsWith("antwortet dir am Montag, 7. Dezember, um 09:00 Uhr.");
    // Mon 7 Dec 19:00 -> Wed 9 Dec, unknown language falls back to English
    assertThat(AfterHours.notice(OFFICE, Instant.parse("2026-12-07T18:00:00Z"), null).orElseThrow().text())
        .endsWith("will answer you on Wednesday, 9 December at 09:00.");
  }
}
