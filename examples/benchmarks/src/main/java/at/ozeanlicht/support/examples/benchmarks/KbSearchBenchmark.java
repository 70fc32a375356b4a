package at.ozeanlicht.support.examples.benchmarks;

import at.ozeanlicht.support.ai.kb.LuceneKnowledgeBase;
import at.ozeanlicht.support.core.spi.KbArticle;
import at.ozeanlicht.support.core.spi.KbHit;
import at.ozeanlicht.support.core.workspace.KbLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Knowledge-base search latency: the reference articles ({@code examples/ozean-licht/kb}) plus
 * generated ones up to 10,000 (half German, half English, titles of 3 to 7 words, bodies of 60 to
 * 200 words drawn from the reference articles' own vocabulary, seed 42), searched with
 * customer-style queries in German and English, top 5, preferred language with fallback. One
 * operation is one search; SampleTime mode reports the percentiles (p0.99 is the figure issue 7
 * asks for: ≤ 5 ms).
 *
 * <p>Run: {@code java -jar examples/benchmarks/target/benchmarks.jar KbSearchBenchmark -f 1 -wi 2
 * -i 3 -w 2s -r 3s} from the repository root (or pass {@code -jvmArgs -Dworkspace=DIR}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KbSearchBenchmark {
  static final int ARTICLES = 10_000;

  private static final String[][] QUERIES = {
      {"de", "Ich habe den Kurs gekauft aber sehe ihn nicht"},
      {"de", "passwort vergessen"},
      {"de", "Video ruckelt ständig und bleibt schwarz"},
      {"de", "Kann ich in Raten zahlen?"},
      {"de", "wie leere ich den cache im browser"},
      {"de", "Warteliste Kids Ascension für meine Tochter"},
      {"en", "forgot my password, no reset email"},
      {"en", "can I listen to meditations offline on a plane"},
      {"en", "I need an invoice with my company VAT number"},
      {"en", "my card was declined at checkout"},
      {"en", "where is the zoom link for the live session"},
      {"en", "video keeps buffering on safari"},
  };

  private LuceneKnowledgeBase kb;
  private int next;

  @Setup
  public void setUp() {
    Path dir = Path.of(System.getProperty("workspace", "examples/ozean-licht"));
    List<KbArticle> reference = KbLoader.loadWorkspace(dir);
    if (reference.isEmpty()) {
      throw new IllegalStateException("workspace: no kb/ articles in " + dir.toAbsolutePath()
          + "; run from the repository root or pass -Dworkspace=DIR");
    }
    kb = LuceneKnowledgeBase.of(generate(reference, ARTICLES));
  }

  static List<KbArticle> generate(List<KbArticle> reference, int total) {
    List<KbArticle> out = new ArrayList<>(reference);
    List<String> de = vocabulary(reference, "de");
    List<String> en = vocabulary(reference, "en");
    List<String> categories = reference.stream().map(KbArticle::category).distinct().toList();
    Random random = new Random(42);
    for (int i = out.size(); i < total; i++) {
      boolean german = i % 2 == 0;
      List<String> words = german ? de : en;
      out.add(new KbArticle("generated-" + i, words(words, 3 + random.nextInt(5), random),
          categories.get(random.nextInt(categories.size())), german ? "de" : "en",
          List.of(pick(words, random), pick(words, random), pick(words, random)),
          words(words, 60 + random.nextInt(141), random)));
    }
    return out;
  }

  private static List<String> vocabulary(List<KbArticle> reference, String language) {
    Set<String> words = new LinkedHashSet<>();
    for (KbArticle a : reference) {
      if (a.language().equals(language)) {
        for (String w : (a.title() + " " + a.body()).split("[^\\p{L}\\p{N}-]+")) {
          if (w.length() > 1) {
            words.add(w.toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    return List.copyOf(words);
  }

  private static String pick(List<String> words, Random random) {
    return words.get(random.nextInt(words.size()));
  }

  private static String words(List<String> words, int n, Random random) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : " ").append(pick(words, random));
    }
    return b.toString();
  }

  @Benchmark
  public List<KbHit> search() {
    String[] q = QUERIES[next++ % QUERIES.length];
    return kb.search(q[1], q[0], 5);
  }
}
