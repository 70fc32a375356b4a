/*
 * The analyzer as it was before the per-message CPU work (commit ef66bbe), kept verbatim but
 * renamed, only as the reference that the equivalence tests compare the production code with.
 */
package at.ozeanlicht.support.ai;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

  /** Squashes runs of three or more equal letters to {@code keep} letters ("soooo" to "so"). */
  static String squash(String norm, int keep) {
    StringBuilder b = new StringBuilder(norm.length());
    int run = 0;
    char prev = 0;
    for (int i = 0; i < norm.length(); i++) {
      char c = norm.charAt(i);
      run = c == prev ? run + 1 : 1;
      prev = c;
      if (run <= keep) {
        b.append(c);
      }
    }
    return b.toString();
  }

  static boolean hasRun(String norm) {
    for (int i = 2; i < norm.length(); i++) {
      if (norm.charAt(i) == norm.charAt(i - 1) && norm.charAt(i) == norm.charAt(i - 2)) {
        return true;
      }
    }
    return false;
  }

  /** Non-blank, non-comment lines of a bundled UTF-8 resource next to this class. */
  static List<String> resourceLines(String name) {
    try (InputStream in = ReferenceText.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing bundled resource " + name);
      }
      return lines(in);
    } catch (IOException e) {
      throw new UncheckedIOException("reading bundled resource " + name, e);
    }
  }

  static List<String> lines(InputStream in) throws IOException {
    List<String> out = new ArrayList<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        out.add(line);
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
