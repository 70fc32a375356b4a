package at.ozeanlicht.support.examples.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import org.jeasy.rules.api.Facts;

/**
 * The routing comparison of {@link RoutingBenchmark} measured in the thread's CPU time instead of
 * wall-clock time: messages per CPU second for the router, the {@code contains} loop and Easy
 * Rules, interleaved round by round. On a shared, overloaded machine wall-clock throughput mostly
 * measures the other processes; CPU time measures the work (caches and frequency still vary).
 * Complements, does not replace, the JMH run.
 *
 * <p>Run: {@code java -cp examples/benchmarks/target/benchmarks.jar
 * at.ozeanlicht.support.examples.benchmarks.RoutingCpuTime [rounds]} from the repository root.
 */
public final class RoutingCpuTime {
  private RoutingCpuTime() {}

  /** Runs the comparison and prints one line per round and the medians. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    RoutingBenchmark b = new RoutingBenchmark();
    b.setUp();
    int n = b.inputs.size();
    IntUnaryOperator automaton = i -> b.router.route(b.inputs.get(i % n), false).matchedRules().size();
    IntUnaryOperator loop = i -> {
      String text = RoutingBenchmark.fold(b.inputs.get(i % n).text());
      Set<String> fired = new HashSet<>();
      for (RoutingBenchmark.KeywordRule r : b.plain) {
        if (RoutingBenchmark.matches(text, r.keywords())) {
          fired.add(r.name());
        }
      }
      return fired.size();
    };
    IntUnaryOperator easy = i -> {
      Facts facts = new Facts();
      facts.put("text", RoutingBenchmark.fold(b.inputs.get(i % n).text()));
      Set<String> fired = new HashSet<>();
      facts.put("fired", fired);
      b.easyEngine.fire(b.easyRules, facts);
      return fired.size();
    };
    String[] names = {"automaton", "containsLoop", "easyRules"};
    IntUnaryOperator[] ops = {automaton, loop, easy};
    for (IntUnaryOperator op : ops) {
      measure(op, 200_000_000L); // warm-up: 0.2 CPU seconds each, twice
      measure(op, 200_000_000L);
    }
    List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int r = 0; r < rounds; r++) {
      StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
      for (int k = 0; k < ops.length; k++) {
        double rate = measure(ops[k], 500_000_000L);
        rates.get(k).add(rate);
        line.append(String.format(" %s %,.0f msg/cpu-s", names[k], rate));
      }
      System.out.println(line);
    }
    double[] med = new double[3];
    for (int k = 0; k < 3; k++) {
      List<Double> sorted = rates.get(k).stream().sorted().toList();
      med[k] = sorted.get(sorted.size() / 2);
    }
    System.out.printf("median: automaton %,.0f, containsLoop %,.0f, easyRules %,.0f msg per CPU second;"
        + " automaton/loop %.1fx, automaton/easyRules %.1fx%n", med[0], med[1], med[2], med[0] / med[1],
        med[0] / med[2]);
  }

  /**
   * Calls per CPU second of {@code op} (given the call number) over at least {@code cpuNanos} of
   * this thread's CPU time; shared with {@code at.ozeanlicht.support.ai.AnalyzerCpuTime}.
   */
  public static double measure(IntUnaryOperator op, long cpuNanos) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long start = mx.getCurrentThreadCpuTime();
    long count = 0;
    long sink = 0;
    long used;
    do {
      for (int i = 0; i < 1000; i++) {
        sink += op.applyAsInt((int) (count + i));
      }
      count += 1000;
      used = mx.getCurrentThreadCpuTime() - start;
    } while (used < cpuNanos);
    if (sink == 42) {
      System.out.print("");
    }
    return count / (used / 1e9);
  }
}
