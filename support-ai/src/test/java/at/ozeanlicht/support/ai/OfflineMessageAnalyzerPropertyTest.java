package at.ozeanlicht.support.ai;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import at.ozeanlicht.support.core.spi.MessageAnalysis;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Any text, including control characters, surrogates and emoji, yields a valid analysis. */
class OfflineMessageAnalyzerPropertyTest {
  private static final OfflineMessageAnalyzer ANALYZER = new OfflineMessageAnalyzer();
  private static final long SEED = 20261125L;

  @Test
  void analyze_anyString_validAnalysis() {
    Gen<String> anyText = strings().allPossible().ofLengthBetween(0, 200)
        .mix(strings().betweenCodePoints(0x20, 0x1FAFF).ofLengthBetween(0, 80))
        .mix(strings().basicLatinAlphabet().ofLengthBetween(0, 60).map(s -> s + "!!! 😡 nicht"));
    qt().withFixedSeed(SEED).withExamples(1500)
        .forAll(anyText, hints())
        .check((text, hint) -> valid(ANALYZER.analyze(text, hint)));
  }

  private static Gen<String> hints() {
    return strings().basicLatinAlphabet().ofLengthBetween(0, 6)
        .mix(org.quicktheories.generators.SourceDSL.arbitrary().pick("de", "en", "fr", "DE-at", "xx", ""));
  }

  private static boolean valid(MessageAnalysis a) {
    return a.sentimentScore() >= -1 && a.sentimentScore() <= 1
        && a.confidence() >= 0 && a.confidence() <= 1
        && a.sentiment() != null && a.sensitive() != null
        && (a.language() == null || a.language().matches("[a-z]{2}"))
        && CategoryClassifier.SENSITIVE.containsAll(a.sensitive());
  }
}
