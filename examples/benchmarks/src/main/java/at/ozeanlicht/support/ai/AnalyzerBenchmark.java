package at.ozeanlicht.support.ai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The offline message analyzer, stage by stage: tokenizing, language, sentiment, category, and the
 * whole {@code analyze}. One operation is one message from a rotation: {@code texts=bench} the six
 * texts {@code support bench receive} sends, {@code texts=eval} those plus the 253 evaluation
 * messages of support-ai ({@code support-ai/src/test/resources/eval}, German and English, chat
 * style). The stage methods get the message already tokenized, as {@code analyze} hands it on. It
 * lives in the analyzer's package to reach the package-private stages.
 *
 * <p>Run: {@code java -jar examples/benchmarks/target/benchmarks.jar AnalyzerBenchmark -f 1 -wi 4
 * -i 4 -w 3s -r 2s} from the repository root (or pass {@code -jvmArgs -Deval=DIR}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AnalyzerBenchmark {
  /** As {@code ReceiveBench.TEXTS} in support-cli. */
  static final List<String> BENCH = List.of(
      "Hallo, ich kann mich seit gestern nicht mehr einloggen. Was kann ich tun?",
      "Meine Zahlung per Kreditkarte wurde abgelehnt, bitte um Hilfe",
      "Bei der Meditation spüre ich ein starkes Kribbeln, ist das normal?",
      "Das Video zur Morgenmeditation lädt nicht",
      "I would like a refund for the course, it was not what I expected",
      "Wann beginnt der nächste Kurs für Kinder?");

  @Param({"bench", "eval"})
  public String texts;

  private OfflineMessageAnalyzer analyzer;
  private LanguageGuesser language;
  private SentimentScorer sentiment;
  private CategoryClassifier category;
  private String[] messages;
  private String[] hints;
  private List<List<Text.Token>> tokens;
  private int next;

  @Setup
  public void setUp() throws IOException {
    List<String> m = new ArrayList<>(BENCH);
    List<String> h = new ArrayList<>(BENCH.stream().map(t -> (String) null).toList());
    if (texts.equals("eval")) {
      Path dir = Path.of(System.getProperty("eval", "support-ai/src/test/resources/eval"));
      for (String file : List.of("messages.tsv", "holdout.tsv")) {
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p)) {
          throw new IllegalStateException("eval: no " + p.toAbsolutePath()
              + "; run from the repository root or pass -Deval=DIR");
        }
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          String[] f = line.split("\t", 6);
          h.add(f[1].equals("-") ? null : f[1]);
          m.add(f[5]);
        }
      }
    }
    messages = m.toArray(String[]::new);
    hints = h.toArray(String[]::new);
    analyzer = new OfflineMessageAnalyzer();
    language = new LanguageGuesser();
    sentiment = new SentimentScorer();
    category = new CategoryClassifier(CategoryClassifier.parseExamples(
        Text.resourceLines("category-examples.tsv"), "category-examples.tsv"));
    tokens = new ArrayList<>();
    for (String s : messages) {
      tokens.add(Text.tokens(s));
    }
  }

  private int next() {
    int i = next;
    next = i + 1 == messages.length ? 0 : i + 1;
    return i;
  }

  @Benchmark
  public Object tokenize() {
    return Text.tokens(messages[next()]);
  }

  @Benchmark
  public Object language() {
    int i = next();
    return language.guess(messages[i], tokens.get(i), hints[i]);
  }

  @Benchmark
  public Object sentiment() {
    int i = next();
    return sentiment.score(messages[i], tokens.get(i));
  }

  @Benchmark
  public Object category() {
    int i = next();
    return category.classify(messages[i], tokens.get(i));
  }

  @Benchmark
  public Object analyze() {
    int i = next();
    return analyzer.analyze(messages[i], hints[i]);
  }
}
