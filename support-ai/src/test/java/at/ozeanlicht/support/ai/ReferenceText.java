/*
 * The analyzer as it was before the per-message CPU work (commit ef66bbe), renamed, kept only as
 * the reference that AnalyzerEquivalenceTest compares the production code with. Helpers that did
 * not change (squash, hasRun, resource reading, the example parser) come from the main classes.
 */
package at.ozeanlicht.support.ai;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Normalization and tokenization shared by all analyzers. Stateless. */
final class ReferenceText {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}'’]+");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern CLAUSE_BREAK = Pattern.compile("[.,;:!?()\\n]");

  private ReferenceText() {}

  /** Case-folds, spells umlauts as ae/oe/ue and ß as ss, drops other accents and apostrophes. */
  static String fold(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(lower.length() + 4);
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      switch (c) {
        case 'ä' -> b.append("ae");
        case 'ö' -> b.append("oe");
        case 'ü' -> b.append("ue");
        case 'ß' -> b.append("ss");
        case '\'', '’' -> { }
        default -> b.append(c);
      }
    }
    String folded = b.toString();
    for (int i = 0; i < folded.length(); i++) {
      if (folded.charAt(i) > 0x7f) {
        return MARKS.matcher(Normalizer.normalize(folded, Normalizer.Form.NFD)).replaceAll("");
      }
    }
    return folded;
  }

  /** Words of {@code raw} in order, with the clause each belongs to. */
  static List<Token> tokens(String raw) {
    List<Token> out = new ArrayList<>();
    Matcher m = WORD.matcher(raw);
    int clause = 0;
    int last = 0;
    while (m.find()) {
      if (CLAUSE_BREAK.matcher(raw.substring(last, m.start())).find()) {
        clause++;
      }
      last = m.end();
      String word = m.group();
      String norm = fold(word);
      if (!norm.isEmpty()) {
        out.add(new Token(word, norm, clause));
      }
    }
    return out;
  }

  /** One word: as written (for caps) and folded (for look-ups). */
  record Token(String raw, String norm, int clause) {
    boolean caps() {
      int letters = 0;
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (Character.isLetter(c)) {
          if (!Character.isUpperCase(c)) {
            return false;
          }
          letters++;
        }
      }
      return letters >= 2;
    }
  }
}
