package at.ozeanlicht.support.ai;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.spi.MessageAnalysis;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Measures the offline analyzer on the labelled evaluation set (src/test/resources/eval), prints
 * the figures and holds them above floors. The set is never used for training.
 */
class EvaluationTest {
  private static final OfflineMessageAnalyzer ANALYZER = new OfflineMessageAnalyzer();

  record Labelled(String language, String hint, String sentiment, String category,
      Set<String> sensitive, String text) {}

  record Figures(int n, double language, double sentiment, double category, double sensitivityRecall) {}

  static List<Labelled> load(String file) throws IOException {
    List<Labelled> out = new ArrayList<>();
    try (InputStream in = EvaluationTest.class.getResourceAsStream("/eval/" + file)) {
      for (String line : Text.lines(Objects.requireNonNull(in))) {
        String[] f = line.split("\t", 6);
        Set<String> sensitive = f[4].equals("-") ? Set.of() : Set.of(f[4].split(","));
        out.add(new Labelled(f[0], f[1], f[2], f[3], sensitive, f[5]));
      }
    }
    return out;
  }

  /** The set the lexicons and rules were tuned on. */
  @Test
  void evaluate_tuningSet_meetsFloors() throws IOException {
    Figures f = measure("messages.tsv");
    assertThat(f.n()).isGreaterThanOrEqualTo(150);
    assertThat(f.language()).as("language accuracy").isGreaterThanOrEqualTo(0.95);
    assertThat(f.sentiment()).as("sentiment accuracy").isGreaterThanOrEqualTo(0.80);
    assertThat(f.sensitivityRecall()).as("sensitivity recall").isGreaterThanOrEqualTo(0.95);
    assertThat(f.category()).as("category accuracy").isGreaterThanOrEqualTo(0.75);
  }

  /** Written after tuning and never tuned on: the honest estimate. */
  @Test
  void evaluate_holdoutSet_meetsFloors() throws IOException {
    Figures f = measure("holdout.tsv");
    assertThat(f.n()).isGreaterThanOrEqualTo(60);
    assertThat(f.language()).as("language accuracy").isGreaterThanOrEqualTo(0.90);
    assertThat(f.sentiment()).as("sentiment accuracy").isGreaterThanOrEqualTo(0.75);
    assertThat(f.sensitivityRecall()).as("sensitivity recall").isGreaterThanOrEqualTo(0.90);
  }

  private static Figures measure(String file) throws IOException {
    List<Labelled> set = load(file);
    int lang = 0;
    int mood = 0;
    int cat = 0;
    int sensitiveLabels = 0;
    int sensitiveFound = 0;
    int predictedSensitive = 0;
    int correctSensitive = 0;
    int messagesWithSensitive = 0;
    int messagesBlocked = 0;
    List<String> misses = new ArrayList<>();
    for (Labelled l : set) {
      MessageAnalysis a = ANALYZER.analyze(l.text(), l.hint().equals("-") ? null : l.hint());
      boolean langOk = l.language().equals(a.language() == null ? "-" : a.language());
      boolean moodOk = l.sentiment().equals(a.sentiment().name().toLowerCase(Locale.ROOT));
      boolean catOk = l.category().equals(a.category() == null ? "-" : a.category());
      lang += langOk ? 1 : 0;
      mood += moodOk ? 1 : 0;
      cat += catOk ? 1 : 0;
      for (String s : l.sensitive()) {
        sensitiveLabels++;
        if (a.sensitive().contains(s)) {
          sensitiveFound++;
        }
      }
      for (String s : a.sensitive()) {
        predictedSensitive++;
        if (l.sensitive().contains(s)) {
          correctSensitive++;
        }
      }
      if (!l.sensitive().isEmpty()) {
        messagesWithSensitive++;
        if (!a.sensitive().isEmpty()) {
          messagesBlocked++;
        }
      }
      boolean sensOk = a.sensitive().containsAll(l.sensitive());
      if (!langOk || !moodOk || !catOk || !sensOk) {
        misses.add(String.format(Locale.ROOT, "%s%s%s%s %-60.60s -> %s %s %.2f %s %s",
            langOk ? "." : "L", moodOk ? "." : "S", catOk ? "." : "C", sensOk ? "." : "!",
            l.text(), a.language(), a.sentiment().wire(), a.sentimentScore(), a.category(),
            new TreeSet<>(a.sensitive())));
      }
    }
    int n = set.size();
    double languageAccuracy = (double) lang / n;
    double sentimentAccuracy = (double) mood / n;
    double categoryAccuracy = (double) cat / n;
    double sensitivityRecall = (double) sensitiveFound / sensitiveLabels;
    double sensitivityPrecision = predictedSensitive == 0 ? 1 : (double) correctSensitive / predictedSensitive;
    double blockedRecall = (double) messagesBlocked / messagesWithSensitive;

    // Rough latency: warmed up, single thread, whole set repeated.
    for (int r = 0; r < 20; r++) {
      set.forEach(l -> ANALYZER.analyze(l.text(), null));
    }
    int rounds = 50;
    long start = System.nanoTime();
    for (int r = 0; r < rounds; r++) {
      set.forEach(l -> ANALYZER.analyze(l.text(), null));
    }
    double microsPerMessage = (System.nanoTime() - start) / 1000.0 / (rounds * (double) n);

    System.out.printf(Locale.ROOT, "%nOffline analyzer on %s, %d labelled messages:%n", file, n);
    System.out.printf(Locale.ROOT, "  language accuracy     %.3f (%d/%d)%n", languageAccuracy, lang, n);
    System.out.printf(Locale.ROOT, "  sentiment accuracy    %.3f (%d/%d)%n", sentimentAccuracy, mood, n);
    System.out.printf(Locale.ROOT, "  category accuracy     %.3f (%d/%d)%n", categoryAccuracy, cat, n);
    System.out.printf(Locale.ROOT, "  sensitivity recall    %.3f (%d/%d labels)%n", sensitivityRecall, sensitiveFound, sensitiveLabels);
    System.out.printf(Locale.ROOT, "  sensitivity precision %.3f (%d/%d flags)%n", sensitivityPrecision, correctSensitive, predictedSensitive);
    System.out.printf(Locale.ROOT, "  sensitive messages kept from AI %.3f (%d/%d)%n", blockedRecall, messagesBlocked, messagesWithSensitive);
    System.out.printf(Locale.ROOT, "  latency               %.1f µs per message (mean, one thread)%n", microsPerMessage);
    System.out.println("  misses (L=language S=sentiment C=category !=sensitive missed):");
    misses.forEach(m -> System.out.println("    " + m));

    return new Figures(n, languageAccuracy, sentimentAccuracy, categoryAccuracy, sensitivityRecall);
  }
}
