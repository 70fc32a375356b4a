package at.ozeanlicht.support.core.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Properties of the deadline arithmetic across zones with DST (and one without). Starts lie in
 * 2024-2031, so every generated week range crosses DST changes regularly; targets up to 48 h to
 * the second. On failure QuickTheories prints the seed; rerun with -DQT_SEED=<seed> to pin it.
 */
class BusinessCalendarPropertiesTest {
  private static final int EXAMPLES = 300;
  private static final List<ZoneId> ZONES = List.of(ZoneId.of("Europe/Vienna"),
      ZoneId.of("America/New_York"), ZoneId.of("Australia/Sydney"), ZoneId.of("Asia/Kolkata"));
  private static final List<String> HOURS = List.of("mon-fri 09:00-18:00",
      "mon-fri 09:00-12:00,13:00-18:00; sat 10:00-14:00", "sun 01:00-04:00; wed 02:00-03:30",
      "mon-sun 00:00-24:00", "mon-sun 20:00-24:00; tue 00:00-02:30", "sat-sun 02:15-02:45,03:00-24:00");
  private static final long FROM = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
  private static final long TO = Instant.parse("2031-12-31T00:00:00Z").getEpochSecond();

  private static Gen<BusinessCalendar> calendars() {
    return integers().between(0, ZONES.size() - 1).zip(integers().between(0, HOURS.size() - 1),
        integers().between(0, 2), (z, h, holidays) -> {
          BusinessCalendar.Builder b = BusinessCalendar.builder(ZONES.get(z)).hours(BusinessHours.parse(HOURS.get(h)));
          if (holidays >= 1) {
            b.holidayRegion(z == 0 ? "at" : z == 1 ? "us" : z == 2 ? "au" : "in");
          }
          if (holidays == 2) {
            for (int y = 2024; y <= 2032; y++) {
              b.holiday(LocalDate.of(y, 3, 10)).specialDay(LocalDate.of(y, 11, 2), "10:00-11:00,23:00-24:00");
            }
          }
          return b.build();
        });
  }

  private static Gen<Instant> starts() {
    return longs().between(FROM, TO).zip(integers().between(0, 3), (s, frac) ->
        Instant.ofEpochSecond(s, frac == 0 ? 0 : frac * 250_000_000L));
  }

  private static Gen<Duration> targets() {
    return longs().between(0, 48 * 3600).map(s -> Duration.ofSeconds(s));
  }

  @Test
  void alwaysOpen_equalsPlainAddition() {
    qt().withExamples(EXAMPLES).forAll(integers().between(0, ZONES.size() - 1), starts(), targets())
        .checkAssert((z, start, target) -> assertThat(
            BusinessCalendar.alwaysOpen(ZONES.get(z)).deadline(start, target)).isEqualTo(start.plus(target)));
  }

  @Test
  void allDayEveryDay_equalsPlainAdditionAcrossDst() {
    qt().withExamples(EXAMPLES).forAll(integers().between(0, ZONES.size() - 1), starts(), targets())
        .checkAssert((z, start, target) -> assertThat(
            BusinessCalendar.of(ZONES.get(z), BusinessHours.parse("mon-sun 00:00-24:00")).deadline(start, target))
            .isEqualTo(start.plus(target)));
  }

  @Test
  void deadline_isMonotonicInTheTarget() {
    qt().withExamples(EXAMPLES).forAll(calendars(), starts(), targets(), targets())
        .checkAssert((c, start, a, b) -> {
          Duration small = a.compareTo(b) <= 0 ? a : b;
          Duration large = a.compareTo(b) <= 0 ? b : a;
          assertThat(c.deadline(start, small)).isBeforeOrEqualTo(c.deadline(start, large));
        });
  }

  @Test
  void deadline_splitTargetChained_isTheSame() {
    qt().withExamples(EXAMPLES).forAll(calendars(), starts(), targets(), targets())
        .checkAssert((c, start, a, b) ->
            assertThat(c.deadline(c.deadline(start, a), b)).isEqualTo(c.deadline(start, a.plus(b))));
  }

  @Test
  void deadline_neverStrictlyInsideClosedTime() {
    qt().withExamples(EXAMPLES).forAll(calendars(), starts(), targets())
        .assuming((c, start, target) -> !target.isZero())
        .checkAssert((c, start, target) -> {
          Instant due = c.deadline(start, target);
          // open just before the deadline: the deadline is open time or exactly a closing time
          assertThat(c.isOpen(due.minusNanos(1))).as("open just before %s", due).isTrue();
          assertThat(due).isAfter(start);
        });
  }

  @Test
  void businessTime_isTheInverseOfDeadline() {
    qt().withExamples(EXAMPLES).forAll(calendars(), starts(), targets())
        .checkAssert((c, start, target) ->
            assertThat(c.businessTime(start, c.deadline(start, target))).isEqualTo(target));
  }

  @Test
  void deadline_agreesWithABruteForceMinuteWalk() {
    // An independent, slow oracle: step minute by minute through ZonedDateTime and count open
    // minutes. Starts and targets on whole minutes so the oracle is exact.
    qt().withExamples(60).forAll(calendars(), longs().between(FROM / 60, TO / 60),
            integers().between(0, 12 * 60))
        .checkAssert((c, startMinute, minutes) -> {
          Instant start = Instant.ofEpochSecond(startMinute * 60);
          Instant t = start;
          int left = minutes;
          while (left > 0) {
            if (c.isOpen(t)) {
              left--;
            }
            t = t.plusSeconds(60);
          }
          Instant expected = t;
          if (minutes > 0) {
            // the oracle lands one step after the last open minute; that is the deadline
            assertThat(c.deadline(start, Duration.ofMinutes(minutes))).isEqualTo(expected);
          }
        });
  }
}
