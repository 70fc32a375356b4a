package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DemoDayTest {
  @Test
  void next_nothingReplayed_isTheFirstDay() {
    assertThat(DemoDay.next(null)).isEqualTo(DemoDay.FIRST_DAY);
    assertThat(DemoDay.next(LocalDate.of(2026, 11, 8))).isEqualTo(DemoDay.FIRST_DAY);
  }

  @Test
  void next_afterAFriday_isMonday() {
    assertThat(DemoDay.next(DemoDay.FIRST_DAY)).isEqualTo(LocalDate.of(2026, 11, 25));
    assertThat(DemoDay.next(LocalDate.of(2026, 11, 27))).isEqualTo(LocalDate.of(2026, 11, 30));
  }
}
