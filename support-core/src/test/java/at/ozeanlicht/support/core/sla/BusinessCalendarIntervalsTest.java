package at.ozeanlicht.support.core.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BusinessCalendar#openIntervals}: what reports hand to SQL instead of walking the calendar. */
class BusinessCalendarIntervalsTest {
  private static final ZoneId VIENNA = ZoneId.of("Europe/Vienna");
  private static final BusinessCalendar OFFICE = BusinessCalendar.builder(VIENNA)
      .hours(BusinessHours.parse("mon-fri 09:00-12:00,13:00-18:00; sat 10:00-14:00"))
      .holidayRegion("at").specialDay(java.time.LocalDate.of(2026, 12, 23), "09:00-13:00").build();
  private static final BusinessCalendar NIGHT = BusinessCalendar.of(VIENNA, BusinessHours.parse("sun 01:00-04:00"));

  @Test
  void openIntervals_sumToBusinessTime_andAreOrderedWithoutOverlap() {
    long base = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    qt().withExamples(300).forAll(longs().between(0, 366L * 86_400), longs().between(0, 40L * 86_400))
        .checkAssert((offset, length) -> {
          Instant from = Instant.ofEpochSecond(base + offset);
          Instant to = from.plusSeconds(length);
          for (BusinessCalendar cal : List.of(OFFICE, NIGHT)) {
            List<BusinessCalendar.Interval> iv = cal.openIntervals(from, to);
            Duration sum = iv.stream().map(i -> Duration.between(i.from(), i.to()))
                .reduce(Duration.ZERO, Duration::plus);
            assertThat(sum).isEqualTo(cal.businessTime(from, to));
            for (int k = 0; k < iv.size(); k++) {
              assertThat(iv.get(k).from()).isAfterOrEqualTo(from);
              assertThat(iv.get(k).to()).isBeforeOrEqualTo(to);
              if (k > 0) {
                assertThat(iv.get(k).from()).isAfter(iv.get(k - 1).to());
              }
            }
          }
        });
  }

  @Test
  void openIntervals_onTheDstNights_countRealTime() {
    // 25 Oct 2026: 01:00-04:00 local lasts four hours (clocks go back at 03:00); 29 Mar 2026: two.
    assertThat(NIGHT.openIntervals(Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-10-26T00:00:00Z")))
        .containsExactly(new BusinessCalendar.Interval(Instant.parse("2026-10-24T23:00:00Z"),
            Instant.parse("2026-10-25T03:00:00Z")));
    assertThat(NIGHT.openIntervals(Instant.parse("2026-03-28T00:00:00Z"), Instant.parse("2026-03-30T00:00:00Z")))
        .containsExactly(new BusinessCalendar.Interval(Instant.parse("2026-03-29T00:00:00Z"),
            Instant.parse("2026-03-29T02:00:00Z")));
  }

  @Test
  void openIntervals_alwaysOpen_isTheWholeSpan() {
    Instant a = Instant.parse("2026-11-16T08:00:00Z");
    assertThat(BusinessCalendar.alwaysOpen(VIENNA).openIntervals(a, a.plusSeconds(90)))
        .containsExactly(new BusinessCalendar.Interval(a, a.plusSeconds(90)));
    assertThat(OFFICE.openIntervals(a, a)).isEmpty();
  }
}
