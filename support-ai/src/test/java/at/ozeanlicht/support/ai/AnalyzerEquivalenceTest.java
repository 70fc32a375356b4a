package at.ozeanlicht.support.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The analyzer gives exactly what it gave before its per-message CPU was cut (the {@code
 * Reference*} classes are that code, kept only here): the same tokens, language, sentiment,
 * category, sensitive topics and confidence for every evaluation message and for generated text
 * full of what the fast paths special-case (umlauts, emoji, digits, URLs, faces, laughter,
 * stretched words, white-space runs, odd Unicode). Language probabilities agree to 1e-9 (the sums
 * run in another order); everything else is equal.
 */
class AnalyzerEquivalenceTest {
  private static final long SEED = 20261126L;
  private static final OfflineMessageAnalyzer NEW = new OfflineMessageAnalyzer();
  private static final ReferenceAnalyzer OLD = new ReferenceAnalyzer();
  private static final LanguageGuesser LANGUAGE = new LanguageGuesser();
  private static final ReferenceLanguageGuesser OLD_LANGUAGE = new ReferenceLanguageGuesser();
  private static final SentimentScorer SENTIMENT = new SentimentScorer();
  private static final ReferenceSentimentScorer OLD_SENTIMENT = new ReferenceSentimentScorer();
  private static final CategoryClassifier CATEGORY = new CategoryClassifier(
      CategoryClassifier.parseExamples(Text.resourceLines("category-examples.tsv"), "examples"));
  private static final ReferenceCategoryClassifier OLD_CATEGORY = new ReferenceCategoryClassifier(
      CategoryClassifier.parseExamples(Text.resourceLines("category-examples.tsv"), "examples"));

  /** Pieces that generated messages are made of: words, and what the fast paths look for. */
  private static final List<String> PIECES = List.of("Hallo", "ich", "kann", "mich", "nicht",
      "einloggen", "Zahlung", "abgelehnt", "bitte", "Hilfe", "spüre", "Kribbeln", "lädt", "Video",
      "I", "would", "like", "a", "refund", "course", "it", "was", "not", "what", "expected",
      "nächste", "Kurs", "für", "Kinder", "Geld", "zurück", "Frechheit", "gar", "sehr", "gut",
      "schlecht", "kein", "Problem", "geht", "funktioniert", "can't", "login", "don’t", "love",
      "danke", "Dankeeee", "suuuuper", "soooo", "GAR", "NICHT", "TOLL", "aber", "but", "really",
      "hahaha", "HiHi", "jaja", "rt", "RT:", "xD", "XP", ":-)", ":(", ":'(", ";)", "<3", ":/",
      "https://ozean-licht.at/kurs", "mail@example.com", "#kurs", "@team", "12345", "2026",
      "😡", "🙏", "❤️", "😊", "👍🏽", "\uD83D", "\uDE00", "ÄÖÜ", "Straße", "STRASSE", "ẞ", "İstanbul",
      "ΣΟΦΙΑ", "ὈΔΥΣΣΕΎΣ", "café", "naïve", "Ångström", "e\u0301", "ñ", "¿", "¡", "ç", "œ",
      "Привет", "こんにちは", "٣", "Ⅻ", "½", "x²", " ", "  ", "\t", "\n", "\r\n", "\u00A0", "\u2028",
      ".", ",", ";", ":", "!", "!!!", "?", "??", "(", ")", "-", "'", "’", "'s", "_", "~", "aaa",
      "AAA", "aAa", "ß", "ŉ", "ǅ", "Ǆ", "İ", "\u0000", "\uFE0F", "x", "ex", "hj", "ho", "htt");

  private static final List<String> TEXTS = new ArrayList<>();
  private static final List<String> HINTS = new ArrayList<>();

