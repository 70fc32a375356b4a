package at.ozeanlicht.support.ai;

import at.ozeanlicht.support.examples.benchmarks.RoutingCpuTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@link AnalyzerBenchmark}'s stages measured in the thread's CPU time instead of wall-clock
 * time: microseconds of CPU per message for each stage, interleaved round by round, medians at
 * the end. On a shared, overloaded machine wall-clock time mostly measures the other processes;
 * CPU time measures the work (caches and frequency still vary). Complements the JMH run.
 *
 * <p>Run: {@code java -cp examples/benchmarks/target/benchmarks.jar
 * at.ozeanlicht.support.ai.AnalyzerCpuTime [bench|eval] [rounds]} from the repository root.
 */
public final class AnalyzerCpuTime {
  private AnalyzerCpuTime() {}

  /** Runs the comparison and prints one line per round and the medians. */
  public static void main(String[] args) throws Exception {
    AnalyzerBenchmark b = new AnalyzerBenchmark();
    b.texts = args.length > 0 ? args[0] : "bench";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    b.setUp();
    String[] names = {"tokenize", "language", "sentiment", "category", "analyze"};
    List<Supplier<Object>> ops = List.of(b::tokenize, b::language, b::sentiment, b::category, b::analyze);
    for (Supplier<Object> op : ops) {
      measure(op, 300_000_000L); // warm-up: 0.3 CPU seconds each, three times
      measure(op, 300_000_000L);
      measure(op, 300_000_000L);
    }
    List<List<Double>> micros = new ArrayList<>();
    ops.forEach(op -> micros.add(new ArrayList<>()));
    for (int r = 0; r < rounds; r++) {
      StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
      for (int k = 0; k < ops.size(); k++) {
        double us = measure(ops.get(k), 300_000_000L);
        micros.get(k).add(us);
        line.append(String.format(Locale.ROOT, " %s %.2f", names[k], us));
      }
      System.out.println(line);
    }
    StringBuilder line = new StringBuilder("median µs CPU per message (texts=" + b.texts + "):");
    for (int k = 0; k < ops.size(); k++) {
      List<Double> sorted = micros.get(k).stream().sorted().toList();
      line.append(String.format(Locale.ROOT, " %s %.2f", names[k], sorted.get(sorted.size() / 2)));
    }
    System.out.println(line);
  }

  /** Microseconds of this thread's CPU per call of {@code op}, over {@code cpuNanos} of it. */
  private static double measure(Supplier<Object> op, long cpuNanos) {
    return 1e6 / RoutingCpuTime.measure(i -> System.identityHashCode(op.get()) & 1, cpuNanos);
  }
}
