package at.ozeanlicht.support.core.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.api.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hand-computed deadline cases; every expected value is worked out in the comment beside it. */
class BusinessCalendarTest {
  private static final ZoneId VIENNA = ZoneId.of("Europe/Vienna");
  private static final BusinessCalendar OFFICE =
      BusinessCalendar.of(VIENNA, BusinessHours.parse("mon-fri 09:00-18:00"));

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource({
    // Wed 2026-11-25 10:00 CET + 4h = 14:00 CET, same day
    "2026-11-25T09:00:00Z, PT4H, 2026-11-25T13:00:00Z",
    // Fri 17:00 + 4h: 1h Friday, 3h Monday -> Mon 2026-11-30 12:00 CET
    "2026-11-27T16:00:00Z, PT4H, 2026-11-30T11:00:00Z",
    // Fri 14:00 + 4h reaches the target exactly at closing: Fri 18:00, not Mon 09:00
    "2026-11-27T13:00:00Z, PT4H, 2026-11-27T17:00:00Z",
    // Sat 10:00 + 1h: closed weekend -> Mon 10:00
    "2026-11-28T09:00:00Z, PT1H, 2026-11-30T09:00:00Z",
    // Sun 23:59:30 + 30s -> Mon 09:00:30
    "2026-11-29T22:59:30Z, PT30S, 2026-11-30T08:00:30Z",
    // exactly at closing + 15m -> next morning 09:15
    "2026-11-25T17:00:00Z, PT15M, 2026-11-26T08:15:00Z",
    // 48h from Mon 09:00 = 5 days of 9h + 3h -> next Mon 12:00
    "2026-11-30T08:00:00Z, PT48H, 2026-12-07T11:00:00Z",
    // zero target -> the start, even when closed
    "2026-11-28T09:00:00Z, PT0S, 2026-11-28T09:00:00Z",
    // nanoseconds carry: Wed 17:59:59.5 + 1s -> Thu 09:00:00.5
    "2026-11-25T16:59:59.500Z, PT1S, 2026-11-26T08:00:00.500Z",
  })
  void deadline_officeHours(String start, String target, String expected) {
    assertThat(OFFICE.deadline(Instant.parse(start), Duration.parse(target)))
        .isEqualTo(Instant.parse(expected));
  }

