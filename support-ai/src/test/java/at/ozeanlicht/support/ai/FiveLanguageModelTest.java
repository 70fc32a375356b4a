package at.ozeanlicht.support.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import org.junit.jupiter.api.Test;

/** The five-language view gives what OpenNLP's full model gives, restricted and renormalized. */
class FiveLanguageModelTest {
  private static final FiveLanguageModel FIVE = LanguageGuesser.Model.FIVE;
  private static final LanguageDetectorME FULL = new LanguageDetectorME(LanguageGuesser.Model.MODEL);

  /** OpenNLP's 103-language prediction, kept to FIVE's languages and renormalized. */
  private static double[] reference(String text) {
    double[] p = new double[FIVE.languages().size()];
    double total = 0;
    for (Language l : FULL.predictLanguages(text)) {
      int k = FIVE.languages().indexOf(l.getLang());
      if (k >= 0) {
        p[k] = l.getConfidence();
        total += l.getConfidence();
      }
    }
    for (int k = 0; k < p.length; k++) {
      p[k] /= total;
    }
    return p;
  }

  private static void assertSame(String text) {
    double[] mine = FIVE.predict(text);
    double[] theirs = reference(text);
    for (int k = 0; k < mine.length; k++) {
      assertThat(mine[k]).as("%s for %s", FIVE.languages().get(k), text)
          .isCloseTo(theirs[k], org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void predict_evaluationMessages_equalsTheFullModelRenormalized() throws IOException {
    List<String> texts = new ArrayList<>();
    EvaluationTest.load("messages.tsv").forEach(m -> texts.add(m.text()));
    EvaluationTest.load("holdout.tsv").forEach(m -> texts.add(m.text()));
    texts.addAll(List.of("Привет, как дела?", "こんにちは", "😀😀", "https://ozean-licht.at/kurs",
        "12345", "Das Video zur Morgenmeditation lädt nicht"));
    // What the normalizer fast paths special-case: '-' and everything from U+D83C up (the emoji
    // expression), URLs, e-mail, tags, retweets, faces, laughter, digits, white-space and runs.
    texts.addAll(List.of("life-changing", "a--b - c", "x\uFE0Fy", "a\uE000b", "a\uFFFDb", "\uD83D",
        "\uDFFF", "\uD83B\uD83B\uD83B", "Start-rt ok", "rt: hi", "RT x", "xp :-) ;( XD", "haha jaja HeHe",
        "hoho-ho", "10:30 Uhr", "mail@example.com", "#kurs @team", "http://x.at https://y.at/z",
        "a  \t b\n\n c", "aaa AaA bbbb", "  trimmed  ", "ẞ İ Σ ǅ", "\u0000\u0000\u0000", "- -- ---"));
    assertThat(texts).hasSizeGreaterThan(200);
    texts.forEach(FiveLanguageModelTest::assertSame);
  }

  @Test
  void predict_anyText_equalsTheFullModelRenormalized_andSumsToOne() {
    qt().withExamples(300).forAll(strings().betweenCodePoints(0x20, 0x24F).ofLengthBetween(0, 120))
        .checkAssert(text -> {
          assertSame(text);
          double sum = 0;
          for (double p : FIVE.predict(text)) {
            sum += p;
          }
          assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        });
  }

  @Test
  void predict_keepsTheOrderItWasGiven() {
    FiveLanguageModel reversed = new FiveLanguageModel(LanguageGuesser.Model.MODEL,
        List.of("ita", "spa", "fra", "eng", "deu"));
    double[] a = FIVE.predict("Ich kann mich nicht einloggen, bitte helft mir");
    double[] b = reversed.predict("Ich kann mich nicht einloggen, bitte helft mir");
    for (int k = 0; k < a.length; k++) {
      assertThat(b[4 - k]).as(FIVE.languages().get(k)).isCloseTo(a[k],
          org.assertj.core.data.Offset.offset(1e-12));
    }
    assertThat(a[0]).as("deu, first in FIVE, is the most likely").isEqualTo(
        java.util.Arrays.stream(a).max().orElseThrow());
  }

  @Test
  void constructor_unknownLanguage_namesIt() {
    assertThatThrownBy(() -> new FiveLanguageModel(LanguageGuesser.Model.MODEL, List.of("deu", "xxx")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("iso3").hasMessageContaining("xxx");
  }
}
