package at.ozeanlicht.support.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The one-pass word splitting gives the words of folding and then splitting. */
class TextNormalizerTest {
  private static final List<String> PIECES = List.of("a", "Z", "q", "0", "9", " ", "  ", "\n", "\t", ",",
      "!", "?", "-", "'", "’", "`", "´", "ä", "Ä", "ö", "Ö", "ü", "Ü", "ß", "ẞ", "é", "ç", "Å", "ñ", "😀",
      "Straße", "can't", "Rückerstattung", "über", "naïve", "İ", "\u0301", "_", "/", "12.5");

  @Test
  void words_anyText_sameAsFoldThenSplit() {
    Gen<String> texts = lists().of(integers().between(0, PIECES.size() - 1).map(PIECES::get))
        .ofSizeBetween(0, 40).map(l -> String.join("", l));
    qt().withFixedSeed(20261125L).withExamples(5000).forAll(texts).checkAssert(text ->
        assertThat(TextNormalizer.words(text)).as(text).isEqualTo(TextNormalizer.split(TextNormalizer.fold(text))));
  }
}
