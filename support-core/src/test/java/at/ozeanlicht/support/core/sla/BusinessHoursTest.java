package at.ozeanlicht.support.core.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import at.ozeanlicht.support.core.api.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BusinessHoursTest {

  @Test
  void parse_issueExample_givesIntervalsPerDay() {
    BusinessHours h = BusinessHours.parse("mon-fri 09:00-12:00,13:00-18:00; sat 10:00-14:00");
    assertThat(h.day(0)).containsExactly(9 * 3600, 12 * 3600, 13 * 3600, 18 * 3600);
    assertThat(h.day(4)).containsExactly(9 * 3600, 12 * 3600, 13 * 3600, 18 * 3600);
    assertThat(h.day(5)).containsExactly(10 * 3600, 14 * 3600);
    assertThat(h.day(6)).isEmpty();
    assertThat(h.weeklySeconds()).isEqualTo((5 * 8 + 4) * 3600L);
    assertThat(h).hasToString("mon-fri 09:00-12:00,13:00-18:00; sat 10:00-14:00");
  }

  @Test
  void parse_24hEndAndTouchingIntervals_mergesAndAllows2400() {
    BusinessHours h = BusinessHours.parse("MON 20:00-24:00;  mon 18:00-20:00 ; sun-mon 00:00-01:00;");
    assertThat(h.day(0)).containsExactly(0, 3600, 18 * 3600, 86_400);
    assertThat(h.day(6)).containsExactly(0, 3600);
  }

  @Test
  void parse_247_isAlwaysOpen() {
    assertThat(BusinessHours.parse(" 24/7 ").isAlwaysOpen()).isTrue();
    assertThat(BusinessHours.parse("24/7")).hasToString("24/7");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "''|must not be empty",
    "mon|entry 'mon' must be 'DAYS HH:MM-HH:MM",
    "mox 09:00-18:00|day 'mox' in entry 'mox 09:00-18:00' must be one of mon, tue",
    "mon 9-18|time '9' in entry 'mon 9-18' must be HH:MM",
    "mon 0900|interval '0900' in entry 'mon 0900' must be HH:MM-HH:MM",
    "mon 09:00-24:30|time '24:30' in entry 'mon 09:00-24:30' must be HH:MM from 00:00 to 23:59 or 24:00",
    "mon 24:00-24:00|time '24:00' in entry 'mon 24:00-24:00' must be HH:MM from 00:00 to 23:59",
    "mon 18:00-09:00|interval '18:00-09:00' in entry 'mon 18:00-09:00' must end after it starts",
    "mon 09:00-12:00,11:00-13:00|intervals 09:00-12:00 and 11:00-13:00 on mon overlap",
    "mon 09:00-12:00;;tue 09:00-10:00|entry 2 is empty",
    "mon 09:60-10:00|time '09:60'",
  })
  void parse_badSpec_namesTheFieldAndTheBadPart(String spec, String expected) {
    assertThatThrownBy(() -> BusinessHours.parse(spec))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("hours");
            assertThat(p.message()).contains(expected);
          });
        });
  }

  @Test
  void parse_anyText_succeedsOrThrowsValidationException() {
    qt().withExamples(500).forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 30))
        .checkAssert(text -> {
          try {
            BusinessHours h = BusinessHours.parse(text);
            assertThat(BusinessHours.parse(h.toString())).isEqualTo(h);
          } catch (ValidationException e) {
            assertThat(e.problems()).singleElement().extracting(p -> p.field()).isEqualTo("hours");
          }
        });
  }

  @Test
  void toString_roundTrips() {
    qt().withExamples(300).forAll(integers().between(0, 23), integers().between(1, 24),
            integers().between(0, 6), integers().between(0, 6))
        .checkAssert((a, len, d1, d2) -> {
          String spec = String.format("%s-%s %02d:00-%02d:00", day(d1), day(d2), a, Math.min(24, a + len));
          BusinessHours h = BusinessHours.parse(spec);
          assertThat(BusinessHours.parse(h.toString())).isEqualTo(h);
        });
  }

  private static String day(int i) {
    return new String[] {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}[i];
  }
}
