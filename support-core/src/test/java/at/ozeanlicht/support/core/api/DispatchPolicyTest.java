package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DispatchPolicyTest {
  private final DispatchPolicy policy = DispatchPolicy.defaults();

  @Test
  void backoff_doublesFromTheBaseDelayAndStopsAtTheMaximum() {
    assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(policy.backoff(4)).isEqualTo(Duration.ofSeconds(80));
    assertThat(policy.backoff(20)).isEqualTo(Duration.ofHours(1));
    assertThat(policy.backoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void jitteredBackoff_anyAttempt_liesBetweenHalfAndAllOfTheBackoff() {
    qt().withExamples(500).forAll(integers().between(0, 64)).checkAssert(attempt -> {
      Duration full = policy.backoff(attempt);
      Duration jittered = policy.jitteredBackoff(attempt);
      assertThat(jittered).isBetween(Duration.ofMillis(full.toMillis() / 2), full);
    });
  }
}