  @Test
  void deadline_lunchBreak_isSkipped() {
    BusinessCalendar c = BusinessCalendar.of(VIENNA, BusinessHours.parse("mon-fri 09:00-12:00,13:00-18:00"));
    // Mon 11:30 + 1h: 30 min before lunch, 30 min after -> 13:30
    assertThat(c.deadline(Instant.parse("2026-11-30T10:30:00Z"), Duration.ofHours(1)))
        .isEqualTo(Instant.parse("2026-11-30T12:30:00Z"));
    // Mon 11:00 + 1h reaches the target at 12:00, the start of lunch
    assertThat(c.deadline(Instant.parse("2026-11-30T10:00:00Z"), Duration.ofHours(1)))
        .isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));
    // started during lunch: Mon 12:15 + 10m -> 13:10
    assertThat(c.deadline(Instant.parse("2026-11-30T11:15:00Z"), Duration.ofMinutes(10)))
        .isEqualTo(Instant.parse("2026-11-30T12:10:00Z"));
  }

  @Test
  void deadline_austrianHolidays_areClosed() {
    BusinessCalendar c = BusinessCalendar.builder(VIENNA).hours(BusinessHours.parse("mon-fri 09:00-18:00"))
        .holidayRegion("at").build();
    // Mon 2026-12-07 17:00 + 2h: 1h Monday, Tue 8 Dec (Mariä Empfängnis) closed -> Wed 10:00
    assertThat(c.deadline(Instant.parse("2026-12-07T16:00:00Z"), Duration.ofHours(2)))
        .isEqualTo(Instant.parse("2026-12-09T09:00:00Z"));
    // Thu 2026-01-01 (Neujahr) and Tue 2026-01-06 (Heilige Drei Könige) are closed:
    // Wed 2025-12-31 17:00 + 10h: 1h Wed, Fri 2 Jan 9h -> Fri 18:00 exactly
    assertThat(c.deadline(Instant.parse("2025-12-31T16:00:00Z"), Duration.ofHours(10)))
        .isEqualTo(Instant.parse("2026-01-02T17:00:00Z"));
    // ... + 1 more hour skips the weekend and the 6th: Mon 5 Jan 10:00
    assertThat(c.deadline(Instant.parse("2025-12-31T16:00:00Z"), Duration.ofHours(11)))
        .isEqualTo(Instant.parse("2026-01-05T09:00:00Z"));
    assertThat(c.isOpen(Instant.parse("2026-01-06T10:00:00Z"))).isFalse();
  }

  @Test
  void deadline_explicitHolidaysAndSpecialDays() {
    BusinessCalendar c = BusinessCalendar.builder(VIENNA).hours(BusinessHours.parse("mon-fri 09:00-18:00"))
        .holidayRegion("at").holiday(LocalDate.of(2026, 12, 24)).holiday(LocalDate.of(2026, 12, 31))
        .specialDay(LocalDate.of(2026, 12, 23), "09:00-13:00")
        .specialDay(LocalDate.of(2026, 12, 27), "10:00-12:00").build();
    // Wed 23 Dec (special 09-13) 12:00 + 3h: 1h on the 23rd, 24 (holiday), 25, 26 (region)
    // closed, Sun 27 special 10-12 gives 2h -> Sun 27 Dec 12:00
    assertThat(c.deadline(Instant.parse("2026-12-23T11:00:00Z"), Duration.ofHours(3)))
        .isEqualTo(Instant.parse("2026-12-27T11:00:00Z"));
    // + 4h: then Mon 28 Dec 09:00 + 1h -> 10:00
    assertThat(c.deadline(Instant.parse("2026-12-23T11:00:00Z"), Duration.ofHours(4)))
        .isEqualTo(Instant.parse("2026-12-28T09:00:00Z"));
  }

  @Test
  void deadline_springForward_windowIsTwoHoursLong() {
    // Vienna 2026-03-29: 02:00 CET -> 03:00 CEST. Window 01:00-04:00 = 00:00Z..02:00Z = 2h.
    BusinessCalendar c = BusinessCalendar.of(VIENNA, BusinessHours.parse("sun 01:00-04:00"));
    Instant midnight = Instant.parse("2026-03-28T23:00:00Z");
    assertThat(c.deadline(midnight, Duration.ofHours(2))).isEqualTo(Instant.parse("2026-03-29T02:00:00Z"));
    assertThat(c.businessTime(midnight, Instant.parse("2026-03-30T00:00:00Z"))).isEqualTo(Duration.ofHours(2));
    // + 2h30m: next Sunday 2026-04-05 01:30 CEST = 23:30Z on the 4th
    assertThat(c.deadline(midnight, Duration.ofMinutes(150))).isEqualTo(Instant.parse("2026-04-04T23:30:00Z"));
  }

  @Test
  void deadline_fallBack_windowIsFourHoursLong() {
    // Vienna 2026-10-25: 03:00 CEST -> 02:00 CET. Window 01:00-04:00 = 23:00Z..03:00Z = 4h.
    BusinessCalendar c = BusinessCalendar.of(VIENNA, BusinessHours.parse("sun 01:00-04:00"));
    Instant start = Instant.parse("2026-10-24T22:00:00Z"); // 00:00 CEST
    assertThat(c.deadline(start, Duration.ofHours(4))).isEqualTo(Instant.parse("2026-10-25T03:00:00Z"));
    assertThat(c.deadline(start, Duration.ofHours(3))).isEqualTo(Instant.parse("2026-10-25T02:00:00Z"));
  }

  @Test
  void deadline_dstInOfficeHours_newYorkAndSydney() {
    // New York 2026-03-08 spring forward at 02:00; a Mon-Fri 9-17 calendar: Fri 2026-03-06
    // 16:00 EST (21:00Z) + 2h -> 1h Fri, Mon 10:00 EDT = 14:00Z
    BusinessCalendar ny = BusinessCalendar.of(ZoneId.of("America/New_York"), BusinessHours.parse("mon-fri 09:00-17:00"));
    assertThat(ny.deadline(Instant.parse("2026-03-06T21:00:00Z"), Duration.ofHours(2)))
        .isEqualTo(Instant.parse("2026-03-09T14:00:00Z"));
    // Sydney 2026-04-05 (Sunday) DST ends 03:00 AEDT -> 02:00 AEST; 24h-every-day calendar on
    // Sunday is 25h long: Sun 00:00 AEDT (Sat 13:00Z) + 25h = Mon 00:00 AEST (Sun 14:00Z)
    BusinessCalendar syd = BusinessCalendar.of(ZoneId.of("Australia/Sydney"), BusinessHours.parse("mon-sun 00:00-24:00"));
    assertThat(syd.deadline(Instant.parse("2026-04-04T13:00:00Z"), Duration.ofHours(25)))
        .isEqualTo(Instant.parse("2026-04-05T14:00:00Z"));
  }

  @Test
  void deadline_kolkataHalfHourOffset() {
    // Kolkata +05:30, no DST: Mon 2026-11-30 17:30 IST (12:00Z) + 1h, 9-18 -> 30m Mon, Tue 09:30 IST = 04:00Z
    BusinessCalendar c = BusinessCalendar.of(ZoneId.of("Asia/Kolkata"), BusinessHours.parse("mon-fri 09:00-18:00"));
    assertThat(c.deadline(Instant.parse("2026-11-30T12:00:00Z"), Duration.ofHours(1)))
        .isEqualTo(Instant.parse("2026-12-01T04:00:00Z"));
  }

  @Test
  void deadline_endAt2400_runsToMidnight() {
    BusinessCalendar c = BusinessCalendar.of(VIENNA, BusinessHours.parse("mon-fri 20:00-24:00"));
    // Mon 23:00 CET + 1h -> exactly midnight (closing), + 2h -> Tue 21:00
    assertThat(c.deadline(Instant.parse("2026-11-30T22:00:00Z"), Duration.ofHours(1)))
        .isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
    assertThat(c.deadline(Instant.parse("2026-11-30T22:00:00Z"), Duration.ofHours(2)))
        .isEqualTo(Instant.parse("2026-12-01T20:00:00Z"));
  }

  @Test
  void deadline_247_isPlainAddition() {
    BusinessCalendar c = BusinessCalendar.alwaysOpen(VIENNA);
    Instant start = Instant.parse("2026-03-28T23:30:00Z");
    assertThat(c.deadline(start, Duration.ofHours(48))).isEqualTo(start.plus(Duration.ofHours(48)));
    assertThat(c.isAlwaysOpen()).isTrue();
  }

  @Test
  void businessTime_isTheInverse() {
    Instant start = Instant.parse("2026-11-27T16:00:00Z");
    Instant due = OFFICE.deadline(start, Duration.ofHours(4));
    assertThat(OFFICE.businessTime(start, due)).isEqualTo(Duration.ofHours(4));
    assertThat(OFFICE.businessTime(start, Instant.parse("2026-11-28T12:00:00Z"))).isEqualTo(Duration.ofHours(1));
    assertThat(OFFICE.businessTime(due, start)).isZero();
  }

  @Test
  void nextOpening_andIsOpen() {
    assertThat(OFFICE.nextOpening(Instant.parse("2026-11-28T12:00:00Z"))).isEqualTo(Instant.parse("2026-11-30T08:00:00Z"));
    assertThat(OFFICE.nextOpening(Instant.parse("2026-11-25T10:00:00Z"))).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    assertThat(OFFICE.isOpen(Instant.parse("2026-11-25T17:00:00Z"))).isFalse(); // 18:00 is closed
    assertThat(OFFICE.isOpen(Instant.parse("2026-11-25T08:00:00Z"))).isTrue(); // 09:00 is open
  }

  @Test
  void builder_badInput_namesTheField() {
    assertThatThrownBy(() -> OFFICE.deadline(Instant.EPOCH, Duration.ofHours(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target: must not be negative");
    assertThatThrownBy(() -> BusinessCalendar.builder(VIENNA).holidayRegion("xx"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("holidayRegion: must be a holiday region");
    assertThatThrownBy(() -> BusinessCalendar.builder(VIENNA).holidayRegion("de-zz"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("subdivision 'zz'");
    assertThatThrownBy(() -> BusinessCalendar.builder(VIENNA).specialDay(LocalDate.of(2026, 1, 1), "9-10"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("specialDays: time '9'");
    BusinessCalendar.builder(VIENNA).holidayRegion("de-by").build();
  }
}
