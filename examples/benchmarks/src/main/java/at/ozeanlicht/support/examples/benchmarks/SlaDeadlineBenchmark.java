package at.ozeanlicht.support.examples.benchmarks;

import at.ozeanlicht.support.core.sla.BusinessCalendar;
import at.ozeanlicht.support.core.sla.BusinessHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SLA deadline computations per second: office hours with a lunch break in Europe/Vienna (DST
 * included), targets from one minute to 48 hours, starts spread over 2026-2029, with 10 or 1000
 * explicit holidays; {@code Instant.plus} as the baseline in the same run.
 *
 * <pre>{@code
 * java -jar examples/benchmarks/target/benchmarks.jar SlaDeadlineBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SlaDeadlineBenchmark {
  private static final int N = 4096;

  /** Number of explicit holiday dates in the calendar. */
  @Param({"10", "1000"})
  public int holidays;

  private BusinessCalendar calendar;
  private final Instant[] starts = new Instant[N];
  private final Duration[] targets = new Duration[N];
  private int next;

  /** Builds the calendar and the inputs; the same seed gives the same inputs for both sizes. */
  @Setup
  public void setUp() {
    Random random = new Random(42);
    BusinessCalendar.Builder b = BusinessCalendar.builder(ZoneId.of("Europe/Vienna"))
        .hours(BusinessHours.parse("mon-fri 09:00-12:00,13:00-18:00"));
    LocalDate first = LocalDate.of(2026, 1, 1);
    Random days = new Random(7);
    for (int i = 0; i < holidays; i++) {
      b.holiday(first.plusDays(days.nextInt(4 * 365 + 30))); // 1000 of ~1500 days in 2026-2030
    }
    calendar = b.build();
    long from = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    long span = Instant.parse("2029-12-01T00:00:00Z").getEpochSecond() - from;
    for (int i = 0; i < N; i++) {
      starts[i] = Instant.ofEpochSecond(from + (long) (random.nextDouble() * span));
      targets[i] = Duration.ofSeconds(60 + random.nextInt(48 * 3600 - 60 + 1));
      calendar.deadline(starts[i], targets[i]); // builds the per-year tables before measuring
    }
  }

  /** One deadline: business time up to 48 h over office hours and holidays. */
  @Benchmark
  public Instant deadline() {
    int i = next++ & (N - 1);
    return calendar.deadline(starts[i], targets[i]);
  }

  /** Baseline: plain elapsed time with {@link Instant#plus}. */
  @Benchmark
  public Instant instantPlus() {
    int i = next++ & (N - 1);
    return starts[i].plus(targets[i]);
  }
}
