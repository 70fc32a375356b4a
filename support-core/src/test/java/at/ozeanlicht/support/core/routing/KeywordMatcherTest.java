package at.ozeanlicht.support.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Word-by-word matching (cached per word, phrase stretches scanned) finds what the full views find. */
class KeywordMatcherTest {
  private static final long SEED = 20261125L;

  private static KeywordMatcher reference() throws IOException {
    Workspace ws = WorkspaceLoader.load(RoutingReferenceCasesTest.WORKSPACE);
    String yaml = Files.readString(RoutingReferenceCasesTest.WORKSPACE.resolve(RoutingLoader.FILE),
        StandardCharsets.UTF_8);
    return RoutingLoader.compile(ws, RoutingLoader.FILE, yaml).matcher();
  }

  /**
   * Every keyword's words and whole phrases, plain and inflected (German and English endings), and
   * fillers.
   */
  private static List<String> vocabulary(KeywordMatcher m) {
    Set<String> words = new LinkedHashSet<>(List.of("und", "ich", "the", "a", "nicht", "?", "zu"));
    for (int i = 0; i < m.size(); i++) {
      List<String> phrase = TextNormalizer.words(m.keyword(i).replace("*", ""));
      for (String end : List.of("", "e", "en", "er", "es", "s", "ung", "ed", "ing", "ly")) {
        for (String w : phrase) {
          words.add(w + end);
        }
        if (phrase.size() > 1) {
          words.add(String.join(end + " ", phrase) + end);
        }
      }
    }
    return new ArrayList<>(words);
  }

  @Test
  void match_referenceCases_sameAsFullViews() throws IOException {
    KeywordMatcher m = reference();
    KeywordMatcher.Scan reused = new KeywordMatcher.Scan();
    for (RoutingCases.Case c : RoutingCases.load(RoutingReferenceCasesTest.WORKSPACE.resolve("routing-cases.yaml"))) {
      List<String> words = TextNormalizer.words(c.request().text());
      assertThat(m.match(words)).as(c.request().text()).isEqualTo(m.matchFull(words));
      assertScanAgrees(m, reused, c.request().text());
    }
  }

  @Test
  void match_generatedTexts_sameAsFullViews() throws IOException {
    KeywordMatcher m = reference();
    List<String> vocabulary = vocabulary(m);
    Gen<String> texts = lists().of(integers().between(0, vocabulary.size() - 1).map(vocabulary::get))
        .ofSizeBetween(0, 30).map(l -> String.join(" ", l));
    KeywordMatcher.Scan reused = new KeywordMatcher.Scan();
    qt().withFixedSeed(SEED).withExamples(3000).forAll(texts).checkAssert(text -> {
      List<String> words = TextNormalizer.words(text);
      assertThat(m.match(words)).as(text).isEqualTo(m.matchFull(words));
      assertScanAgrees(m, reused, text);
    });
  }

  @Test
  void scan_textNeedingTheFullFold_startsOverWithTheSameWords() throws IOException {
    KeywordMatcher m = reference();
    KeywordMatcher.Scan reused = new KeywordMatcher.Scan();
    for (String text : List.of("Ich möchte mein Geld zurück, das Café war zu teuer — Rückerstattung bitte",
        "Can I get my money back? Crème brûlée course", "naïve question: wie kann ich stornieren?")) {
      assertScanAgrees(m, reused, text);
    }
  }

  /**
   * A scan of the text (one pass, cached words looked up by their characters, a reused scan) finds
   * the keywords {@code match} finds, and the fallback analysis's word facts.
   */
  private static void assertScanAgrees(KeywordMatcher m, KeywordMatcher.Scan reused, String text) {
    List<String> words = TextNormalizer.words(text);
    KeywordMatcher.Scan scan = m.scan(text, reused);
    assertThat(scan.found).as(text).isEqualTo(m.match(words));
    assertThat(scan.words).as(text).isEqualTo(words.size());
    for (String hint : java.util.Arrays.asList(null, "de", "en")) {
      assertThat(FallbackAnalysis.language(scan.german, scan.english, scan.words, hint)).as(text)
          .isEqualTo(FallbackAnalysis.language(words, hint));
    }
    assertThat(scan.firstAsks).as(text).isEqualTo(Condition.Question.asks("", words));
  }
}