  @BeforeAll
  static void load() throws IOException {
    for (String file : List.of("messages.tsv", "holdout.tsv")) {
      for (EvaluationTest.Labelled l : EvaluationTest.load(file)) {
        TEXTS.add(l.text());
        HINTS.add(l.hint().equals("-") ? null : l.hint());
      }
    }
    for (String s : List.of("", " ", "ok", "🙏", "Hallo", "a", "ß", "\uD83D", "   trimmed   ",
        "Das Video zur Morgenmeditation lädt nicht", "Wann beginnt der nächste Kurs für Kinder?",
        "Ich will mein Geld zurück, das ist eine Frechheit!!", "DAS IST EINE FRECHHEIT!!!",
        "x".repeat(5000), "Hallo ich kann nicht ".repeat(300), "😀".repeat(200))) {
      TEXTS.add(s);
      HINTS.add(null);
    }
  }

  @Test
  void evaluationMessages_sameResultsAsBefore() {
    assertThat(TEXTS).hasSizeGreaterThan(250);
    for (int i = 0; i < TEXTS.size(); i++) {
      assertSame(TEXTS.get(i), HINTS.get(i));
      assertSame(TEXTS.get(i), "de");
      assertSame(TEXTS.get(i), "en");
    }
  }

  @Test
  void generatedMessages_sameResultsAsBefore() {
    Gen<String> pieces = lists().of(integers().between(0, PIECES.size() - 1)).ofSizeBetween(0, 40)
        .map(AnalyzerEquivalenceTest::join);
    Gen<String> text = pieces
        .mix(strings().betweenCodePoints(0x20, 0x24F).ofLengthBetween(0, 120))
        .mix(strings().allPossible().ofLengthBetween(0, 60));
    Gen<String> hint = arbitrary().pick("de", "en", "fr", "es", "it", "DE-at", "en_GB", " EN ", "xx", "");
    qt().withFixedSeed(SEED).withExamples(600).forAll(text, hint).checkAssert(AnalyzerEquivalenceTest::assertSame);
  }

  private static String join(List<Integer> picks) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < picks.size(); i++) {
      int p = picks.get(i);
      b.append(PIECES.get(p));
      if (p % 3 != 0) {
        b.append(' ');
      }
    }
    return b.toString();
  }

  private static void assertSame(String text, String hint) {
    List<Text.Token> tokens = Text.tokens(text);
    List<ReferenceText.Token> oldTokens = ReferenceText.tokens(text);
    assertThat(tokens).as("tokens of %s", text).hasSameSizeAs(oldTokens);
    for (int i = 0; i < tokens.size(); i++) {
      Text.Token t = tokens.get(i);
      ReferenceText.Token o = oldTokens.get(i);
      assertThat(List.of(t.raw(), t.norm(), t.clause())).as("token %d of %s", i, text)
          .isEqualTo(List.of(o.raw(), o.norm(), o.clause()));
    }
    double[] p = LanguageGuesser.Model.FIVE.predict(text);
    double[] q = ReferenceLanguageGuesser.Model.FIVE.predict(text);
    for (int k = 0; k < p.length; k++) {
      assertThat(p[k]).as("p(%s) of %s", LanguageGuesser.Model.FIVE.languages().get(k), text)
          .isCloseTo(q[k], Offset.offset(1e-9));
    }
    assertThat(LANGUAGE.guess(text, tokens, hint)).as("language of %s", text)
        .isEqualTo(OLD_LANGUAGE.guess(text, oldTokens, hint));
    SentimentScorer.Result mood = SENTIMENT.score(text, tokens);
    ReferenceSentimentScorer.Result oldMood = OLD_SENTIMENT.score(text, oldTokens);
    assertThat(List.of(mood.sentiment(), mood.score())).as("sentiment of %s", text)
        .isEqualTo(List.of(oldMood.sentiment(), oldMood.score()));
    CategoryClassifier.Result topic = CATEGORY.classify(text, tokens);
    ReferenceCategoryClassifier.Result oldTopic = OLD_CATEGORY.classify(text, oldTokens);
    assertThat(topic.category()).as("category of %s", text).isEqualTo(oldTopic.category());
    assertThat(topic.sensitive()).as("sensitive of %s", text).isEqualTo(oldTopic.sensitive());
    assertThat(topic.confidence()).as("confidence of %s", text).isEqualTo(oldTopic.confidence());
    assertThat(NEW.analyze(text, hint)).as("analysis of %s", text).isEqualTo(OLD.analyze(text, hint));
  }
}
